package io.github.statsd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.statsd.testing.TcpReceiver;
import io.github.statsd.testing.UdpReceiver;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The overloads of issue 19: sample rates everywhere they make sense, time units, instants, batches, defaults. */
class ClientApiTest {

    private static final int CALLS = 200;

    /** Makes CALLS calls at rate 0.5 and returns the lines; the stats must add up. */
    private static List<String> sampled(Consumer<StatsdClient> call) throws Exception {
        return sampled(1, call);
    }

    /** Makes CALLS calls of {@code metrics} metrics each at rate 0.5 and returns the lines. */
    private static List<String> sampled(int metrics, Consumer<StatsdClient> call) throws Exception {
        StatsdClient[] used = new StatsdClient[1];
        List<String> lines = Loopback.linesSentBy(StatsdConfig.builder(), client -> {
            used[0] = client;
            for (int i = 0; i < CALLS; i++) {
                call.accept(client);
            }
        });
        StatsdStats stats = used[0].stats();
        assertThat(stats.sent() + stats.sampledOut()).isEqualTo((long) metrics * CALLS);
        // 2^-200 that either is zero by chance
        assertThat(stats.sent()).isPositive();
        assertThat(stats.sampledOut()).isPositive();
        assertThat(lines).hasSize((int) stats.sent());
        return lines;
    }

    @Test
    void incrementAndDecrementTakeASampleRate() throws Exception {
        assertThat(sampled(c -> c.increment("hits", 0.5, "a:b"))).containsOnly("hits.a.b:1|c|@0.5");
        assertThat(sampled(c -> c.decrement("stock", 0.5))).containsOnly("stock:-1|c|@0.5");
    }

    @Test
    void setsTakeASampleRate() throws Exception {
        assertThat(sampled(c -> c.set("users", "alice", 0.5))).containsOnly("users:alice|s|@0.5");
        assertThat(sampled(c -> c.set("ids", 42L, 0.5))).containsOnly("ids:42|s|@0.5");
    }

    @Test
    void timeScopesAndTasksTakeASampleRate() throws Exception {
        int[] ran = new int[1];
        List<String> lines = sampled(3, c -> {
            StatsdClient.Timing t = c.time("scope", 0.5);
            ran[0]++;
            t.close();
            c.time("task", () -> ran[0]++, 0.5);
            c.time("supplier", () -> ran[0]++, 0.5);
        });
        // every task ran, sampled or not
        assertThat(ran[0]).isEqualTo(3 * CALLS);
        assertThat(lines).allMatch(l -> l.matches("(scope|task|supplier):[0-9.]+\\|ms\\|@0\\.5"), "timer lines");
    }

    @Test
    void metersTakeASampleRateAtCreation() throws Exception {
        assertThat(sampled(c -> c.counter("hits", 0.5, "x").increment())).containsOnly("hits.x:1|c|@0.5");
        assertThat(sampled(c -> c.timer("db", 0.5).record(7))).containsOnly("db:7|ms|@0.5");
    }

