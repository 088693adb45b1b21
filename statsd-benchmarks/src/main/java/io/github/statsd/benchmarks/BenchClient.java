package io.github.statsd.benchmarks;

import com.timgroup.statsd.NonBlockingStatsDClient;
import com.timgroup.statsd.NonBlockingStatsDClientBuilder;
import io.github.statsd.DogStatsdClient;
import io.github.statsd.Flavor;
import io.github.statsd.StatsdConfig;
import io.github.statsd.StatsdCounter;
import io.github.statsd.StatsdTimer;
import io.github.statsd.micrometer.StatsdClientMeterRegistry;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.statsd.StatsdFlavor;
import io.micrometer.statsd.StatsdMeterRegistry;
import io.micrometer.statsd.StatsdProtocol;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** One client under test, driven by index into the pre-built {@link Workload}. */
abstract class BenchClient implements AutoCloseable {

    final Workload w;

    BenchClient(Workload w) {
        this.w = w;
    }

    /** Increments counter {@code i} with its two tags by one. */
    abstract void increment(int i);

    /** Sets gauge {@code i}; returns whether the call produces a line of its own. */
    abstract boolean gauge(int i, long value);

    /** Records a timing in milliseconds for name {@code i}. */
    abstract void timing(int i, long millis);

    /** @return what the client itself counted as dropped, or 0 when it does not tell */
    abstract long reportedDrops();

    /** @return calls the client merged into another call's line (client-side aggregation), when it tells */
    long mergedCalls() {
        return 0;
    }

    /** @return a short description of how the client reports its drops */
    abstract String dropsNote();

    @Override
    public abstract void close();

    static BenchClient create(String kind, Workload w, int port) {
        switch (kind) {
            case "ours":
                return new Ours(w, port, 1, false);
            case "ours2Senders":
                // not the default: two sender threads (senderThreads 2), to show what the send side's share of CPU does
                return new Ours(w, port, 2, false);
            case "oursMeters":
                // the same client, through counters and timers made once per name (StatsdClient.counter/timer)
                return new OursMeters(w, port);
            case "oursAggregating":
                // workload (3): aggregation on, with the same 2 s window as dogstatsdAggregating
                return new Ours(w, port, 1, true);
            case "dogstatsd":
                return new Dog(w, port, false, false);
            case "dogstatsdBlocking":
                return new Dog(w, port, true, false);
            case "dogstatsdAggregating":
                return new Dog(w, port, false, true);
            case "micrometer":
                return new Micrometer(w, port);
            case "oursMicrometer":
                // statsd-micrometer's registry on a client as ours is, meters registered up front as micrometer's
                return new OursMicrometer(w, port);
            default:
                throw new IllegalArgumentException("unknown client " + kind);
        }
    }

    /** Our client, DATADOG flavour, defaults otherwise. */
    static class Ours extends BenchClient {
        final DogStatsdClient client;

        Ours(Workload w, int port, int senders, boolean aggregation) {
            super(w);
            client = DogStatsdClient.create(StatsdConfig.builder()
                    .host("127.0.0.1")
                    .port(port)
                    .flavor(Flavor.DATADOG)
                    .senderThreads(senders)
                    .aggregation(aggregation)
                    .aggregationInterval(java.time.Duration.ofSeconds(2))
                    .build());
        }

        @Override
        void increment(int i) {
            client.increment(w.names[i], w.tags[i]);
        }

        @Override
        boolean gauge(int i, long value) {
            client.gauge(w.names[i], value, w.tags[i]);
            return true;
        }

        @Override
        void timing(int i, long millis) {
            client.timing(w.names[i], millis, w.tags[i]);
        }

        @Override
        long reportedDrops() {
            return client.stats().dropped();
        }

        @Override
        long mergedCalls() {
            return client.stats().aggregated();
        }

        @Override
        String dropsNote() {
            return client.stats().toString();
        }

        @Override
        public void close() {
            client.close();
        }
    }

    /**
     * Our client as {@link Ours} is, called through a counter and a timer made once per name, as Micrometer's meters
     * are registered up front; gauges are plain calls.
     */
    static final class OursMeters extends Ours {
        private final StatsdCounter[] counters = new StatsdCounter[Workload.NAMES];
        private final StatsdTimer[] timers = new StatsdTimer[Workload.NAMES];

        OursMeters(Workload w, int port) {
            super(w, port, 1, false);
            for (int i = 0; i < Workload.NAMES; i++) {
                counters[i] = client.counter(w.names[i], w.tags[i]);
                timers[i] = client.timer(w.names[i], w.tags[i]);
            }
        }

        @Override
        void increment(int i) {
            counters[i].increment();
        }

        @Override
        void timing(int i, long millis) {
            timers[i].record(millis);
        }
    }

    /**
     * java-dogstatsd-client: non-blocking with aggregation off, blocking (aggregation off), or its defaults
     * (non-blocking, aggregation on with a 2 s window).
     */
    static final class Dog extends BenchClient {
        private final NonBlockingStatsDClient client;

        Dog(Workload w, int port, boolean blocking, boolean aggregation) {
            super(w);
            client = new NonBlockingStatsDClientBuilder()
                    .hostname("127.0.0.1")
                    .port(port)
                    .blocking(blocking)
                    .enableAggregation(aggregation)
                    // telemetry would add its own lines to the receiver's count
                    .enableTelemetry(false)
                    .build();
        }

        @Override
        void increment(int i) {
            client.count(w.names[i], 1L, w.tags[i]);
        }

        @Override
        boolean gauge(int i, long value) {
            client.gauge(w.names[i], value, w.tags[i]);
            return true;
        }

        @Override
        void timing(int i, long millis) {
            client.recordExecutionTime(w.names[i], millis, w.tags[i]);
        }

