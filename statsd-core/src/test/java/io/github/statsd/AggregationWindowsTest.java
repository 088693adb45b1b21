package io.github.statsd;

import static io.github.statsd.AggregationTest.aggregating;
import static io.github.statsd.AggregationTest.closeAndReceive;
import static io.github.statsd.Loopback.awaiting;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.statsd.internal.Aggregator;
import io.github.statsd.testing.UdpReceiver;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Aggregation over several short windows, from several threads, and around {@code close()}: what a window sends, that
 * it forgets it at the flush, that idle keys are evicted, and what happens to calls made once it is closed.
 */
class AggregationWindowsTest {

    /** Counts once with a new name and waits for its line: every window before it has been flushed. */
    private static void awaitAFlush(StatsdClient client, UdpReceiver receiver, String marker) {
        client.increment(marker);
        awaiting().until(() -> receiver.lines().contains(marker + ":1|c"));
    }

    private static Set<Thread> aggregatorThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("statsd-aggregator-"))
                .collect(Collectors.toSet());
    }

    /** Creates a client and returns it with the aggregator thread it started. */
    private static Thread threadStartedBy(Runnable create) {
        Set<Thread> before = aggregatorThreads();
        create.run();
        Set<Thread> started = aggregatorThreads();
        started.removeAll(before);
        assertThat(started).hasSize(1);
        return started.iterator().next();
    }

    /**
     * Starts as many threads as get counter tables of their own, each counting {@code name} once, and keeps them alive
     * until the returned latch is counted down: the caller's thread then counts in the shared stripes.
     */
    private static CountDownLatch takeEveryCounterTable(StatsdClient client, String name) {
        CountDownLatch release = new CountDownLatch(1);
        for (int t = 0; t < Aggregator.MAX_LOCALS; t++) {
            Thread holder = new Thread(() -> {
                client.increment(name);
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            holder.setDaemon(true);
            holder.start();
        }
        awaiting().until(() -> client.aggregator().threadTables() == Aggregator.MAX_LOCALS);
        return release;
    }

    @ParameterizedTest(name = "shared stripes: {0}")
    @ValueSource(booleans = {false, true})
    void startsEveryWindowAfreshSoNothingIsCountedTwiceOrSentAgain(boolean sharedStripes) throws Exception {
        try (UdpReceiver receiver = UdpReceiver.start()) {
            StatsdClient client = StatsdClient.create(
                    aggregating(receiver, Duration.ofMillis(50)).build());
            CountDownLatch release = sharedStripes ? takeEveryCounterTable(client, "holders") : new CountDownLatch(0);

            client.increment("c");
            client.gauge("g", 3);
            client.set("s", "x");
            client.set("n", 7);
            awaiting().until(() -> receiver.lines().containsAll(List.of("c:1|c", "g:3|g", "s:x|s", "n:7|s")));
            // a later window: the counter starts again from zero, the gauge and sets are not sent again, and a set
            // sends only the members added in it
            client.increment("c");
            client.set("s", "y");
            awaiting().until(() -> receiver.lines().contains("s:y|s"));
            // windows that saw no call send nothing, and the flusher goes on after them
            awaitAFlush(client, receiver, "marker1");
            awaitAFlush(client, receiver, "marker2");
            release.countDown();
            List<String> lines = closeAndReceive(client, receiver);

            assertThat(lines.stream().filter(l -> !l.startsWith("holders:")))
                    .containsExactlyInAnyOrder(
                            "c:1|c", "c:1|c", "g:3|g", "s:x|s", "s:y|s", "n:7|s", "marker1:1|c", "marker2:1|c");
            assertThat(lines.stream()
                            .filter(l -> l.startsWith("holders:"))
                            .mapToLong(l -> Long.parseLong(l.substring("holders:".length(), l.indexOf('|'))))
                            .sum())
                    .isEqualTo(sharedStripes ? Aggregator.MAX_LOCALS : 0);
            assertThat(client.stats().dropped()).isZero();
        }
    }

    @ParameterizedTest(name = "shared stripes: {0}")
    @ValueSource(booleans = {false, true})
    void sumsEachWindowExactly(boolean sharedStripes) throws Exception {
        try (UdpReceiver receiver = UdpReceiver.start()) {
            StatsdClient client = StatsdClient.create(
                    aggregating(receiver, Duration.ofMillis(30)).build());
            CountDownLatch release = sharedStripes ? takeEveryCounterTable(client, "holders") : new CountDownLatch(0);
            long expected = 0;
            for (int window = 1; window <= 5; window++) {
                for (int i = 0; i < 100; i++) {
                    client.count("c", window);
                    expected += window;
                }
                awaitAFlush(client, receiver, "window" + window);
            }
            release.countDown();
            List<String> lines = closeAndReceive(client, receiver);

            assertThat(lines.stream()
                            .filter(l -> l.startsWith("c:"))
                            .mapToLong(l -> Long.parseLong(l.substring(2, l.indexOf('|'))))
                            .sum())
                    .isEqualTo(expected);
            StatsdStats stats = client.stats();
            assertThat(stats.dropped()).isZero();
            assertThat(stats.sent() + stats.aggregated())
                    .isEqualTo(500 + 5 + (sharedStripes ? Aggregator.MAX_LOCALS : 0));
        }
    }

    @Test
    void keepsAWindowOpenForItsWholeLengthAndIdlesBetweenFlushes() throws Exception {
        int windowMillis = 300;
        try (UdpReceiver receiver = UdpReceiver.start()) {
            long start = System.nanoTime();
            StatsdClient[] client = new StatsdClient[1];
            Thread flusher = threadStartedBy(() -> client[0] = StatsdClient.create(
                    aggregating(receiver, Duration.ofMillis(windowMillis)).build()));
            client[0].increment("first");
            awaiting().until(() -> receiver.lines().contains("first:1|c"));
            // a lower bound only: the first window cannot end before its length has passed
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .isGreaterThanOrEqualTo(Duration.ofMillis(windowMillis));

            // a flusher that waits for its windows uses next to no CPU; one that polls uses all it gets
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            assumeTrue(threads.isThreadCpuTimeSupported());
            threads.setThreadCpuTimeEnabled(true);
            @SuppressWarnings("deprecation") // getId() is final on 17; threadId() needs 19
            long id = flusher.getId();
            long cpuBefore = threads.getThreadCpuTime(id);
            Thread.sleep(2L * windowMillis); // an idle stretch of two windows: there is nothing to wait for
            long cpu = threads.getThreadCpuTime(id) - cpuBefore;
            assertThat(Duration.ofNanos(cpu)).isLessThan(Duration.ofMillis(windowMillis / 6));

            awaitAFlush(client[0], receiver, "after");
            closeAndReceive(client[0], receiver);
        }
    }

    @Test
    void sendsOneLinePerGaugeAndSetMemberWhateverTheNumberOfThreads() throws Exception {
        int threads = 8;
        int perThread = 200;
        try (UdpReceiver receiver = UdpReceiver.start()) {
            StatsdClient client = StatsdClient.create(
                    aggregating(receiver, Duration.ofHours(1)).build());
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Thread worker = new Thread(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    for (int i = 0; i < perThread; i++) {
                        client.gauge("g", 5L, "k:v");
                        client.set("s", "m", "k:v");
                        client.set("n", 9L);
                    }
                });
                worker.start();
                workers.add(worker);
            }
            start.countDown();
            for (Thread worker : workers) {
                worker.join();
            }
            List<String> lines = closeAndReceive(client, receiver);

            assertThat(lines).containsExactlyInAnyOrder("g:5|g|#k:v", "s:m|s|#k:v", "n:9|s");
            StatsdStats stats = client.stats();
            assertThat(stats.sent()).isEqualTo(3);
            assertThat(stats.aggregated()).isEqualTo(3L * threads * perThread - 3);
        }
    }

    @ParameterizedTest(name = "calls from a new thread: {0}")
    @ValueSource(booleans = {false, true})
    void countsEveryCallMadeAfterCloseAsDroppedClosed(boolean newThread) throws Exception {
        try (UdpReceiver receiver = UdpReceiver.start()) {
            StatsdClient client = StatsdClient.create(
                    aggregating(receiver, Duration.ofHours(1)).build());
            // this thread and a stripe already hold a table and keys: the calls after close meet them closed
            client.increment("c");
            client.gauge("g", 1);
            client.set("s", "x");
            List<String> lines = closeAndReceive(client, receiver);
            assertThat(lines).containsExactlyInAnyOrder("c:1|c", "g:1|g", "s:x|s");

            Runnable after = () -> {
                client.increment("c");
                client.gauge("g", 2);
                client.gauge("g2", 2.5);
                client.set("s", "y");
                client.set("n", 3L);
            };
            if (newThread) {
                Thread caller = new Thread(after);
                caller.start();
                caller.join();
            } else {
                after.run();
            }

            StatsdStats stats = client.stats();
            assertThat(stats.droppedClosed()).isEqualTo(5);
            assertThat(stats.sent()).isEqualTo(3);
            assertThat(stats.aggregated()).isZero();
            assertThat(client.aggregator().threadTables()).isLessThanOrEqualTo(1);
        }
    }

    @ParameterizedTest(name = "window {0}")
    @ValueSource(strings = {"PT1H", "PT0.05S"})
    void runsItsFlusherOnADaemonThreadThatEndsWithClose(Duration window) throws Exception {
        try (UdpReceiver receiver = UdpReceiver.start()) {
            StatsdClient[] client = new StatsdClient[1];
            Thread flusher = threadStartedBy(() -> client[0] =
                    StatsdClient.create(aggregating(receiver, window).build()));
            assertThat(flusher.isDaemon()).isTrue();
            assertThat(flusher.isAlive()).isTrue();

            client[0].close();

            awaiting().until(() -> !flusher.isAlive());
        }
    }

    @Test
    void countsTheLastWindowAsDroppedClosedWhenTheEngineClosedFirst() throws Exception {
        try (UdpReceiver receiver = UdpReceiver.start()) {
            StatsdClient client = StatsdClient.create(
                    aggregating(receiver, Duration.ofHours(1)).build());
            client.increment("c");
            client.increment("c");
            client.increment("d");
            client.gauge("g", 1);
            client.set("s", "x");
            client.set("s", "y");

            client.engine.close();
            client.close();

            StatsdStats stats = client.stats();
            // c, d, g, s:x, s:y could not be handed over; the second c was merged before that
            assertThat(stats.droppedClosed()).isEqualTo(5);
            assertThat(stats.aggregated()).isEqualTo(1);
            assertThat(stats.sent()).isZero();
        }
    }

    @Test
    void keepsKeysWhoseHashesCollideApart() throws Exception {
        // "Aa" and "BB" have the same String.hashCode(), so their keys hash alike
        assertThat("Aa".hashCode()).isEqualTo("BB".hashCode());
        try (UdpReceiver receiver = UdpReceiver.start()) {
            StatsdClient client = StatsdClient.create(
                    aggregating(receiver, Duration.ofHours(1)).build());
            for (String name : new String[] {"Aa", "BB", "Aa"}) {
                client.increment(name);
                client.gauge(name, (long) name.charAt(0));
                client.set(name, name);
            }
            List<String> lines = closeAndReceive(client, receiver);

            assertThat(lines).containsExactlyInAnyOrder("Aa:2|c", "BB:1|c", "Aa:65|g", "BB:66|g", "Aa:Aa|s", "BB:BB|s");
        }
    }

    @Test
    void countsAWindowThatFindsTheEngineClosedOnce() throws Exception {
        try (UdpReceiver receiver = UdpReceiver.start()) {
            StatsdClient client = StatsdClient.create(
                    aggregating(receiver, Duration.ofMillis(20)).build());
            // only a test closes the engine under an open aggregator: its windows then find no engine to take them
            client.engine.close();
            client.gauge("g", 1);
            client.set("s", "x");
            client.increment("first");
            awaiting().until(() -> client.stats().droppedClosed() >= 3);
            assertThat(client.stats().droppedClosed()).isEqualTo(3);
            // later windows, each proven by a counter of its own, count nothing of the earlier ones again
            for (int window = 1; window <= 3; window++) {
                client.increment("later" + window);
                long expected = 3 + window;
                awaiting().until(() -> client.stats().droppedClosed() >= expected);
                assertThat(client.stats().droppedClosed()).isEqualTo(expected);
            }
            client.close();
            assertThat(client.stats().droppedClosed()).isEqualTo(6);
            assertThat(client.stats().sent()).isZero();
        }
    }

    @Test
    void holdsAtMostMaxKeysGaugesAndSendsTheRestDirectly() throws Exception {
        // twice as many keys as may be held: every stripe fills up to its share, the rest go out call by call
        int keys = 2 * Aggregator.MAX_KEYS;
        try (UdpReceiver receiver = UdpReceiver.start()) {
            StatsdClient client = StatsdClient.create(aggregating(receiver, Duration.ofHours(1))
                    .queueCapacity(100_000)
                    .build());
            for (int i = 0; i < keys; i++) {
                client.gauge("g" + i, 1L);
                client.gauge("g" + i, 2L);
            }
            client.close();

            // the stats, not the lines received: this many datagrams may overflow the receiver's socket buffer
            StatsdStats stats = client.stats();
            assertThat(stats.dropped()).isZero();
            assertThat(stats.aggregated()).isEqualTo(Aggregator.MAX_KEYS);
            assertThat(stats.sent()).isEqualTo(2L * keys - Aggregator.MAX_KEYS);
        }
    }

    @Test
    void keepsTheCallersInterruptStatusThroughClose() throws Exception {
        try (UdpReceiver receiver = UdpReceiver.start()) {
            // repeated: the sender may still hold the last window's packet when the interrupt cuts the drain short
            for (int i = 0; i < 50; i++) {
                StatsdClient client = StatsdClient.create(
                        aggregating(receiver, Duration.ofHours(1)).build());
                client.increment("c");

                Thread.currentThread().interrupt();
                try {
                    client.close();
                } finally {
                    assertThat(Thread.interrupted()).isTrue();
                }
                // counted, sent or dropped, when close() returns: the interrupt cut the drain short, not the count
                assertThat(client.stats().sent() + client.stats().dropped())
                        .as("round %d", i)
                        .isEqualTo(1);
            }
        }
    }

    @Test
    void evictsIdleKeysSoThatNewKeysAreAggregatedAgain() throws Exception {
        int keys = Aggregator.MAX_KEYS;
        try (UdpReceiver receiver = UdpReceiver.start()) {
            StatsdClient client = StatsdClient.create(aggregating(receiver, Duration.ofMillis(100))
                    .queueCapacity(100_000)
                    .build());
            // the marker takes its counter entry before the tables fill up: a marker call made later would go out
            // directly, and its count would then prove no flush at all
            client.increment("marker");
            for (int i = 1; i < keys; i++) {
                client.increment("old" + i);
                client.gauge("old" + i, 1L);
            }
            // a marker call is counted, sent or merged, only at the first flush after it: the first such flush sends
            // the old keys, the next one finds them idle and drops them
            long calls = 1 + 2L * (keys - 1);
            for (int marker = 1; marker <= 2; marker++) {
                client.increment("marker");
                long counted = calls + marker;
                awaiting().until(() -> {
                    StatsdStats s = client.stats();
                    return s.sent() + s.aggregated() >= counted;
                });
            }
            for (int i = 0; i < keys; i++) {
                client.increment("new" + i);
                client.increment("new" + i);
                client.gauge("new" + i, 1L);
                client.gauge("new" + i, 2L);
            }
            client.close();

            // the old keys were each called once, so nearly every call merged was a new key's second counter or gauge
            // call (2 x keys at most, less those that met a flush in between): old counters or gauges kept would have
            // left no room, and those new keys would have gone out call by call
            StatsdStats stats = client.stats();
            assertThat(stats.dropped()).isZero();
            assertThat(stats.aggregated()).isGreaterThan(keys * 3L / 2);
        }
    }
}
