package io.github.statsd;

import static io.github.statsd.Loopback.awaiting;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.statsd.testing.UdpReceiver;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchTest {

    @Test
    void batchArrivesAsOneDatagramEvenWithAFrequentFlush() throws Exception {
        try (UdpReceiver receiver = UdpReceiver.start();
                StatsdClient client = StatsdClient.create(Loopback.udp(receiver)
                        .flavor(Flavor.DATADOG)
                        .flushInterval(Duration.ofMillis(1))
                        .build())) {
            List<String> expected = new ArrayList<>();
            Batch batch = client.batch();
            for (int i = 0; i < 20; i++) {
                batch.count("requests", i, "shard:" + i);
                expected.add("requests:" + i + "|c|#shard:" + i);
            }
            batch.gauge("temp", 21.5)
                    .set("users", "alice")
                    .timing("latency", 12)
                    .timing("latency", Duration.ofMillis(3));
            expected.addAll(List.of("temp:21.5|g", "users:alice|s", "latency:12|ms", "latency:3|ms"));

            assertThat(batch.size()).isEqualTo(24);
            batch.send();

            awaiting().until(() -> receiver.lines().size() >= 24);
            assertThat(receiver.packets()).containsExactly(String.join("\n", expected));
            assertThat(client.stats().sent()).isEqualTo(24);
        }
    }

    @Test
    void largeBatchIsPackedIntoAsFewPacketsAsTheLimitAllows() throws Exception {
        int max = 200;
        List<String> expected = new ArrayList<>();
        try (UdpReceiver receiver = UdpReceiver.start()) {
            StatsdClient client = StatsdClient.create(Loopback.udp(receiver)
                    .maxPacketSize(max)
                    .flushInterval(Duration.ofMillis(1))
                    .build());
            Batch batch = client.batch();
            for (int i = 0; i < 100; i++) {
                batch.count("batch.metric." + i, i);
                expected.add("batch.metric." + i + ":" + i + "|c");
            }
            batch.send();
            client.close();
            Loopback.receivedAfterClose(receiver, client);
            List<String> packets = receiver.packets();

            assertThat(packets).allSatisfy(p -> assertThat(p.getBytes(StandardCharsets.UTF_8).length)
                    .isLessThanOrEqualTo(max));
            assertThat(String.join("\n", packets)).isEqualTo(String.join("\n", expected));
            assertThat(packets).hasSize(fewestPackets(expected, max));
        }
    }

    /** Greedy packing in order, which is optimal for keeping order. */
    private static int fewestPackets(List<String> lines, int max) {
        int packets = 0;
        int used = max + 1;
        for (String line : lines) {
            int len = line.getBytes(StandardCharsets.UTF_8).length;
            if (used + 1 + len > max) {
                packets++;
                used = len;
            } else {
                used += 1 + len;
            }
        }
        return packets;
    }

    @Test
    void invalidEntriesAreCountedAndTheRestSent() throws Exception {
        try (UdpReceiver receiver = UdpReceiver.start()) {
            StatsdClient client = StatsdClient.create(Loopback.udp(receiver).build());
            Batch batch = client.batch()
                    .count(null, 1)
                    .count("", 1)
                    .gauge("temp", Double.NaN)
                    .count("hits", 1, 1.5)
                    .set("users", null)
                    .timing("latency", -1)
                    .timing("latency", (Duration) null)
                    .count("ok", 1);
            batch.send();
            client.close();

            assertThat(batch.size()).isEqualTo(1);
            assertThat(Loopback.receivedAfterClose(receiver, client)).containsExactly("ok:1|c");
            assertThat(client.stats().droppedInvalid()).isEqualTo(7);
            assertThat(client.stats().sent()).isEqualTo(1);
        }
    }

    @Test
    void everyAddReturnsTheBatchItself() {
        try (StatsdClient client = StatsdClient.create(StatsdConfig.builder().build())) {
            Batch batch = client.batch();
            assertThat(batch.count("c", 1)).isSameAs(batch);
            assertThat(batch.count("c", 1, 0.5)).isSameAs(batch);
            assertThat(batch.gauge("g", 1.5)).isSameAs(batch);
            assertThat(batch.set("s", "m")).isSameAs(batch);
            assertThat(batch.set("s", "")).isSameAs(batch);
            assertThat(batch.timing("t", 5)).isSameAs(batch);
            assertThat(batch.timing("t", java.time.Duration.ofMillis(5))).isSameAs(batch);
            assertThat(batch.timing("t", (java.time.Duration) null)).isSameAs(batch);
        }
    }

    @Test
    void aBatchIsSentOnlyOnce() throws Exception {
        try (UdpReceiver receiver = UdpReceiver.start()) {
            StatsdClient client = StatsdClient.create(Loopback.udp(receiver).build());
            Batch batch = client.batch().count("hits", 1);
            batch.send();
            batch.send();
            // a call on a sent batch is refused but still chains
            assertThat(batch.count("late", 1)).isSameAs(batch);
            batch.send();
            client.close();

            assertThat(Loopback.receivedAfterClose(receiver, client)).containsExactly("hits:1|c");
            assertThat(client.stats().droppedInvalid()).isEqualTo(1);
        }
    }

    @Test
    void sampledEntriesCarryTheRate() throws Exception {
        try (UdpReceiver receiver = UdpReceiver.start()) {
            StatsdClient client = StatsdClient.create(Loopback.udp(receiver).build());
            Batch batch = client.batch();
            for (int i = 0; i < 200; i++) {
                batch.count("hits", 1, 0.5);
            }
            int accepted = batch.size();
            batch.send();
            client.close();

            // none or all of 200 kept at 0.5 has a probability of 2^-200
            assertThat(accepted).isBetween(1, 199);
            assertThat(Loopback.receivedAfterClose(receiver, client))
                    .hasSize(accepted)
                    .containsOnly("hits:1|c|@0.5");
            assertThat(client.stats().sampledOut()).isEqualTo(200 - accepted);
        }
    }

    @Test
    void aBatchSentAfterCloseIsCountedAsDroppedClosed() throws Exception {
        try (UdpReceiver receiver = UdpReceiver.start()) {
            StatsdClient client = StatsdClient.create(Loopback.udp(receiver).build());
            Batch batch = client.batch().count("a", 1).count("b", 2).gauge("c", 3);
            client.close();
            batch.send();

            assertThat(client.stats().droppedClosed()).isEqualTo(3);
            assertThat(client.stats().sent()).isZero();
        }
    }
}