        @Override
        long reportedDrops() {
            return 0;
        }

        @Override
        String dropsNote() {
            return "no drop count in its API (telemetry off)";
        }

        @Override
        public void close() {
            client.close();
        }
    }

    /**
     * Micrometer's StatsD registry, DATADOG flavour, buffered (its default), meters registered up front. Micrometer has
     * no push gauge: a gauge is a value the registry polls, so the call site of a gauge is setting that value
     * ({@code AtomicLong.set}); the mix does exactly that, without registering the values, so that no poll adds lines
     * to the count.
     */
    static final class Micrometer extends BenchClient {
        private final StatsdMeterRegistry registry;
        private final Counter[] counters = new Counter[Workload.NAMES];
        private final Timer[] timers = new Timer[Workload.NAMES];
        private final AtomicLong[] gauges = new AtomicLong[Workload.NAMES];

        Micrometer(Workload w, int port) {
            super(w);
            io.micrometer.statsd.StatsdConfig config = new io.micrometer.statsd.StatsdConfig() {
                @Override
                public String get(String key) {
                    return null;
                }

                @Override
                public StatsdFlavor flavor() {
                    return StatsdFlavor.DATADOG;
                }

                @Override
                public String host() {
                    return "127.0.0.1";
                }

                @Override
                public int port() {
                    return port;
                }

                @Override
                public StatsdProtocol protocol() {
                    return StatsdProtocol.UDP;
                }
            };
            registry = new StatsdMeterRegistry(config, Clock.SYSTEM);
            startHeapWatchdog();
            for (int i = 0; i < Workload.NAMES; i++) {
                counters[i] = Counter.builder(w.names[i]).tags(w.tagPairs[i]).register(registry);
                timers[i] = Timer.builder(w.names[i] + ".t").tags(w.tagPairs[i]).register(registry);
                gauges[i] = new AtomicLong();
            }
        }

        /**
         * Micrometer's buffered sink queues lines without bound when its sender falls behind; on 2 threads the heap
         * fills and the fork spends its time in GC for many minutes instead of failing. When the JVM spends over a
         * quarter of each of 10 s in a row in GC pauses, this says so in the output and ends the fork, which JMH
         * reports as failed. (A healthy fork pauses well under that; on Java 17 the collector beans count pauses only,
         * not G1's concurrent marking, so a thrashing fork showed 30-40 % in pauses and about 60 % in all.)
         */
        private static void startHeapWatchdog() {
            Thread watchdog = new Thread(
                    () -> {
                        long lastGc = gcMillis();
                        int thrashing = 0;
                        while (true) {
                            try {
                                Thread.sleep(1_000);
                            } catch (InterruptedException e) {
                                return;
                            }
                            long gc = gcMillis();
                            thrashing = gc - lastGc > 250 ? thrashing + 1 : 0;
                            lastGc = gc;
                            if (thrashing >= 10) {
                                System.out.println("STATSD-BENCH | micrometer: over a quarter of 10 s spent in GC"
                                        + " pauses (its buffer grows without bound), fork stopped");
                                System.out.flush();
                                Runtime.getRuntime().halt(3);
                            }
                        }
                    },
                    "bench-heap-watchdog");
            watchdog.setDaemon(true);
            watchdog.start();
        }

        /** Milliseconds every collector of this JVM has spent so far. */
        private static long gcMillis() {
            long total = 0;
            for (java.lang.management.GarbageCollectorMXBean gc :
                    java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
                total += Math.max(0, gc.getCollectionTime());
            }
            return total;
        }

        @Override
        void increment(int i) {
            counters[i].increment();
        }

        @Override
        boolean gauge(int i, long value) {
            gauges[i].set(value);
            return false;
        }

        @Override
        void timing(int i, long millis) {
            timers[i].record(millis, TimeUnit.MILLISECONDS);
        }

        @Override
        long reportedDrops() {
            return 0;
        }

        @Override
        String dropsNote() {
            return "no drop count in its API";
        }

        @Override
        public void close() {
            registry.close();
        }
    }

    /**
     * Our Micrometer registry ({@link StatsdClientMeterRegistry}) on a client configured as {@link Ours} is, which it
     * makes and closes; the same meters as {@link Micrometer}, registered up front, and the same gauge call (setting a
     * polled value that is not registered, so that no poll adds lines to the count).
     */
    static final class OursMicrometer extends BenchClient {
        private final StatsdClientMeterRegistry registry;
        private final Counter[] counters = new Counter[Workload.NAMES];
        private final Timer[] timers = new Timer[Workload.NAMES];
        private final AtomicLong[] gauges = new AtomicLong[Workload.NAMES];

        OursMicrometer(Workload w, int port) {
            super(w);
            registry = StatsdClientMeterRegistry.builder(StatsdConfig.builder()
                            .host("127.0.0.1")
                            .port(port)
                            .flavor(Flavor.DATADOG)
                            .build())
                    .build();
            for (int i = 0; i < Workload.NAMES; i++) {
                counters[i] = Counter.builder(w.names[i]).tags(w.tagPairs[i]).register(registry);
                timers[i] = Timer.builder(w.names[i] + ".t").tags(w.tagPairs[i]).register(registry);
                gauges[i] = new AtomicLong();
            }
        }

        @Override
        void increment(int i) {
            counters[i].increment();
        }

        @Override
        boolean gauge(int i, long value) {
            gauges[i].set(value);
            return false;
        }

        @Override
        void timing(int i, long millis) {
            timers[i].record(millis, TimeUnit.MILLISECONDS);
        }

        @Override
        long reportedDrops() {
            return registry.client().stats().dropped();
        }

        @Override
        String dropsNote() {
            return registry.client().stats().toString();
        }

        @Override
        public void close() {
            registry.close();
        }
    }
}
