package io.github.statsd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.statsd.testing.UdsReceiver;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnixSocketTest {

    @TempDir
    Path dir;

    @Test
    void framesDogStatsdPacketsWithTheirLittleEndianLength() throws Exception {
        try (UdsReceiver agent = UdsReceiver.startFramed(dir.resolve("dsd.socket"))) {
            DogStatsdClient client = DogStatsdClient.create(StatsdConfig.builder()
                    .socketPath(agent.path().toString())
                    .flushInterval(Duration.ofHours(1))
                    .build());
            client.increment("hits", "k:v");
            client.gauge("temp", 21.5);
            client.close();
            assertThat(client.stats().sent()).isEqualTo(2);
            await().atMost(Duration.ofSeconds(5)).until(() -> agent.frames().size() == 1);
            // one frame, the payload a datagram would carry: no final newline
            assertThat(agent.frames()).containsExactly("hits:1|c|#k:v\ntemp:21.5|g");
            assertThat(agent.protocolErrors()).isZero();
        }
    }

    @Test
    void writesNewlineTerminatedLinesForOtherFlavours() throws Exception {
        try (UdsReceiver server = UdsReceiver.startLines(dir.resolve("statsd.socket"))) {
            StatsdClient client = StatsdClient.create(StatsdConfig.builder()
                    .host("unixstream://" + server.path())
                    .flavor(Flavor.TELEGRAF)
                    .build());
            assertThat(client.config().protocol()).isEqualTo(Protocol.UDS);
            assertThat(client.config().maxPacketSize()).isEqualTo(8192);
            client.increment("hits", "k:v");
            client.gauge("temp", 21.5);
            client.close();
            await().atMost(Duration.ofSeconds(5)).until(() -> server.lines().size() == 2);
            assertThat(server.lines()).containsExactly("hits,k=v:1|c", "temp:21.5|g");
        }
    }

    @Test
    void reconnectsWhenTheAgentRebindsItsSocket() throws Exception {
        try (UdsReceiver agent = UdsReceiver.startFramed(dir.resolve("dsd.socket"))) {
            DogStatsdClient client = DogStatsdClient.create(StatsdConfig.builder()
                    .host("unixstream://" + agent.path())
                    .flushInterval(Duration.ofMillis(20))
                    .build());
            try {
                reconnect(agent, client);
            } finally {
                client.close(); // also when an assertion fails: a sender left running would fail other tests
            }
            assertThat(agent.lines()).containsExactly("before:1|c", "during:1|c", "after:1|c");
            assertThat(agent.acceptedConnections()).isEqualTo(2);
            assertThat(agent.protocolErrors()).isZero();
            assertThat(client.stats().sent()).isEqualTo(3);
            assertThat(client.stats().dropped()).isZero();
        }
    }

    private static void reconnect(UdsReceiver agent, DogStatsdClient client) throws Exception {
        client.increment("before");
        await().atMost(Duration.ofSeconds(5)).until(() -> agent.lines().contains("before:1|c"));

        agent.stop();
        client.increment("during");
        agent.restart();
        await().atMost(Duration.ofSeconds(10))
                .alias("'during' arrives after the reconnect")
                .until(() -> agent.lines().contains("during:1|c"));
        client.increment("after");
        await().atMost(Duration.ofSeconds(5)).until(() -> agent.lines().contains("after:1|c"));
    }

    @Test
    void theProtocolSetBeforeAUnixAddressKeepsTheStreamSocket() throws Exception {
        try (UdsReceiver agent = UdsReceiver.startFramed(dir.resolve("dsd.socket"))) {
            DogStatsdClient client = DogStatsdClient.create(StatsdConfig.builder()
                    .protocol(Protocol.UDS)
                    .host("unix://" + agent.path())
                    .build());
            assertThat(client.config().protocol()).isEqualTo(Protocol.UDS);
            client.increment("hits");
            client.close();
            await().atMost(Duration.ofSeconds(5)).until(() -> agent.frames().size() == 1);
            assertThat(agent.frames()).containsExactly("hits:1|c");
        }
    }

    @Test
    void countsWhatCannotBeSentWhenNoAgentListens() throws Exception {
        StatsdClient client = DogStatsdClient.create(StatsdConfig.builder()
                .socketPath(dir.resolve("nobody.socket").toString())
                .closeTimeout(Duration.ofMillis(200))
                .errorHandler(e -> {})
                .build());
        client.increment("lost");
        client.close();
        assertThat(client.stats().sent()).isZero();
        assertThat(client.stats().droppedClosed()).isEqualTo(1);
    }
}
