package io.github.statsd;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.statsd.testing.UdpReceiver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Short metric calls are kept as records (references and numbers) and encoded by the sender; long ones, and entries
 * other than metrics, are encoded in the caller's thread. Either way the wire must carry each call as it was made, in
 * the order one thread made them.
 */
class CallsKeptAsRecordsTest {

    private static final String LONG_NAME = "long." + "n".repeat(400);

    @Test
    void keepsAThreadsOrderAcrossRecordsAndEntriesEncodedInTheCaller() throws Exception {
        List<String> lines = Loopback.linesSentBy(
                // one sender, and no flush to take the caller's stripe from it meanwhile
                StatsdConfig.builder().senderThreads(1).flushInterval(Duration.ofMinutes(1)), client -> {
                    client.gauge("g", 1);
                    client.batch().gauge("g", 2).send();
                    client.gauge("g", 3);
                    client.gauge(LONG_NAME, 4);
                    client.gauge("g", 5, "a", "b", "c", "d", "e", "f", "seventh");
                    client.gauge("g", 6);
                });

        assertThat(lines)
                .containsExactly(
                        "g:1|g",
                        "g:2|g",
                        "g:3|g",
                        LONG_NAME + ":4|g",
                        // the ETSY flavour appends tags to the name
                        "g.a.b.c.d.e.f.seventh:5|g",
                        "g:6|g");
    }

    @Test
    void packsRecordsAndEntriesEncodedInTheCallerIntoFullDatagrams() throws Exception {
        int max = 1_432;
        List<String> expected = new ArrayList<>();
        List<String> packets;
        try (UdpReceiver receiver = UdpReceiver.start()) {
            StatsdClient client = StatsdClient.create(Loopback.udp(receiver)
                    .maxPacketSize(max)
                    .senderThreads(1)
                    .flushInterval(Duration.ofMinutes(1))
                    .build());
            for (int i = 0; i < 2_000; i++) {
                // every third call too long to be kept as a record
                String name = i % 3 == 0 ? "long." + "n".repeat(300) + i : "short." + i;
                client.count(name, i);
                expected.add(name + ":" + i + "|c");
            }
            client.close();
            assertThat(Loopback.receivedAfterClose(receiver, client)).containsExactlyElementsOf(expected);
            packets = receiver.packets();
        }
        int longest = expected.stream().mapToInt(String::length).max().orElseThrow();
        // a datagram goes when the next entry does not fit: only the last one may have room left for any
        assertThat(packets.stream().filter(p -> p.length() + 1 + longest <= max))
                .hasSizeLessThanOrEqualTo(1);
    }

    @Test
    void writesEveryTagOfACallWithMoreTagsThanARecordHolds() throws Exception {
        List<String> lines = Loopback.linesSentBy(
                StatsdConfig.builder().flavor(Flavor.DATADOG),
                client -> client.increment("n", "t1", "t2", "t3", "t4", "t5", "t6", "t7", "t8"));

        assertThat(lines).containsExactly("n:1|c|#t1,t2,t3,t4,t5,t6,t7,t8");
    }

    @Test
    void sendsEveryKeptCallWithinTheFlushIntervalWithoutClose() throws Exception {
        try (UdpReceiver receiver = UdpReceiver.start()) {
            StatsdClient client = StatsdClient.create(Loopback.udp(receiver)
                    .flavor(Flavor.DATADOG)
                    .flushInterval(Duration.ofMillis(100))
                    .build());
            try {
                // more calls than one packet holds as records (4 x 119) or as lines: a full packet goes to the sender,
                // which has some lines left over
                List<String> expected = new ArrayList<>();
                for (int i = 0; i < 600; i++) {
                    client.count("kept", i, "i:" + i);
                    expected.add("kept:" + i + "|c|#i:" + i);
                }
                Loopback.awaiting().until(() -> receiver.lines().size() >= expected.size());
                assertThat(receiver.lines()).containsExactlyInAnyOrderElementsOf(expected);
                assertThat(client.stats().sent()).isEqualTo(expected.size());
            } finally {
                client.close();
            }
        }
    }

    @Test
    void countsAnOversizedLineInTheCallersThread() throws Exception {
        try (UdpReceiver receiver = UdpReceiver.start()) {
            StatsdClient client = StatsdClient.create(Loopback.udp(receiver).build());
            try {
                client.increment("x".repeat(2_000));
                // no wait: the call itself found the line too large, no sender was involved
                assertThat(client.stats().droppedOversize()).isEqualTo(1);
            } finally {
                client.close();
            }
        }
    }
}
