package io.github.statsd;

import static io.github.statsd.Loopback.awaiting;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.statsd.testing.UdsDatagramReceiver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Unix datagram transport against a real datagram socket: jnr-unixsocket on Java 17 to 21, the FFM API on Java 22+
 * (the failsafe run of this class, on the multi-release jar).
 */
class UnixDatagramTest {

    @TempDir
    Path dir;

    @Test
    void sendsOnePacketPerDatagramWithoutALengthPrefixOrFinalNewline() throws Exception {
        try (UdsDatagramReceiver agent = UdsDatagramReceiver.start(dir.resolve("dsd.socket"))) {
            DogStatsdClient client = DogStatsdClient.create(StatsdConfig.builder()
                    .host("unix://" + agent.path())
                    .flushInterval(Duration.ofHours(1))
                    .build());
            assertThat(client.config().protocol()).isEqualTo(Protocol.UDS_DATAGRAM);
            assertThat(client.config().maxPacketSize()).isEqualTo(8192);
            client.increment("hits", "k:v");
            client.gauge("temp", 21.5);
            client.close();
            assertThat(client.stats().sent()).isEqualTo(2);
            awaiting().until(() -> agent.datagrams().size() == 1);
            assertThat(agent.datagrams()).containsExactly("hits:1|c|#k:v\ntemp:21.5|g");
        }
    }

    @Test
    void splitsLinesIntoDatagramsOfAtMostTheMaxPacketSize() throws Exception {
        try (UdsDatagramReceiver agent = UdsDatagramReceiver.start(dir.resolve("dsd.socket"))) {
            StatsdClient client = StatsdClient.create(StatsdConfig.builder()
                    .host("unixgram://" + agent.path())
                    .flavor(Flavor.TELEGRAF)
                    .maxPacketSize(64)
                    .flushInterval(Duration.ofHours(1))
                    .build());
            List<String> expected = new ArrayList<>();
            // 8 datagrams: fewer than a Unix datagram socket may hold unread by default (net.unix.max_dgram_qlen, 10)
            for (int i = 0; i < 16; i++) {
                client.count("requests." + i, i, "route:r" + i);
                expected.add("requests." + i + ",route=r" + i + ":" + i + "|c");
            }
            client.close();
            long packets = client.stats().packetsSent();
            awaiting().until(() -> agent.datagrams().size() == packets);
            assertThat(agent.lines()).containsExactlyElementsOf(expected);
            assertThat(agent.datagrams())
                    .hasSizeGreaterThan(1)
                    .allSatisfy(d -> assertThat(d.getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
                            .isLessThanOrEqualTo(64))
                    .allSatisfy(d -> assertThat(d).doesNotEndWith("\n"));
        }
    }

    @Test
    void followsAnAgentRestartWithoutAnApplicationRestartAndCountsWhatWasLost() throws Exception {
        try (UdsDatagramReceiver agent = UdsDatagramReceiver.start(dir.resolve("dsd.socket"))) {
            DogStatsdClient client = DogStatsdClient.create(StatsdConfig.builder()
                    .host("unix://" + agent.path())
                    .flushInterval(Duration.ofMillis(5))
                    .queueCapacity(16)
                    .errorHandler(e -> {})
                    .build());
            long calls = 0;
            try {
                client.increment("before");
                calls++;
                awaiting().until(() -> agent.lines().contains("before:1|c"));

                // the Agent goes away: its socket file is removed
                agent.stop();
                for (int i = 0; i < 1000; i++) {
                    client.increment("during");
                }
                calls += 1000;
                // what the client could not send is counted, as it waits for the socket file to come back
                awaiting().until(() -> client.stats().dropped() > 0);

                // the Agent is back, at a new socket of the same path: the client follows
                agent.restart();
                long[] after = {0};
                awaiting().until(() -> {
                    client.increment("after");
                    after[0]++;
                    return agent.lines().contains("after:1|c");
                });
                calls += after[0];
            } finally {
                client.close();
            }
            StatsdStats stats = client.stats();
            assertThat(stats.sent() + stats.dropped()).isEqualTo(calls);
            assertThat(stats.dropped()).isPositive();
        }
    }

    @Test
    void followsASocketFileReCreatedUnderAConnectedClient() throws Exception {
        try (UdsDatagramReceiver agent = UdsDatagramReceiver.start(dir.resolve("dsd.socket"))) {
            DogStatsdClient client = DogStatsdClient.create(StatsdConfig.builder()
                    .host("unix://" + agent.path())
                    .flushInterval(Duration.ofMillis(5))
                    .errorHandler(e -> {})
                    .build());
            try {
                client.increment("before");
                awaiting().until(() -> agent.lines().contains("before:1|c"));
                // no send in between: the client is still connected to the old socket
                agent.stop();
                agent.restart();
                awaiting().until(() -> {
                    client.increment("after");
                    return agent.lines().contains("after:1|c");
                });
            } finally {
                client.close();
            }
        }
    }

    @Test
    void aReceiverThatStopsReadingCostsCountedDropsNeverABlockedCaller() throws Exception {
        try (UdsDatagramReceiver agent = UdsDatagramReceiver.startNotReading(dir.resolve("dsd.socket"))) {
            DogStatsdClient client = DogStatsdClient.create(StatsdConfig.builder()
                    .host("unix://" + agent.path())
                    .errorHandler(e -> {})
                    .build());
            int calls = 100_000;
            try {
                for (int i = 0; i < calls; i++) {
                    client.increment("busy", "n:" + (i % 100));
                }
                // the sender goes on while nobody reads: the datagrams the full socket refuses are dropped
                awaiting().until(() -> client.stats().droppedIoError() > 0);
            } finally {
                client.close();
            }
            StatsdStats stats = client.stats();
            assertThat(stats.sent() + stats.dropped()).isEqualTo(calls);
            assertThat(stats.droppedIoError()).isPositive();
            // what was sent is there once the receiver reads
            agent.resume();
            long sentPackets = stats.packetsSent();
            awaiting().until(() -> agent.datagrams().size() == sentPackets);
        }
    }
}
