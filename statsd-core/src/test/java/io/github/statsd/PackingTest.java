package io.github.statsd;

import static io.github.statsd.Loopback.awaiting;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.statsd.testing.TcpReceiver;
import io.github.statsd.testing.UdpReceiver;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class PackingTest {

    private static final int MAX = 200;
    /** Long enough that only full packets are sent before close. */
    private static final Duration NO_FLUSH = Duration.ofSeconds(60);

    /** Lines of varied lengths, all distinct. */
    private static String name(int thread, int i) {
        return "t" + thread + ".m" + i + ".x" + "x".repeat(i % 37);
    }

    private static int bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    @Test
    void packsLinesIntoFullDatagramsNeverOverTheLimitNorSplit() throws Exception {
        int calls = 3000;
        List<String> expected = new ArrayList<>();
        try (UdpReceiver receiver = UdpReceiver.start()) {
            StatsdClient client = StatsdClient.create(Loopback.udp(receiver)
                    .maxPacketSize(MAX)
                    // the sender never falls 1/16 of this behind, so it packs every call: when callers take over
                    // packing, the sender first sends what it had packed, a part-filled datagram
                    .queueCapacity(100_000)
                    .flushInterval(NO_FLUSH)
                    .build());
            for (int i = 0; i < calls; i++) {
                client.count(name(0, i), i);
                expected.add(name(0, i) + ":" + i + "|c");
            }
            client.close();

            assertFullDatagrams(
                    Loopback.receivedAfterClose(receiver, client), receiver.packets(), expected, client.stats());
        }
    }

    @Test
    void cutsTheLinesACallerPackedIntoFullDatagrams() throws Exception {
        // Graphite lines are always packed by the callers, in buffers of several datagrams
        int calls = 3000;
        List<String> expected = new ArrayList<>();
        try (UdpReceiver receiver = UdpReceiver.start()) {
            GraphiteClient graphite = GraphiteClient.create(GraphiteClientTest.udp(receiver)
                    .maxPacketSize(MAX)
                    .flushInterval(NO_FLUSH)
                    .build());
            for (int i = 0; i < calls; i++) {
                graphite.send(name(0, i), i);
                expected.add(name(0, i) + " " + i + " 1700000000");
            }
            graphite.close();
            List<String> lines = awaiting().until(receiver::lines, l -> l.size() >= calls);

            assertFullDatagrams(lines, receiver.packets(), expected, graphite.stats());
        }
    }

    @Test
    void fillsBuffersWhoseSizeIsAMultipleOfACacheLine() throws Exception {
        // 1,023-byte datagrams and their newlines make buffers of 4 x 1,024 bytes: a caller touches each 64-byte line
        // of a buffer before writing into it, up to its last byte and not past it
        try (UdpReceiver receiver = UdpReceiver.start()) {
            GraphiteClient graphite = GraphiteClient.create(GraphiteClientTest.udp(receiver)
                    .maxPacketSize(1023)
                    .flushInterval(NO_FLUSH)
                    .build());
            graphite.send("a", 1);
            graphite.send("b", 2);
            graphite.close();
            assertThat(graphite.stats().sent()).isEqualTo(2);
            assertThat(awaiting().until(receiver::lines, l -> l.size() >= 2))
                    .containsExactly("a 1 1700000000", "b 2 1700000000");
        }
    }

    /** Every line arrived whole, in datagrams within the limit, each full but the last one. */
    private static void assertFullDatagrams(
            List<String> lines, List<String> packets, List<String> expected, StatsdStats stats) {
        assertThat(lines).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(packets).allSatisfy(p -> assertThat(bytes(p)).isLessThanOrEqualTo(MAX));
        // a datagram is closed only when the next line does not fit: only the last one may have room left
        int longest = expected.stream().mapToInt(PackingTest::bytes).max().orElseThrow();
        assertThat(packets.stream().filter(p -> bytes(p) + 1 + longest <= MAX)).hasSizeLessThanOrEqualTo(1);
        assertThat(stats.packetsSent()).isEqualTo(packets.size());
        // a datagram goes without its last newline
        assertThat(stats.bytesSent())
                .isEqualTo(packets.stream().mapToLong(PackingTest::bytes).sum());
        assertThat(stats.sent()).isEqualTo(expected.size());
    }

    @Test
    void packsManyLinesPerDatagramUnderConcurrentLoad() throws Exception {
        int threads = 4;
        int perThread = 5000;
        List<String> expected = Collections.synchronizedList(new ArrayList<>());
        try (UdpReceiver receiver = UdpReceiver.start()) {
            StatsdClient client = StatsdClient.create(Loopback.udp(receiver)
                    .maxPacketSize(MAX)
                    .queueCapacity(threads * perThread)
                    .flushInterval(NO_FLUSH)
                    .build());
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                workers.add(new Thread(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    for (int i = 0; i < perThread; i++) {
                        client.count(name(thread, i), i);
                        expected.add(name(thread, i) + ":" + i + "|c");
                    }
                }));
            }
            workers.forEach(Thread::start);
            start.countDown();
            for (Thread w : workers) {
                w.join();
            }
            client.close();
            List<String> lines = Loopback.receivedAfterClose(receiver, client);
            List<String> packets = receiver.packets();

            assertThat(client.stats().dropped()).isZero();
            assertThat(lines).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(packets).allSatisfy(p -> assertThat(bytes(p)).isLessThanOrEqualTo(MAX));
            double meanLine =
                    expected.stream().mapToInt(PackingTest::bytes).average().orElseThrow() + 1;
            double fullPacket = MAX / meanLine;
            assertThat((double) lines.size() / packets.size()).isGreaterThan(fullPacket / 2);
        }
    }

    @Test
    void dropsAndCountsALineLargerThanAPacket() throws Exception {
        int max = 100;
        String fits = "f".repeat(max - ":1|c".length());
        String tooLong = "o".repeat(max - ":1|c".length() + 1);
        try (UdpReceiver receiver = UdpReceiver.start()) {
            StatsdClient client = StatsdClient.create(
                    Loopback.udp(receiver).maxPacketSize(max).build());
            client.increment("before");
            client.increment(tooLong);
            client.increment(fits);
            client.increment("after");
            client.close();
            List<String> lines = Loopback.receivedAfterClose(receiver, client);

            assertThat(lines).containsExactlyInAnyOrder("before:1|c", fits + ":1|c", "after:1|c");
            assertThat(receiver.packets()).contains(fits + ":1|c");
            StatsdStats stats = client.stats();
            assertThat(stats.droppedOversize()).isEqualTo(1);
            assertThat(stats.sent()).isEqualTo(3);
            assertThat(stats.dropped()).isEqualTo(1);
        }
    }

    @Test
    void dropsAnOversizedMultiByteLineWithoutCuttingIt() throws Exception {
        int max = 64;
        // 30 three-byte characters: 90 bytes, though only 30 chars
        String wide = "\u65e5".repeat(30);
        try (UdpReceiver receiver = UdpReceiver.start()) {
            StatsdClient client = StatsdClient.create(
                    Loopback.udp(receiver).maxPacketSize(max).build());
            client.set("users", wide);
            client.increment("after");
            client.close();

            assertThat(Loopback.receivedAfterClose(receiver, client)).containsExactly("after:1|c");
            assertThat(client.stats().droppedOversize()).isEqualTo(1);
        }
    }

    @Test
    void terminatesEveryTcpLineWithANewline() throws Exception {
        int calls = 2000;
        List<String> expected = new ArrayList<>();
        try (TcpReceiver receiver = TcpReceiver.start()) {
            StatsdClient client = StatsdClient.create(
                    Loopback.tcp(receiver).maxPacketSize(128).build());
            for (int i = 0; i < calls; i++) {
                client.count(name(0, i), i);
                expected.add(name(0, i) + ":" + i + "|c");
            }
            String exactlyMax = "e".repeat(128 - ":1|c".length());
            client.increment(exactlyMax);
            expected.add(exactlyMax + ":1|c");
            client.close();

            assertThat(client.stats().sent()).isEqualTo(calls + 1);
            // the receiver keeps only newline-terminated lines: the last one too must have its newline
            awaiting().until(() -> receiver.lines().size() >= calls + 1);
            assertThat(receiver.lines()).containsExactlyInAnyOrderElementsOf(expected);
            // over a stream every line is counted with its newline
            assertThat(client.stats().bytesSent())
                    .isEqualTo(
                            expected.stream().mapToLong(line -> bytes(line) + 1).sum());
        }
    }
}
