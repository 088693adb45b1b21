package io.github.statsd;

import static io.github.statsd.internal.ValueKind.DOUBLE_VALUE;
import static io.github.statsd.internal.ValueKind.GAUGE_DELTA;
import static io.github.statsd.internal.ValueKind.LONG_VALUE;
import static io.github.statsd.internal.ValueKind.SET_MEMBER;

import io.github.statsd.internal.Aggregator;
import io.github.statsd.internal.CallGate;
import io.github.statsd.internal.Engine;
import io.github.statsd.internal.LineEncoder;
import io.github.statsd.internal.MetricEncoder;
import io.github.statsd.internal.MetricType;
import io.github.statsd.internal.ThreadNames;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * A StatsD client. Every metric call returns at once: it never blocks on I/O, never resolves a host name and never
 * throws. The line is encoded into a packet buffer that background sender threads write; when they cannot keep up the
 * metric is dropped and counted in {@link #stats()}.
 *
 * <p>Tags are {@code "key:value"} strings (or {@code "key"}), written as the configured {@link Flavor} says. Names, tag
 * keys and values are sanitized (see {@link Flavor} and the README): a call can never produce a second line. Calls with
 * a {@code null} or empty name, a NaN or infinite value, or a sample rate outside (0, 1] are dropped and counted as
 * invalid. A {@code null} tags array, and {@code null} or empty tags in it, are ignored: the metric is sent without
 * them.
 *
 * <p>Sampling: counters, timers, histograms and distributions are sent with probability {@code sampleRate} (the call's,
 * else the configured default) and carry {@code |@rate} so that the server scales them back. Gauges and sets are never
 * sampled.
 *
 * <pre>{@code
 * try (StatsdClient statsd = StatsdClient.create(StatsdConfig.builder().host("statsd").prefix("shop").build())) {
 *     statsd.increment("orders.placed", "region:eu");
 *     try (var timing = statsd.time("checkout")) {
 *         checkout();
 *     }
 * }
 * }</pre>
 */
public sealed class StatsdClient implements AutoCloseable permits DogStatsdClient {

    private final StatsdConfig config;
    final Engine engine;
    final LineEncoder encoder;
    /** Checks, samples and routes every metric call. */
    final CallGate gate;

    private final double defaultRate;

    StatsdClient(StatsdConfig config) {
        this.config = config;
        this.defaultRate = config.sampleRate();
        this.encoder = config.flavor().encoder(config.prefix(), config.constantTags(), config.containerId());
        ThreadNames threads = ThreadNames.next("statsd");
        MetricEncoder metrics = new MetricEncoder(encoder, config.maxPacketSize());
        this.engine = new Engine(EngineSettingsFactory.of(config, threads), metrics);
        this.gate = new CallGate(
                engine,
                metrics,
                config.sampleRate(),
                config.aggregation() ? config.aggregationInterval() : null,
                threads);
    }

    /**
     * Creates a client and starts its sender thread(s).
     *
     * @param config the configuration
     * @return the client; close it to drain and release its threads and sockets
     */
    public static StatsdClient create(StatsdConfig config) {
        return new StatsdClient(config);
    }

    /** @return the configuration this client was created with */
    public StatsdConfig config() {
        return config;
    }

    /**
     * Returns the counts of sent and dropped metrics.
     *
     * @return a snapshot
     */
    public StatsdStats stats() {
        return StatsdStats.of(engine.stats());
    }

    /**
     * Returns the state of the sender threads: whether they are alive and connected, and whether one ended on an
     * unexpected error (see {@link SenderStatus}). For health checks.
     *
     * @return a snapshot
     */
    public SenderStatus senderStatus() {
        return SenderStatus.of(engine.senderState());
    }

    // ---- counters

    /**
     * Adds to a counter.
     *
     * @param name the metric name
     * @param delta the amount
     * @param tags {@code key:value} tags
     */
    public void count(String name, long delta, String... tags) {
        gate.metric(name, MetricType.COUNTER, LONG_VALUE, delta, 0, null, defaultRate, tags);
    }

    /**
     * Adds to a counter, sampled.
     *
     * @param name the metric name
     * @param delta the amount
     * @param sampleRate the probability the call is sent, in (0, 1]
     * @param tags {@code key:value} tags
     */
    public void count(String name, long delta, double sampleRate, String... tags) {
        gate.metric(name, MetricType.COUNTER, LONG_VALUE, delta, 0, null, sampleRate, tags);
    }

    /**
     * Adds 1 to a counter.
     *
     * @param name the metric name
     * @param tags {@code key:value} tags
     */
    public void increment(String name, String... tags) {
        gate.metric(name, MetricType.COUNTER, LONG_VALUE, 1, 0, null, defaultRate, tags);
    }

    /**
     * Subtracts 1 from a counter.
     *
     * @param name the metric name
     * @param tags {@code key:value} tags
     */
    public void decrement(String name, String... tags) {
        gate.metric(name, MetricType.COUNTER, LONG_VALUE, -1, 0, null, defaultRate, tags);
    }

    // ---- gauges

    /**
     * Sets a gauge. For the ETSY and TELEGRAF flavours, where a leading minus sign means a delta, a negative value is
     * sent as a reset to 0 followed by the negative delta, in the same packet.
     *
     * @param name the metric name
     * @param value the value, finite
     * @param tags {@code key:value} tags
     */
    public void gauge(String name, double value, String... tags) {
        gate.metric(name, MetricType.GAUGE, DOUBLE_VALUE, 0, value, null, 1.0, tags);
    }

    /**
     * Sets a gauge.
     *
     * @param name the metric name
     * @param value the value
     * @param tags {@code key:value} tags
     */
    public void gauge(String name, long value, String... tags) {
        gate.metric(name, MetricType.GAUGE, LONG_VALUE, value, 0, null, 1.0, tags);
    }

    /**
     * Changes a gauge by a delta ({@code name:+3|g}, {@code name:-3|g}). DogStatsD has no gauge deltas: with the
     * DATADOG flavour the call is dropped and counted as invalid.
     *
     * @param name the metric name
     * @param delta the change, finite
     * @param tags {@code key:value} tags
     */
    public void gaugeDelta(String name, double delta, String... tags) {
        gate.metric(name, MetricType.GAUGE, GAUGE_DELTA, 0, delta, null, 1.0, tags);
    }

    // ---- sets

    /**
     * Adds a member to a set (counts unique members per flush on the server).
     *
     * @param name the metric name
     * @param member the member, sanitized like a name
     * @param tags {@code key:value} tags
     */
    public void set(String name, String member, String... tags) {
        if (member == null || member.isEmpty()) {
            gate.invalid();
            return;
        }
        gate.metric(name, MetricType.SET, SET_MEMBER, 0, 0, member, 1.0, tags);
    }

    /**
     * Adds a numeric member to a set.
     *
     * @param name the metric name
     * @param member the member
     * @param tags {@code key:value} tags
     */
    public void set(String name, long member, String... tags) {
        gate.metric(name, MetricType.SET, LONG_VALUE, member, 0, null, 1.0, tags);
    }

    /**
     * Makes a counter with this name and these tags, whose line is encoded once: the fastest way to count on a hot
     * path. Calls on it behave as {@link #count(String, long, String...)} does.
     *
     * @param name the metric name
     * @param tags {@code key:value} tags
     * @return the counter; keep it
     * @throws IllegalArgumentException when the name is {@code null} or empty
     */
    public StatsdCounter counter(String name, String... tags) {
        return new StatsdCounter(gate, gate.meterLine(name, MetricType.COUNTER, tags));
    }

    /**
     * Makes a timer with this name and these tags, whose line is encoded once. Calls on it behave as
     * {@link #timing(String, Duration, String...)} does.
     *
     * @param name the metric name
     * @param tags {@code key:value} tags
     * @return the timer; keep it
     * @throws IllegalArgumentException when the name is {@code null} or empty
     */
    public StatsdTimer timer(String name, String... tags) {
        return new StatsdTimer(gate, gate.meterLine(name, MetricType.TIMER, tags));
    }

    // ---- timers

    /**
     * Records a timing in milliseconds.
     *
     * @param name the metric name
     * @param millis the time, not negative
     * @param tags {@code key:value} tags
     */
    public void timing(String name, long millis, String... tags) {
        gate.metric(name, MetricType.TIMER, LONG_VALUE, millis, 0, null, defaultRate, tags);
    }

    /**
     * Records a timing in milliseconds, sampled.
     *
     * @param name the metric name
     * @param millis the time, not negative
     * @param sampleRate the probability the call is sent, in (0, 1]
     * @param tags {@code key:value} tags
     */
    public void timing(String name, long millis, double sampleRate, String... tags) {
        gate.metric(name, MetricType.TIMER, LONG_VALUE, millis, 0, null, sampleRate, tags);
    }

    /**
     * Records a timing, sent in milliseconds with up to six fraction digits.
     *
     * @param name the metric name
     * @param duration the time, not negative
     * @param tags {@code key:value} tags
     */
    public void timing(String name, Duration duration, String... tags) {
        timing(name, duration, defaultRate, tags);
    }

    /**
     * Records a timing, sampled.
     *
     * @param name the metric name
     * @param duration the time, not negative
     * @param sampleRate the probability the call is sent, in (0, 1]
     * @param tags {@code key:value} tags
     */
    public void timing(String name, Duration duration, double sampleRate, String... tags) {
        if (duration == null) {
            gate.invalid();
            return;
        }
        gate.metric(name, MetricType.TIMER, DOUBLE_VALUE, 0, toMillis(duration), null, sampleRate, tags);
    }

    /**
     * Starts timing; the time is recorded when the returned scope is closed.
     *
     * <pre>{@code
     * try (var timing = client.time("checkout")) { ... }
     * }</pre>
     *
     * @param name the metric name
     * @param tags {@code key:value} tags
     * @return the running timing
     */
    public Timing time(String name, String... tags) {
        return new Timing(this, name, tags, System.nanoTime());
    }

    /**
     * Runs a task and records how long it took, also when it throws.
     *
     * @param name the metric name
     * @param task the task
     * @param tags {@code key:value} tags
     */
    public void time(String name, Runnable task, String... tags) {
        long start = System.nanoTime();
        try {
            task.run();
        } finally {
            timingNanos(name, System.nanoTime() - start, tags);
        }
    }

    /**
     * Calls a supplier and records how long it took, also when it throws.
     *
     * @param <T> the result type
     * @param name the metric name
     * @param task the supplier
     * @param tags {@code key:value} tags
     * @return what the supplier returned
     */
    public <T> T time(String name, Supplier<T> task, String... tags) {
        long start = System.nanoTime();
        try {
            return task.get();
        } finally {
            timingNanos(name, System.nanoTime() - start, tags);
        }
    }

    void timingNanos(String name, long nanos, String... tags) {
        gate.metric(name, MetricType.TIMER, DOUBLE_VALUE, 0, nanos / 1_000_000d, null, defaultRate, tags);
    }

    /**
     * Starts a batch: metrics added to it are sent together, packed into as few packets as the size limit allows, when
     * {@link Batch#send()} is called.
     *
     * @return a new, empty batch (not thread-safe)
     */
    public Batch batch() {
        return new Batch(gate);
    }

    /**
     * Stops accepting metrics, sends what is queued (for at most the close timeout), counts what could not be sent, and
     * releases the client's threads and sockets. Idempotent.
     */
    @Override
    public void close() {
        // the last aggregation window goes into the engine before it drains
        gate.close();
        engine.close();
    }

    /** @return the aggregator, or {@code null} when aggregation is off (for tests) */
    Aggregator aggregator() {
        return gate.aggregator();
    }

    static double toMillis(Duration d) {
        long seconds = d.getSeconds();
        if (seconds < 0) {
            return -1;
        }
        return seconds * 1000d + d.getNano() / 1_000_000d;
    }

    /** A running timing; {@link #close()} records it once. */
    public static final class Timing implements AutoCloseable {
        private final StatsdClient client;
        private final String name;
        private final String[] tags;
        private final long start;
        private boolean recorded;

        Timing(StatsdClient client, String name, String[] tags, long start) {
            this.client = client;
            this.name = name;
            this.tags = tags;
            this.start = start;
        }

        /** @return the time elapsed so far */
        public Duration elapsed() {
            return Duration.ofNanos(System.nanoTime() - start);
        }

        /** Records the time since the timing started; later calls do nothing. */
        @Override
        public void close() {
            if (!recorded) {
                recorded = true;
                client.timingNanos(name, System.nanoTime() - start, tags);
            }
        }
    }
}