    @Test
    void aMeterWithARateOutOfRangeIsRefusedAtCreation() {
        StatsdClient client = StatsdClient.noop();
        assertThatThrownBy(() -> client.counter("c", 0.0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> client.timer("t", 1.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> client.timer("t", Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void callsWithARateOutOfRangeAreCountedAsInvalid() throws Exception {
        StatsdClient[] used = new StatsdClient[1];
        List<String> lines = Loopback.linesSentBy(StatsdConfig.builder(), c -> {
            used[0] = c;
            c.increment("a", 0.0);
            c.decrement("a", 1.5);
            c.set("s", "m", -1);
            c.set("s", 1L, Double.NaN);
            c.time("t", () -> {}, 2.0);
            c.time("t", 0.0).close();
            c.time("t", () -> 1, 0.0);
        });
        assertThat(lines).isEmpty();
        assertThat(used[0].stats().droppedInvalid()).isEqualTo(7);
    }

    @Test
    void timersRecordTimeUnitsAndFractionalMilliseconds() throws Exception {
        StatsdClient[] used = new StatsdClient[1];
        List<String> lines = Loopback.linesSentBy(StatsdConfig.builder(), c -> {
            used[0] = c;
            StatsdTimer t = c.timer("t");
            t.record(1500, TimeUnit.MICROSECONDS);
            t.record(2, TimeUnit.SECONDS);
            t.record(3, TimeUnit.MILLISECONDS);
            t.record(2_500_000, TimeUnit.NANOSECONDS);
            t.record(0.25);
            t.record(-1, TimeUnit.SECONDS);
            t.record(1, null);
            t.record(-0.5);
            t.record(Double.NaN);
        });
        assertThat(lines).containsExactly("t:1.5|ms", "t:2000|ms", "t:3|ms", "t:2.5|ms", "t:0.25|ms");
        // a negative time, a null unit, a negative fraction and NaN: each dropped and counted
        assertThat(used[0].stats().droppedInvalid()).isEqualTo(4);
    }

    @Test
    void batchCoversEveryMetricAndIsSentOnCloseOnce() throws Exception {
        StatsdClient[] used = new StatsdClient[1];
        List<String> lines = Loopback.linesSentBy(StatsdConfig.builder(), c -> {
            used[0] = c;
            Batch kept;
            try (Batch batch = c.batch()) {
                kept = batch.gauge("g", -3L)
                        .gaugeDelta("d", -2)
                        .gaugeDelta("d", 4.5)
                        .set("s", 42L)
                        .count("c", 1);
            }
            kept.close();
            kept.send();
            kept.count("late", 1);
        });
        assertThat(lines).containsExactly("g:0|g", "g:-3|g", "d:-2|g", "d:+4.5|g", "s:42|s", "c:1|c");
        assertThat(used[0].stats().sent()).isEqualTo(5);
        assertThat(used[0].stats().droppedInvalid()).isEqualTo(1);
    }

    @Test
    void dogStatsdBatchTakesHistogramsAndDistributions() throws Exception {
        try (UdpReceiver receiver = UdpReceiver.start();
                DogStatsdClient client =
                        DogStatsdClient.create(Loopback.udp(receiver).build())) {
            try (DogStatsdBatch batch = client.batch()) {
                batch.count("c", 2, "k:v")
                        .histogram("h", 1.5)
                        .distribution("d", 3, "x")
                        .gauge("g", 7L)
                        .histogram("h", 2, 1.0)
                        .distribution("d", 4, 1.0);
            }
            client.flush();
            Loopback.awaiting().until(() -> receiver.lines().size() >= 6);
            assertThat(receiver.lines())
                    .containsExactly("c:2|c|#k:v", "h:1.5|h", "d:3|d|#x", "g:7|g", "h:2|h", "d:4|d");
        }
    }

    @Test
    void everyMethodOfADogStatsdBatchChainsAsADogStatsdBatch() throws Exception {
        try (UdpReceiver receiver = UdpReceiver.start();
                DogStatsdClient client =
                        DogStatsdClient.create(Loopback.udp(receiver).build())) {
            try (DogStatsdBatch batch = client.batch()) {
                // each call's result is used as a DogStatsdBatch: a method that returned anything else breaks the chain
                batch.count("c", 1)
                        .count("c", 2, 1.0)
                        .gauge("g", 1.5)
                        .gauge("g", 7L)
                        .set("s", "m")
                        .set("s", 42L)
                        .timing("t", 5)
                        .timing("t", Duration.ofMillis(6))
                        .histogram("h", 1)
                        .gaugeDelta("g", 1)
                        .distribution("d", 2);
            }
            client.flush();
            Loopback.awaiting().until(() -> receiver.lines().size() >= 10);
            // DogStatsD has no gauge deltas: that call alone is a counted drop
            assertThat(receiver.lines())
                    .containsExactly(
                            "c:1|c", "c:2|c", "g:1.5|g", "g:7|g", "s:m|s", "s:42|s", "t:5|ms", "t:6|ms", "h:1|h",
                            "d:2|d");
            assertThat(client.stats().droppedInvalid()).isEqualTo(1);
        }
    }

    @Test
    void graphiteTakesAnInstantAsTheTimestamp() throws Exception {
        Clock clock = Clock.fixed(Instant.ofEpochSecond(1_700_000_007L), ZoneOffset.UTC);
        try (TcpReceiver receiver = TcpReceiver.start();
                GraphiteClient graphite = GraphiteClient.create(GraphiteConfig.builder()
                        .host("127.0.0.1")
                        .port(receiver.port())
                        .clock(clock)
                        .build())) {
            graphite.send("a", 1, Instant.ofEpochSecond(1_700_000_019L, 999_000_000));
            graphite.send("b", 1, (Instant) null);
            graphite.send("c", 1, Instant.ofEpochSecond(-1));
            Loopback.awaiting().until(() -> receiver.lines().size() == 1);
            assertThat(receiver.lines()).containsExactly("a 1 1700000010");
            assertThat(graphite.stats().droppedInvalid()).isEqualTo(2);
        }
    }

    @Test
    void createWithoutAConfigurationUsesTheDefaultsAndTellsWhenClosed() {
        StatsdClient client = StatsdClient.create();
        DogStatsdClient dog = DogStatsdClient.create();
        try {
            assertThat(client.config()).isEqualTo(StatsdConfig.builder().build());
            assertThat(client.config().host()).isEqualTo("localhost");
            assertThat(client.config().port()).isEqualTo(8125);
            assertThat(dog.config().flavor()).isEqualTo(Flavor.DATADOG);
            assertThat(client.isClosed()).isFalse();
        } finally {
            client.close();
            dog.close();
        }
        assertThat(client.isClosed()).isTrue();
        assertThat(dog.isClosed()).isTrue();
    }

    @Test
    void aMeterMadeAndNeverUsedSendsNothing() throws Exception {
        StatsdClient[] used = new StatsdClient[1];
        List<String> lines = Loopback.linesSentBy(StatsdConfig.builder(), c -> {
            used[0] = c;
            c.timer("x");
            c.counter("y");
        });
        assertThat(lines).isEmpty();
        assertThat(used[0].stats().sent()).isZero();
    }

    @Test
    void flushWritesWhatIsBufferedBeforeItReturns() throws Exception {
        try (UdpReceiver receiver = UdpReceiver.start();
                StatsdClient client = StatsdClient.create(Loopback.udp(receiver)
                        .flushInterval(Duration.ofHours(1))
                        .build())) {
            client.increment("a");
            client.gauge("b", 2);
            assertThat(client.flush()).isTrue();
            // counted as sent by the time flush returns, without waiting for the flush interval
            assertThat(client.stats().sent()).isEqualTo(2);
            Loopback.awaiting().until(() -> receiver.lines().size() == 2);
            assertThat(receiver.lines()).containsExactly("a:1|c", "b:2|g");
        }
    }
}
