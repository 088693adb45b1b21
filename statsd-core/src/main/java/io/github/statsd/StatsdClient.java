package io.github.statsd;

import static io.github.statsd.internal.ValueKind.DOUBLE_VALUE;
import static io.github.statsd.internal.ValueKind.GAUGE_DELTA;
import static io.github.statsd.internal.ValueKind.LONG_VALUE;
import static io.github.statsd.internal.ValueKind.SET_MEMBER;

import io.github.statsd.internal.Aggregator;
import io.github.statsd.internal.CallGate;
import io.github.statsd.internal.Engine;
import io.github.statsd.internal.EngineSettings;
import io.github.statsd.internal.LineEncoder;
import io.github.statsd.internal.MetricEncoder;
import io.github.statsd.internal.MetricType;
import io.github.statsd.internal.ThreadNames;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
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
 * <p>Sampling: counters, timers, sets, histograms and distributions are sent with probability {@code sampleRate} (the
 * call's, else the configured default) and carry {@code |@rate} so that the server scales them back. Gauges are never
 * sampled, and sets only when the call gives a rate.
 *
 * <p>For tests, {@link #noop()} makes a client that sends nothing and starts nothing, and {@link #create(StatsdConfig,
 * Consumer)} one that gives its lines to a sink (the {@code statsd-test} artifact's {@code InMemoryStatsd} builds on
 * it).
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
    /** Whether this client sends nothing: {@link #noop()}. */
    private final boolean noop;

    /**
     * Creates a client.
     *
     * @param lineSink where the lines go instead of a server, or {@code null}
     * @param noop whether to send nothing and start no thread
     */
    StatsdClient(StatsdConfig config, Consumer<String> lineSink, boolean noop) {
        this.config = config;
        this.defaultRate = config.sampleRate();
        this.noop = noop;
        this.encoder = config.flavor().encoder(config.prefix(), config.constantTags(), config.containerId());
        ThreadNames threads = ThreadNames.next("statsd");
        MetricEncoder metrics = new MetricEncoder(encoder, config.maxPacketSize());
        EngineSettings settings = EngineSettingsFactory.of(config, threads);
        if (noop) {
            this.engine = Engine.noop(settings);
        } else if (lineSink != null) {
            this.engine = new Engine(settings, metrics, lineSink);
        } else {
            this.engine = new Engine(settings, metrics);
        }
        this.gate = new CallGate(
                engine,
                metrics,
                config.sampleRate(),
                config.aggregation() && !noop ? config.aggregationInterval() : null,
                threads);
    }

    /**
     * Creates a client with the default configuration: UDP to {@code localhost:8125}, the ETSY flavour.
     *
     * <pre>{@code
     * try (StatsdClient statsd = StatsdClient.create()) {
     *     statsd.increment("jobs.done");
     * }
     * }</pre>
     *
     * @return the client; close it to drain and release its threads and sockets
     */
    public static StatsdClient create() {
        return create(StatsdConfig.builder().build());
    }

    /**
     * Creates a client and starts its sender thread(s).
     *
     * @param config the configuration
     * @return the client; close it to drain and release its threads and sockets
     */
    public static StatsdClient create(StatsdConfig config) {
        return new StatsdClient(config, null, false);
    }

    /**
     * Creates a client that gives every line to a sink instead of a server: the lines the network would get, made by
     * the same encoders and the same engine (prefix, constant tags, sanitizing, flavour, sampling, aggregation,
     * packing, counted drops). The configuration's transport options (host, port, protocol, socket path, timeouts) are
     * not used. The sink is called on the sender thread(s), one line at a time, without the trailing newline; a sink
     * that throws fails the write of its packet: every line of it, those given before the throw included, is counted in
     * {@link StatsdStats#droppedIoError()}. For tests: call {@link #flush()} before reading what the sink got.
     *
     * <pre>{@code
     * List<String> lines = new CopyOnWriteArrayList<>();
     * try (StatsdClient statsd = StatsdClient.create(StatsdConfig.builder().prefix("shop").build(), lines::add)) {
     *     statsd.increment("orders");
     *     statsd.flush();
     *     assertEquals(List.of("shop.orders:1|c"), lines);
     * }
     * }</pre>
     *
     * @param config the configuration
     * @param lineSink gets each line; thread-safe when there are several sender threads
     * @return the client; close it to release its threads
     */
    public static StatsdClient create(StatsdConfig config, Consumer<String> lineSink) {
        return new StatsdClient(config, Objects.requireNonNull(lineSink, "lineSink"), false);
    }

    /**
     * Returns a client that sends nothing, for code under test that needs a client and whose metrics do not matter: no
     * thread, no socket, every call returns at once. Its {@link #stats()} always read zero (nothing sent, nothing
     * dropped), its {@link #senderStatus()} shows no sender thread, and {@link #flush()} returns {@code true} at once.
     * Closing it is allowed and not needed.
     *
     * <pre>{@code
     * OrderService service = new OrderService(StatsdClient.noop());
     * }</pre>
     *
     * @return a new no-op client, in the ETSY flavour with the default configuration
     */
    public static StatsdClient noop() {
        return new StatsdClient(StatsdConfig.builder().build(), null, true);
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
        return noop ? NOOP_STATS : StatsdStats.of(engine.stats());
    }

    private static final StatsdStats NOOP_STATS = new StatsdStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    /**
     * Returns whether {@link #close()} was called. A closed client drops every call, counted in
     * {@link StatsdStats#droppedClosed()}.
     *
     * @return whether the client is closed
     */
    public boolean isClosed() {
        return engine.isClosed();
    }

    /**
     * Sends what is buffered now and waits, for at most the {@linkplain StatsdConfig#closeTimeout() close timeout},
     * until the sender thread(s) have written it: the part-filled packets of every calling thread and, with
     * {@linkplain StatsdConfig#aggregation() aggregation}, the current window (which ends early). Metrics given by
     * other threads while it runs may or may not be included. Not needed in production, where packets go out within the
     * flush interval; useful in tests and before a process hands over (say, at the end of a batch job that keeps the
     * client open). Never call it from an {@link ErrorHandler} or a line sink: those run on the sender thread it waits
     * for.
     *
     * @return {@code true} when everything was written (or dropped and counted) in time; {@code false} when the timeout
     *     passed first, say while a TCP server cannot be reached, or the calling thread was interrupted
     */
    public boolean flush() {
        gate.flushWindow();
        return engine.flush(config.closeTimeout());
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
     * Adds 1 to a counter, sampled.
     *
     * @param name the metric name
     * @param sampleRate the probability the call is sent, in (0, 1]
     * @param tags {@code key:value} tags
     */
    public void increment(String name, double sampleRate, String... tags) {
        gate.metric(name, MetricType.COUNTER, LONG_VALUE, 1, 0, null, sampleRate, tags);
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

    /**
     * Subtracts 1 from a counter, sampled.
     *
     * @param name the metric name
     * @param sampleRate the probability the call is sent, in (0, 1]
     * @param tags {@code key:value} tags
     */
    public void decrement(String name, double sampleRate, String... tags) {
        gate.metric(name, MetricType.COUNTER, LONG_VALUE, -1, 0, null, sampleRate, tags);
    }

    // ---- gauges: never sampled, as a gauge's last value is what the server keeps; so no sample-rate overloads

    /**
     * Sets a gauge. For the ETSY and TELEGRAF flavours, where a leading minus sign means a delta, a negative value is
     * sent as a reset to 0 followed by the negative delta, in the same packet. Gauges are never sampled: a skipped call
     * would leave the server at an older value, which no rate can scale back.
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
        set(name, member, 1.0, tags);
    }

    /**
     * Adds a member to a set, sampled: the call is sent with probability {@code sampleRate} and carries {@code |@rate}.
     * A set counts unique members, which the server cannot scale back: sample only members that recur often.
     *
     * @param name the metric name
     * @param member the member, sanitized like a name
     * @param sampleRate the probability the call is sent, in (0, 1]
     * @param tags {@code key:value} tags
     */
    public void set(String name, String member, double sampleRate, String... tags) {
        if (member == null || member.isEmpty()) {
            gate.invalid();
            return;
        }
        gate.metric(name, MetricType.SET, SET_MEMBER, 0, 0, member, sampleRate, tags);
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
     * Adds a numeric member to a set, sampled (see {@link #set(String, String, double, String...)}).
     *
     * @param name the metric name
     * @param member the member
     * @param sampleRate the probability the call is sent, in (0, 1]
     * @param tags {@code key:value} tags
     */
    public void set(String name, long member, double sampleRate, String... tags) {
        gate.metric(name, MetricType.SET, LONG_VALUE, member, 0, null, sampleRate, tags);
    }

    /**
     * Makes a counter with this name and these tags, whose line is encoded once: the fastest way to count on a hot
     * path. Calls on it behave as {@link #count(String, long, String...)} does, at the client's sample rate. A factory,
     * to be used as if it carried {@code @CheckReturnValue}: it sends nothing by itself, so
     * {@code statsd.counter("x");} alone counts nothing.
     *
     * <pre>{@code
     * private final StatsdCounter placed = statsd.counter("orders.placed", "region:eu");
     * ...
     * placed.increment();
     * }</pre>
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
     * Makes a counter whose every call is sampled at this rate (written into its line once). A factory, to be used as
     * if it carried {@code @CheckReturnValue}: it sends nothing by itself.
     *
     * @param name the metric name
     * @param sampleRate the probability each call is sent, in (0, 1]
     * @param tags {@code key:value} tags
     * @return the counter; keep it
     * @throws IllegalArgumentException when the name is {@code null} or empty, or the rate is not in (0, 1]
     */
    public StatsdCounter counter(String name, double sampleRate, String... tags) {
        return new StatsdCounter(gate, gate.meterLine(name, MetricType.COUNTER, sampleRate, tags));
    }

    /**
     * Makes a timer with this name and these tags, whose line is encoded once. Calls on it behave as
     * {@link #timing(String, Duration, String...)} does, at the client's sample rate. A factory, to be used as if it
     * carried {@code @CheckReturnValue}: it records nothing by itself, so {@code statsd.timer("x");} alone times
     * nothing.
     *
     * <pre>{@code
     * private final StatsdTimer checkout = statsd.timer("checkout.time");
     * ...
     * checkout.record(Duration.ofNanos(System.nanoTime() - start));
     * }</pre>
     *
     * @param name the metric name
     * @param tags {@code key:value} tags
     * @return the timer; keep it
     * @throws IllegalArgumentException when the name is {@code null} or empty
     */
    public StatsdTimer timer(String name, String... tags) {
        return new StatsdTimer(gate, gate.meterLine(name, MetricType.TIMER, tags));
    }

    /**
     * Makes a timer whose every call is sampled at this rate (written into its line once). A factory, to be used as if
     * it carried {@code @CheckReturnValue}: it records nothing by itself.
     *
     * @param name the metric name
     * @param sampleRate the probability each call is sent, in (0, 1]
     * @param tags {@code key:value} tags
     * @return the timer; keep it
     * @throws IllegalArgumentException when the name is {@code null} or empty, or the rate is not in (0, 1]
     */
    public StatsdTimer timer(String name, double sampleRate, String... tags) {
        return new StatsdTimer(gate, gate.meterLine(name, MetricType.TIMER, sampleRate, tags));
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
        return new Timing(this, name, defaultRate, tags, System.nanoTime());
    }

    /**
     * Starts timing, sampled: the time is recorded, with probability {@code sampleRate}, when the scope is closed.
     *
     * @param name the metric name
     * @param sampleRate the probability the time is sent, in (0, 1]
     * @param tags {@code key:value} tags
     * @return the running timing
     */
    public Timing time(String name, double sampleRate, String... tags) {
        return new Timing(this, name, sampleRate, tags, System.nanoTime());
    }

    /**
     * Runs a task and records how long it took, also when it throws.
     *
     * @param name the metric name
     * @param task the task
     * @param tags {@code key:value} tags
     */
    public void time(String name, Runnable task, String... tags) {
        time(name, task, defaultRate, tags);
    }

    /**
     * Runs a task and records how long it took, also when it throws; the time is sent with probability
     * {@code sampleRate} (the task always runs).
     *
     * @param name the metric name
     * @param task the task
     * @param sampleRate the probability the time is sent, in (0, 1]
     * @param tags {@code key:value} tags
     */
    public void time(String name, Runnable task, double sampleRate, String... tags) {
        long start = System.nanoTime();
        try {
            task.run();
        } finally {
            timingNanos(name, System.nanoTime() - start, sampleRate, tags);
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
        return time(name, task, defaultRate, tags);
    }

    /**
     * Calls a supplier and records how long it took, also when it throws; the time is sent with probability
     * {@code sampleRate} (the supplier is always called).
     *
     * @param <T> the result type
     * @param name the metric name
     * @param task the supplier
     * @param sampleRate the probability the time is sent, in (0, 1]
     * @param tags {@code key:value} tags
     * @return what the supplier returned
     */
    public <T> T time(String name, Supplier<T> task, double sampleRate, String... tags) {
        long start = System.nanoTime();
        try {
            return task.get();
        } finally {
            timingNanos(name, System.nanoTime() - start, sampleRate, tags);
        }
    }

    void timingNanos(String name, long nanos, double sampleRate, String[] tags) {
        gate.metric(name, MetricType.TIMER, DOUBLE_VALUE, 0, nanos / 1_000_000d, null, sampleRate, tags);
    }

    /**
     * Starts a batch: metrics added to it are sent together, packed into as few packets as the size limit allows, when
     * it is {@linkplain Batch#send() sent} or closed.
     *
     * <pre>{@code
     * try (Batch batch = statsd.batch()) {
     *     batch.count("cart.items", items).gauge("cart.value", value);
     * }
     * }</pre>
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

    /**
     * A running timing, made by {@link #time(String, String...)}; {@link #close()} records it once.
     *
     * <pre>{@code
     * try (StatsdClient.Timing timing = statsd.time("checkout")) {
     *     checkout();
     * }
     * }</pre>
     */
    public static final class Timing implements AutoCloseable {
        private final StatsdClient client;
        private final String name;
        private final double rate;
        private final String[] tags;
        private final long start;
        private boolean recorded;

        Timing(StatsdClient client, String name, double rate, String[] tags, long start) {
            this.client = client;
            this.name = name;
            this.rate = rate;
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
                client.timingNanos(name, System.nanoTime() - start, rate, tags);
            }
        }
    }
}
