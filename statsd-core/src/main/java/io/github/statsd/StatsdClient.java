package io.github.statsd;

import io.github.statsd.internal.Engine;
import io.github.statsd.internal.LineEncoder;
import io.github.statsd.internal.LineWriter;
import io.github.statsd.internal.MetricType;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * A StatsD client. Every metric call returns at once: it never blocks on I/O, never resolves a host name and never
 * throws. The line is encoded into a packet buffer that background sender threads write; when they cannot keep up
 * the metric is dropped and counted in {@link #stats()}.
 *
 * <p>Tags are {@code "key:value"} strings (or {@code "key"}), written as the configured {@link Flavor} says. Names,
 * tag keys and values are sanitized (see {@link Flavor} and the README): a call can never produce a second line.
 * Calls with a {@code null} or empty name, a NaN or infinite value, or a sample rate outside (0, 1] are dropped and
 * counted as invalid. A {@code null} tags array, and {@code null} or empty tags in it, are ignored: the metric is sent
 * without them.
 *
 * <p>Sampling: counters, timers, histograms and distributions are sent with probability {@code sampleRate} (the
 * call's, else the configured default) and carry {@code |@rate} so that the server scales them back. Gauges and
 * sets are never sampled.
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

    private static final String[] NO_TAGS = new String[0];

    final Engine engine;
    final LineEncoder encoder;
    final double defaultRate;
    /** Client-side aggregation, or {@code null} when off. */
    private final Aggregator aggregator;
    /**
     * The most characters a call's name and tags may have together for the call to be kept as a record
     * (encoded by a sender): few enough that its entry cannot exceed a packet, so that an oversized line is still
     * counted in the caller's thread. Zero or less when packets are too small for any.
     */
    private final int recordChars;

    StatsdClient(StatsdConfig config) {
        this.encoder = config.flavor().encoder(config.prefix(), config.constantTags(), config.containerId());
        // the senders encode records with this client's encode(): they get records only from calls made after this
        // constructor has returned
        this.engine = new Engine(config, "statsd", this::encode);
        this.recordChars = recordChars(encoder, config.maxPacketSize());
        this.defaultRate = config.sampleRate();
        // last: the aggregator's thread uses the encoder
        this.aggregator = config.aggregation() ? new Aggregator(this, engine, config.aggregationInterval()) : null;
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
        return engine.config();
    }

    /**
     * Returns the counts of sent and dropped metrics.
     *
     * @return a snapshot
     */
    public StatsdStats stats() {
        return engine.stats();
    }

    /**
     * Returns the state of the sender threads: whether they are alive and connected, and whether one ended on an
     * unexpected error, after which the metrics it would have sent are dropped as queue-full. For health checks.
     *
     * @return a snapshot
     */
    public SenderStatus senderStatus() {
        return engine.senderStatus();
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
        record(name, MetricType.COUNTER, LONG, delta, 0, null, defaultRate, tags);
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
        record(name, MetricType.COUNTER, LONG, delta, 0, null, sampleRate, tags);
    }

    /**
     * Adds 1 to a counter.
     *
     * @param name the metric name
     * @param tags {@code key:value} tags
     */
    public void increment(String name, String... tags) {
        record(name, MetricType.COUNTER, LONG, 1, 0, null, defaultRate, tags);
    }

    /**
     * Subtracts 1 from a counter.
     *
     * @param name the metric name
     * @param tags {@code key:value} tags
     */
    public void decrement(String name, String... tags) {
        record(name, MetricType.COUNTER, LONG, -1, 0, null, defaultRate, tags);
    }

    // ---- gauges

    /**
     * Sets a gauge. For the ETSY and TELEGRAF flavours, where a leading minus sign means a delta, a negative value
     * is sent as a reset to 0 followed by the negative delta, in the same packet.
     *
     * @param name the metric name
     * @param value the value, finite
     * @param tags {@code key:value} tags
     */
    public void gauge(String name, double value, String... tags) {
        record(name, MetricType.GAUGE, DOUBLE, 0, value, null, 1.0, tags);
    }

    /**
     * Sets a gauge.
     *
     * @param name the metric name
     * @param value the value
     * @param tags {@code key:value} tags
     */
    public void gauge(String name, long value, String... tags) {
        record(name, MetricType.GAUGE, LONG, value, 0, null, 1.0, tags);
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
        record(name, MetricType.GAUGE, DELTA, 0, delta, null, 1.0, tags);
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
            engine.countInvalid();
            return;
        }
        record(name, MetricType.SET, MEMBER, 0, 0, member, 1.0, tags);
    }

    /**
     * Adds a numeric member to a set.
     *
     * @param name the metric name
     * @param member the member
     * @param tags {@code key:value} tags
     */
    public void set(String name, long member, String... tags) {
        record(name, MetricType.SET, LONG, member, 0, null, 1.0, tags);
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
        return new StatsdCounter(this, meterLine(name, MetricType.COUNTER, tags));
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
        return new StatsdTimer(this, meterLine(name, MetricType.TIMER, tags));
    }

    private PreEncodedLine meterLine(String name, MetricType type, String[] tags) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a meter needs a name, was " + (name == null ? "null" : "empty"));
        }
        return new PreEncodedLine(encoder, name, type, defaultRate, tags, fitsRecord(name, tags));
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
        record(name, MetricType.TIMER, LONG, millis, 0, null, defaultRate, tags);
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
        record(name, MetricType.TIMER, LONG, millis, 0, null, sampleRate, tags);
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
            engine.countInvalid();
            return;
        }
        record(name, MetricType.TIMER, DOUBLE, 0, toMillis(duration), null, sampleRate, tags);
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
        record(name, MetricType.TIMER, DOUBLE, 0, nanos / 1_000_000d, null, defaultRate, tags);
    }

    /**
     * Starts a batch: metrics added to it are sent together, packed into as few packets as the size limit allows,
     * when {@link Batch#send()} is called.
     *
     * @return a new, empty batch (not thread-safe)
     */
    public Batch batch() {
        return new Batch(this);
    }

    /**
     * Stops accepting metrics, sends what is queued (for at most the close timeout), counts what could not be
     * sent, and releases the client's threads and sockets. Idempotent.
     */
    @Override
    public void close() {
        if (aggregator != null) {
            // the last window goes into the engine before it drains
            aggregator.close();
        }
        engine.close();
    }

    /** @return the aggregator, or {@code null} when aggregation is off (for tests) */
    Aggregator aggregator() {
        return aggregator;
    }

    // ---- the one funnel every metric goes through

    /** Value kinds: which of {@code lv}, {@code dv}, {@code member} a call carries. */
    static final int LONG = 0;

    static final int DOUBLE = 1;
    static final int MEMBER = 2;
    /** A gauge delta, written with an explicit sign. */
    static final int DELTA = 3;

    /** Checks, samples and writes one metric. Never throws. */
    void record(String name, MetricType type, int kind, long lv, double dv, String member, double rate, String[] tags) {
        record(null, name, type, kind, lv, dv, member, rate, tags);
    }

    /** Checks, samples and writes one metric of a meter, at the client's sample rate. Never throws. */
    void record(PreEncodedLine line, int kind, long lv, double dv) {
        record(line, line.name, line.type, kind, lv, dv, null, defaultRate, line.tags);
    }

    /** The one funnel: with a meter's line, its bytes are copied instead of encoding the name and tags. */
    private void record(
            PreEncodedLine line,
            String name,
            MetricType type,
            int kind,
            long lv,
            double dv,
            String member,
            double rate,
            String[] tags) {
        if (!accept(name, type, kind, lv, dv, rate)) {
            return;
        }
        if (aggregator != null && aggregator.add(name, type, kind, lv, dv, member, rate, tags)) {
            return;
        }
        Engine.Stripe s = engine.beginMetric();
        if (s == null) {
            return;
        }
        try {
            if (s.keepsRecords() && member == null && (line == null ? fitsRecord(name, tags) : line.fitsRecord)) {
                long value = kind == LONG ? lv : Double.doubleToRawLongBits(dv);
                engine.commitRecord(s, name, type, kind, value, rate, tags);
            } else {
                if (line == null) {
                    encode(s.writer(), name, type, kind, lv, dv, member, rate, tags);
                } else {
                    line.write(s.writer(), kind, lv, dv);
                }
                engine.commit(s);
            }
        } catch (RuntimeException e) {
            engine.countInvalid();
        } finally {
            s.unlock();
        }
    }

    /**
     * Whether a call can be kept as a record: few enough tags, and few enough characters that its entry fits a
     * packet whatever they encode to (at most 3 bytes each, twice for a negative gauge's two lines).
     */
    private boolean fitsRecord(String name, String[] tags) {
        int chars = name.length();
        if (tags != null) {
            if (tags.length > Engine.MAX_RECORD_TAGS) {
                return false;
            }
            for (String tag : tags) {
                if (tag != null) {
                    chars += tag.length();
                }
            }
        }
        return chars <= recordChars;
    }

    /**
     * The character budget of {@link #fitsRecord}: what a packet leaves after two entries' fixed parts (prefix,
     * constant tags, the longest value, rate, type and separators), divided by the 6 bytes a character may cost.
     */
    private static int recordChars(LineEncoder encoder, int maxPacketSize) {
        LineWriter w = new LineWriter(maxPacketSize + 1);
        encoder.writeHead(w, "x", NO_TAGS);
        encoder.writeTail(w, MetricType.TIMER, 0.5, NO_TAGS);
        // a value and a rate as long as they get, type codes, tag separators
        int fixed = w.length() + 2 * 25 + 4 + 2 * (Engine.MAX_RECORD_TAGS + 2);
        return w.overflowed() ? 0 : (maxPacketSize - 2 * fixed - 1) / 6;
    }

    /** Validates and samples; counts what it refuses. */
    boolean accept(String name, MetricType type, int kind, long lv, double dv, double rate) {
        boolean valid = name != null
                && !name.isEmpty()
                && rate > 0.0
                && rate <= 1.0
                && (kind == LONG || kind == MEMBER || Double.isFinite(dv))
                && (kind != DELTA || encoder.supportsGaugeDelta())
                && (type != MetricType.TIMER || (lv >= 0 && dv >= 0));
        if (!valid) {
            engine.countInvalid();
            return false;
        }
        if (rate < 1.0 && ThreadLocalRandom.current().nextDouble() >= rate) {
            engine.countSampledOut();
            return false;
        }
        return true;
    }

    /** Writes one entry: one line, or for a negative absolute gauge with delta flavours, a reset line and a delta. */
    void encode(
            LineWriter w,
            String name,
            MetricType type,
            int kind,
            long lv,
            double dv,
            String member,
            double rate,
            String[] tags) {
        String[] t = tags == null ? NO_TAGS : tags;
        boolean negativeGauge = type == MetricType.GAUGE
                && kind != DELTA
                && (kind == LONG ? lv < 0 : dv < 0)
                && encoder.supportsGaugeDelta();
        if (negativeGauge) {
            encoder.writeHead(w, name, t);
            w.writeByte('0');
            encoder.writeTail(w, type, 1.0, t);
            w.writeByte('\n');
        }
        encoder.writeHead(w, name, t);
        switch (kind) {
            case LONG:
                w.writeLong(lv);
                break;
            case MEMBER:
                w.writeSanitized(member);
                break;
            case DELTA:
                if (!(dv < 0 || (dv == 0 && 1 / dv < 0))) {
                    w.writeByte('+');
                } else if (dv == 0) {
                    w.writeByte('-');
                }
                w.writeDouble(dv);
                break;
            default:
                w.writeDouble(dv);
        }
        encoder.writeTail(w, type, rate, t);
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
