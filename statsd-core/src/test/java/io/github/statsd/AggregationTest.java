package io.github.statsd;

import static io.github.statsd.Loopback.awaiting;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.github.statsd.internal.Aggregator;
import io.github.statsd.testing.UdpReceiver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class AggregationTest {

    static StatsdConfig.Builder aggregating(UdpReceiver receiver, Duration interval) {
        return StatsdConfig.builder()
                .host("127.0.0.1")
                .port(receiver.port())
                .flavor(Flavor.DATADOG)
                .aggregation(true)
                .aggregationInterval(interval)
                .flushInterval(Duration.ofMillis(20));
    }

    /** Closes the client and waits until every line it sent has arrived. */
    static List<String> closeAndReceive(StatsdClient client, UdpReceiver receiver) {
        client.close();
        long sent = client.stats().sent();
        awaiting().until(() -> receiver.lines().size() >= sent);
        return receiver.lines();
    }

    /** The sum of the values of counter lines named with one character, such as {@code c:3|c}. */
    private static long sumOfValues(List<String> lines) {
        return lines.stream()
                .mapToLong(l -> Long.parseLong(l.substring(2, l.indexOf('|'))))
                .sum();
    }

    /** Runs {@code body} in {@code threads} threads started together, and waits for them all. */
    private static void inThreads(int threads, Runnable body) throws InterruptedException {
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                body.run();
            });
            worker.start();
            workers.add(worker);
        }
        start.countDown();
        for (Thread worker : workers) {
            worker.join();
        }
    }

    @Test
    void sumsCountersExactlyAcrossThreadsWindowsAndClose() throws Exception {
        int threads = 4;
        int perThread = 5_000;
        int names = 50;
        try (UdpReceiver receiver = UdpReceiver.start()) {
            StatsdClient client = StatsdClient.create(
                    aggregating(receiver, Duration.ofMillis(30)).build());
            inThreads(threads, () -> {
                for (int i = 0; i < perThread; i++) {
                    client.count("c" + (i % names), 1 + (i % 3), "k:v");
                }
            });
            List<String> lines = closeAndReceive(client, receiver);

            Map<String, Long> expected = new HashMap<>();
            for (int i = 0; i < perThread; i++) {
                expected.merge("c" + (i % names), (long) threads * (1 + (i % 3)), Long::sum);
            }
            Map<String, Long> received = new HashMap<>();
            for (String line : lines) {
                assertThat(line).matches("c\\d+:\\d+\\|c\\|#k:v");
                String name = line.substring(0, line.indexOf(':'));
                long value = Long.parseLong(line.substring(line.indexOf(':') + 1, line.indexOf('|')));
                received.merge(name, value, Long::sum);
            }
            assertThat(received).isEqualTo(expected);

            StatsdStats stats = client.stats();
            assertThat(stats.dropped()).isZero();
            assertThat(stats.sent()).isEqualTo(lines.size());
            assertThat(stats.sent() + stats.dropped() + stats.aggregated()).isEqualTo((long) threads * perThread);
            assertThat(stats.aggregated()).isPositive();
        }
    }

    @Test
    void sendsOneLinePerCounterKeyWhateverTheNumberOfThreads() throws Exception {
        // more threads than get tables of their own: the rest count in the shared stripes, and the flush adds it up
        int threads = Aggregator.MAX_LOCALS + 4;
        int perThread = 2_000;
        int names = 20;
        try (UdpReceiver receiver = UdpReceiver.start()) {
            StatsdClient client = StatsdClient.create(
                    aggregating(receiver, Duration.ofHours(1)).build());
            inThreads(threads, () -> {
                for (int i = 0; i < perThread; i++) {
                    client.increment("c" + (i % names), "k:v");
                }
            });
            assertThat(client.aggregator().threadTables()).isEqualTo(Aggregator.MAX_LOCALS);
            List<String> lines = closeAndReceive(client, receiver);

            List<String> expected = new ArrayList<>();
            for (int n = 0; n < names; n++) {
                expected.add("c" + n + ":" + (threads * perThread / names) + "|c|#k:v");
            }
            assertThat(lines).containsExactlyInAnyOrderElementsOf(expected);
            StatsdStats stats = client.stats();
            assertThat(stats.sent()).isEqualTo(names);
            assertThat(stats.aggregated()).isEqualTo((long) threads * perThread - names);
        }
    }

    @Test
    void releasesTheCounterTablesOfEndedThreads() throws Exception {
        try (UdpReceiver receiver = UdpReceiver.start()) {
            StatsdClient client = StatsdClient.create(
                    aggregating(receiver, Duration.ofMillis(20)).build());
            int threads = Aggregator.MAX_LOCALS * 2;
            for (int t = 0; t < threads; t++) {
                Thread worker = new Thread(() -> client.increment("c"));
                worker.start();
                worker.join();
                // an ended thread's table goes at the next flush, so every thread in turn gets one of its own
                await().atMost(Duration.ofSeconds(5))
                        .until(() -> client.aggregator().threadTables() == 0);
            }
            List<String> lines = closeAndReceive(client, receiver);
            assertThat(sumOfValues(lines)).isEqualTo(threads);
            StatsdStats stats = client.stats();
            assertThat(stats.sent() + stats.aggregated()).isEqualTo(threads);
        }
    }

    @Test
    void sendsNewKeysDirectlyPastTheKeyLimit() throws Exception {
        int keys = Aggregator.MAX_KEYS + 10;
        try (UdpReceiver receiver = UdpReceiver.start()) {
            StatsdClient client = StatsdClient.create(aggregating(receiver, Duration.ofHours(1))
                    .queueCapacity(100_000)
                    .build());
            for (int round = 0; round < 2; round++) {
                for (int i = 0; i < keys; i++) {
                    client.increment("k" + i);
                }
            }
            List<String> lines = closeAndReceive(client, receiver);
            // the first MAX_KEYS keys are summed, the ten past the limit go out call by call
            assertThat(lines).hasSize(Aggregator.MAX_KEYS + 20);
            assertThat(lines.stream().filter(l -> l.endsWith(":2|c"))).hasSize(Aggregator.MAX_KEYS);
            assertThat(lines.stream().filter(l -> l.endsWith(":1|c"))).hasSize(20);
            StatsdStats stats = client.stats();
            assertThat(stats.dropped()).isZero();
            assertThat(stats.aggregated()).isEqualTo(Aggregator.MAX_KEYS);
        }
    }

    @Test
    void sendsTheLastWindowOnClose() throws Exception {
        try (UdpReceiver receiver = UdpReceiver.start()) {
            StatsdClient client = StatsdClient.create(
                    aggregating(receiver, Duration.ofHours(1)).build());
            client.count("a", 1);
            client.count("a", 2);
            client.gauge("g", 1);
            client.gauge("g", 5.5);
            client.set("s", "x");
            client.set("s", "y");
            client.set("s", "x");
            client.set("n", 7);
            client.set("n", 7);
            List<String> lines = closeAndReceive(client, receiver);
            assertThat(lines).containsExactlyInAnyOrder("a:3|c", "g:5.5|g", "s:x|s", "s:y|s", "n:7|s");
            StatsdStats stats = client.stats();
            assertThat(stats.sent()).isEqualTo(5);
            assertThat(stats.aggregated()).isEqualTo(4);
            assertThat(stats.dropped()).isZero();
        }
    }

    @Test
    void sendsEachWindowOnItsOwn() throws Exception {
        try (UdpReceiver receiver = UdpReceiver.start()) {
            StatsdClient client = StatsdClient.create(
                    aggregating(receiver, Duration.ofMillis(50)).build());
            client.increment("w");
            await().atMost(Duration.ofSeconds(5)).until(() -> receiver.lines().contains("w:1|c"));
            // the first window went out without close(); the next calls may fall in one window or two
            client.increment("w");
            client.increment("w");
            List<String> lines = closeAndReceive(client, receiver);
            assertThat(lines.get(0)).isEqualTo("w:1|c");
            assertThat(sumOfValues(lines)).isEqualTo(3);
        }
    }

    @Test
    void keepsSampledCountersApartAndSendsTheSumWithItsRate() throws Exception {
        try (UdpReceiver receiver = UdpReceiver.start()) {
            StatsdClient client = StatsdClient.create(
                    aggregating(receiver, Duration.ofHours(1)).build());
            for (int i = 0; i < 1_000; i++) {
                client.count("c", 1, 0.5);
            }
            client.count("c", 1);
            List<String> lines = closeAndReceive(client, receiver);
            long kept = 1_000 - client.stats().sampledOut();
            assertThat(lines).containsExactlyInAnyOrder("c:" + kept + "|c|@0.5", "c:1|c");
        }
    }

    @Test
    void treatsTagsAsPartOfTheKey() throws Exception {
        try (UdpReceiver receiver = UdpReceiver.start()) {
            StatsdClient client = StatsdClient.create(
                    aggregating(receiver, Duration.ofHours(1)).build());
            client.increment("c", "a:1");
            client.increment("c", "a:1");
            client.increment("c", "a:2");
            client.increment("c");
            List<String> lines = closeAndReceive(client, receiver);
            assertThat(lines).containsExactlyInAnyOrder("c:2|c|#a:1", "c:1|c|#a:2", "c:1|c");
        }
    }

    @Test
    void neverAggregatesTimersHistogramsDistributionsOrGaugeDeltas() throws Exception {
        try (UdpReceiver receiver = UdpReceiver.start()) {
            DogStatsdClient client = DogStatsdClient.create(
                    aggregating(receiver, Duration.ofHours(1)).build());
            client.timing("t", 5);
            client.timing("t", 5);
            client.histogram("h", 1);
            client.histogram("h", 1);
            client.distribution("d", 2);
            client.distribution("d", 2);
            List<String> lines = closeAndReceive(client, receiver);
            assertThat(lines).containsExactly("t:5|ms", "t:5|ms", "h:1|h", "h:1|h", "d:2|d", "d:2|d");
            assertThat(client.stats().aggregated()).isZero();
        }
        try (UdpReceiver receiver = UdpReceiver.start()) {
            StatsdClient client = StatsdClient.create(aggregating(receiver, Duration.ofHours(1))
                    .flavor(Flavor.ETSY)
                    .build());
            client.gaugeDelta("g", 2);
            client.gaugeDelta("g", 2);
            List<String> lines = closeAndReceive(client, receiver);
            assertThat(lines).containsExactly("g:+2|g", "g:+2|g");
        }
    }

    @Test
    void sendsDirectlyAfterClose() throws Exception {
        try (UdpReceiver receiver = UdpReceiver.start()) {
            StatsdClient client = StatsdClient.create(
                    aggregating(receiver, Duration.ofHours(1)).build());
            client.increment("before");
            client.close();
            client.increment("after");
            StatsdStats stats = client.stats();
            assertThat(stats.sent()).isEqualTo(1);
            assertThat(stats.droppedClosed()).isEqualTo(1);
        }
    }

    @Test
    void isOffByDefaultWithATwoSecondWindow() {
        StatsdConfig config = StatsdConfig.builder().build();
        assertThat(config.aggregation()).isFalse();
        assertThat(config.aggregationInterval()).isEqualTo(Duration.ofSeconds(2));
        StatsdConfig on = StatsdConfig.builder().aggregation(true).build();
        assertThat(on.toBuilder().build()).isEqualTo(on);
        assertThat(on).isNotEqualTo(config);
        for (Duration bad : new Duration[] {Duration.ZERO, Duration.ofSeconds(-1), null}) {
            assertThatThrownBy(() ->
                            StatsdConfig.builder().aggregationInterval(bad).build())
                    .isInstanceOf(StatsdConfigException.class)
                    .extracting(e -> ((StatsdConfigException) e).option())
                    .isEqualTo("aggregationInterval");
        }
    }
}
