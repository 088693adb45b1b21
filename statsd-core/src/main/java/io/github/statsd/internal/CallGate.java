package io.github.statsd.internal;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Where every metric call of a StatsD client comes in, from the client, its batches and its meters: checks the input,
 * samples, and hands what passes to the aggregator (when it aggregates the call) or the engine.
 */
public final class CallGate implements AutoCloseable {

    private final Engine engine;
    private final MetricEncoder metrics;
    private final double defaultRate;
    private final boolean supportsGaugeDelta;
    /** Client-side aggregation, or {@code null} when off. */
    private final Aggregator aggregator;
    /** Writes the calls of a list, the subject of {@link Engine#offer}. */
    private final Entries calls;

    /**
     * Creates the gate of a client; starts the aggregator's thread when it aggregates.
     *
     * @param engine the client's engine
     * @param metrics the client's encoder
     * @param defaultRate the sample rate of calls that give none
     * @param aggregationInterval the aggregation window, or {@code null} not to aggregate
     * @param threads names the aggregator's thread
     */
    public CallGate(
            Engine engine,
            MetricEncoder metrics,
            double defaultRate,
            Duration aggregationInterval,
            ThreadNames threads) {
        this.engine = engine;
        this.metrics = metrics;
        this.defaultRate = defaultRate;
        this.supportsGaugeDelta = metrics.supportsGaugeDelta();
        this.calls = (w, i, subject, tags, number, value, seconds) -> {
            MetricCall c = (MetricCall) ((List<?>) subject).get(i);
            metrics.write(
                    w, c.name(), c.type(), c.kind(), c.longValue(), c.doubleValue(), c.member(), c.rate(), c.tags());
        };
        this.aggregator = aggregationInterval == null
                ? null
                : new Aggregator(engine, this.calls, aggregationInterval, threads.aggregator());
    }

    /** @return the sample rate of calls that give none */
    public double defaultRate() {
        return defaultRate;
    }

    /**
     * Checks, samples and sends one metric. Never throws.
     *
     * @param name the metric name
     * @param type the metric type
     * @param kind which value the call carries
     * @param longValue the value, when a long
     * @param doubleValue the value, when a double
     * @param member the set member, when a string
     * @param rate the sample rate
     * @param tags the tags, may be {@code null}
     */
    public void metric(
            String name,
            MetricType type,
            ValueKind kind,
            long longValue,
            double doubleValue,
            String member,
            double rate,
            String[] tags) {
        if (!accept(name, type, kind, longValue, doubleValue, rate)) {
            return;
        }
        if (aggregator != null && aggregator.add(name, type, kind, longValue, doubleValue, member, rate, tags)) {
            return;
        }
        engine.offerMetric(null, name, type, kind, longValue, doubleValue, member, rate, tags);
    }

    /**
     * Checks, samples and sends one call of a meter, at the meter's rate: its line's bytes are copied instead of
     * encoding the name and tags. Never throws.
     *
     * @param line the meter's line
     * @param kind which value the call carries: a long or a double
     * @param longValue the value, when a long
     * @param doubleValue the value, when a double
     */
    public void meter(PreEncodedLine line, ValueKind kind, long longValue, double doubleValue) {
        double rate = line.rate;
        if (!accept(line.name, line.type, kind, longValue, doubleValue, rate)) {
            return;
        }
        if (aggregator != null
                && aggregator.add(line.name, line.type, kind, longValue, doubleValue, null, rate, line.tags)) {
            return;
        }
        engine.offerMetric(line, line.name, line.type, kind, longValue, doubleValue, null, rate, line.tags);
    }

    /**
     * Encodes the line of a meter, once, at the default sample rate.
     *
     * @param name the name
     * @param type the type
     * @param tags the tags, copied
     * @return the line
     * @throws IllegalArgumentException when the name is {@code null} or empty
     */
    public PreEncodedLine meterLine(String name, MetricType type, String[] tags) {
        return meterLine(name, type, defaultRate, tags);
    }

    /**
     * Encodes the line of a meter, once.
     *
     * @param name the name
     * @param type the type
     * @param rate the sample rate of every call, in (0, 1]
     * @param tags the tags, copied
     * @return the line
     * @throws IllegalArgumentException when the name is {@code null} or empty, or the rate out of range
     */
    public PreEncodedLine meterLine(String name, MetricType type, double rate, String[] tags) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a meter needs a name, was " + (name == null ? "null" : "empty"));
        }
        if (!(rate > 0.0 && rate <= 1.0)) {
            throw new IllegalArgumentException("a meter's sample rate must be in (0, 1], was " + rate);
        }
        return new PreEncodedLine(metrics.lineEncoder(), name, type, rate, tags, metrics.fitsDeferred(name, tags));
    }

    /**
     * Validates and samples one call; counts what it refuses.
     *
     * @param name the metric name
     * @param type the metric type
     * @param kind which value the call carries
     * @param longValue the value, when a long
     * @param doubleValue the value, when a double
     * @param rate the sample rate
     * @return whether the call goes on
     */
    public boolean accept(
            String name, MetricType type, ValueKind kind, long longValue, double doubleValue, double rate) {
        boolean valid = name != null
                && !name.isEmpty()
                && rate > 0.0
                && rate <= 1.0
                && (kind == ValueKind.LONG_VALUE || kind == ValueKind.SET_MEMBER || Double.isFinite(doubleValue))
                && (kind != ValueKind.GAUGE_DELTA || supportsGaugeDelta)
                && (type != MetricType.TIMER || (longValue >= 0 && doubleValue >= 0));
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

    /** Counts a call dropped for bad input found before {@link #accept}. */
    public void invalid() {
        engine.countInvalid();
    }

    /**
     * Sends calls accepted earlier, one after another, encoded in the caller's thread. Never throws.
     *
     * @param list the calls
     */
    public void send(List<MetricCall> list) {
        engine.offer(calls, list.size(), list, null, 0, 0, 0);
    }

    /** Ends the aggregation window early, if the client aggregates: its lines go to the engine now. */
    public void flushWindow() {
        if (aggregator != null) {
            aggregator.flushWindow();
        }
    }

    /** @return the aggregator, or {@code null} when aggregation is off (for tests) */
    public Aggregator aggregator() {
        return aggregator;
    }

    /** Sends the last aggregation window, if any; calls from now on go directly to the engine. */
    @Override
    public void close() {
        if (aggregator != null) {
            aggregator.close();
        }
    }
}
