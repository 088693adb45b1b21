package io.github.statsd;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The clients for tests: the no-op client, and a client whose lines go to a sink, read after a flush. */
class TestingClientsTest {

    private static List<String> liveThreadNames() {
        List<String> names = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            names.add(t.getName());
        }
        return names;
    }

    @Test
    void noopClientStartsNothingSendsNothingAndItsStatsReadZero() {
        List<String> before = liveThreadNames();
        StatsdClient client = StatsdClient.noop();
        DogStatsdClient dog = DogStatsdClient.noop();
        List<String> started = liveThreadNames();
        started.removeAll(before);
        assertThat(started).noneMatch(n -> n.startsWith("statsd"));

        client.increment("a");
        client.gauge("g", 1);
        client.count("bad", 1, 7.0);
        client.batch().count("b", 1).send();
        client.time("t", () -> {});
        dog.histogram("h", 1);
        dog.event(Event.builder("title", "text").build());
        assertThat(client.flush()).isTrue();

        StatsdStats zero = new StatsdStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        assertThat(client.stats()).isEqualTo(zero);
        assertThat(dog.stats()).isEqualTo(zero);
        assertThat(client.senderStatus()).isEqualTo(new SenderStatus(0, 0, 0, 0));
        assertThat(dog.config().flavor()).isEqualTo(Flavor.DATADOG);
        client.close();
        client.increment("after");
        assertThat(client.isClosed()).isTrue();
        assertThat(client.stats()).isEqualTo(zero);
        dog.close();
    }

    @Test
    void lineSinkGetsTheLinesOfTheSameEncodersAfterAFlushWithoutWaiting() {
        List<String> lines = new CopyOnWriteArrayList<>();
        StatsdConfig config = StatsdConfig.builder()
                .prefix("shop")
                .constantTags("env:test")
                .flavor(Flavor.DATADOG)
                .host("unresolvable.invalid")
                .flushInterval(Duration.ofHours(1))
                .build();
        try (DogStatsdClient client = DogStatsdClient.create(config, lines::add)) {
            client.increment("orders", "region:eu");
            client.gauge("temp|x", -2);
            client.histogram("size", 3.5);
            client.counter("meter").count(4);
            client.event(Event.builder("deploy", "done").build());
            assertThat(client.flush()).isTrue();
            assertThat(lines)
                    .containsExactly(
                            "shop.orders:1|c|#env:test,region:eu",
                            "shop.temp_x:-2|g|#env:test",
                            "shop.size:3.5|h|#env:test",
                            "shop.meter:4|c|#env:test",
                            "_e{6,4}:deploy|done|#env:test");
            assertThat(client.stats().sent()).isEqualTo(5);
        }
    }

    @Test
    void flushEndsTheAggregationWindow() {
        List<String> lines = new CopyOnWriteArrayList<>();
        StatsdConfig config = StatsdConfig.builder()
                .aggregation(true)
                .aggregationInterval(Duration.ofHours(1))
                .build();
        try (StatsdClient client = StatsdClient.create(config, lines::add)) {
            client.increment("hits");
            client.increment("hits");
            client.gauge("g", 1);
            client.gauge("g", 5);
            assertThat(client.flush()).isTrue();
            assertThat(lines).containsExactlyInAnyOrder("hits:2|c", "g:5|g");
            assertThat(client.stats().aggregated()).isEqualTo(2);
        }
    }

    @Test
    void flushWaitsForEverySenderAndEveryCallingThread() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        StatsdConfig config = StatsdConfig.builder()
                .senderThreads(4)
                .maxPacketSize(256)
                .queueCapacity(4096)
                .flushInterval(Duration.ofHours(1))
                .build();
        int threads = 4;
        int perThread = 5_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (StatsdClient client = StatsdClient.create(config, lines::add)) {
            CountDownLatch done = new CountDownLatch(threads);
            for (int t = 0; t < threads; t++) {
                int id = t;
                pool.execute(() -> {
                    for (int i = 0; i < perThread; i++) {
                        client.count("t" + id, i);
                    }
                    done.countDown();
                });
            }
            assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(client.flush()).isTrue();
            StatsdStats stats = client.stats();
            assertThat(lines).hasSize((int) stats.sent());
            assertThat(stats.sent() + stats.droppedQueueFull()).isEqualTo((long) threads * perThread);
            assertThat(stats.sent()).isPositive();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aSinkThatThrowsCountsTheLinesAsIoErrors() {
        StatsdConfig config = StatsdConfig.builder().build();
        try (StatsdClient client = StatsdClient.create(config, line -> {
            throw new IllegalStateException("sink down");
        })) {
            client.increment("a");
            assertThat(client.flush()).isTrue();
            assertThat(client.stats().droppedIoError()).isEqualTo(1);
            assertThat(client.stats().sent()).isZero();
        }
    }

    @Test
    void flushAnswersFalseWhenASenderCannotWriteWithinTheCloseTimeout() throws Exception {
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        StatsdConfig config =
                StatsdConfig.builder().closeTimeout(Duration.ofMillis(200)).build();
        try (StatsdClient client = StatsdClient.create(config, line -> {
            // the sender thread is held inside its first write, as by a server that stopped reading
            writing.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        })) {
            client.increment("held");
            assertThat(client.flush()).isFalse();
            assertThat(writing.await(10, TimeUnit.SECONDS)).isTrue();

            release.countDown();
            assertThat(client.flush()).isTrue();
            assertThat(client.stats().sent()).isEqualTo(1);
        }
    }
}
