package io.github.statsd;

import io.github.statsd.internal.CallGate;
import io.github.statsd.internal.MetricCall;
import io.github.statsd.internal.MetricType;
import io.github.statsd.internal.ValueKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Metrics collected to be sent as one unit by {@link #send()} or {@link #close()}: handed to the sender together, one
 * after another, packed into as few packets as the max packet size allows. Sampling and input checks apply per metric
 * when it is added; batched metrics are never aggregated. Not thread-safe; a batch is sent once, later sends and closes
 * do nothing, and metrics added after it was sent are dropped and counted as invalid.
 *
 * <p>Packets: the lines go, in order, into the packet the calling thread is filling, which may already hold lines of
 * its earlier calls. The batch is split into several packets when its lines do not fit into the room left in that
 * packet: each packet holds at most {@link StatsdConfig#maxPacketSize()} bytes, and a line is never cut. So a batch
 * whose lines add up to less than the max packet size may still take two packets; a receiver must not rely on a batch
 * arriving as one datagram.
 *
 * <pre>{@code
 * try (Batch batch = statsd.batch()) {
 *     batch.count("cart.items", 3, "shop:eu")
 *             .gauge("cart.value", 42.5)
 *             .set("cart.users", userId);
 * } // sent here
 * }</pre>
 */
public sealed class Batch implements AutoCloseable permits DogStatsdBatch {

    final CallGate gate;
    private final List<MetricCall> entries = new ArrayList<>();
    private boolean sent;

    Batch(CallGate gate) {
        this.gate = gate;
    }

    /**
     * Adds a counter increment.
     *
     * @param name the metric name
     * @param delta the amount
     * @param tags {@code key:value} tags
     * @return this batch
     */
    public Batch count(String name, long delta, String... tags) {
        return add(name, MetricType.COUNTER, ValueKind.LONG_VALUE, delta, 0, null, gate.defaultRate(), tags);
    }

    /**
     * Adds a sampled counter increment.
     *
     * @param name the metric name
     * @param delta the amount
     * @param sampleRate the probability it is sent, in (0, 1]
     * @param tags {@code key:value} tags
     * @return this batch
     */
    public Batch count(String name, long delta, double sampleRate, String... tags) {
        return add(name, MetricType.COUNTER, ValueKind.LONG_VALUE, delta, 0, null, sampleRate, tags);
    }

    /**
     * Adds a gauge value.
     *
     * @param name the metric name
     * @param value the value, finite
     * @param tags {@code key:value} tags
     * @return this batch
     */
    public Batch gauge(String name, double value, String... tags) {
        return add(name, MetricType.GAUGE, ValueKind.DOUBLE_VALUE, 0, value, null, 1.0, tags);
    }

    /**
     * Adds a gauge value. A negative value is absolute, as with {@link StatsdClient#gauge(String, long, String...)}.
     *
     * @param name the metric name
     * @param value the value
     * @param tags {@code key:value} tags
     * @return this batch
     */
    public Batch gauge(String name, long value, String... tags) {
        return add(name, MetricType.GAUGE, ValueKind.LONG_VALUE, value, 0, null, 1.0, tags);
    }

    /**
     * Adds a change of a gauge, as {@link StatsdClient#gaugeDelta(String, double, String...)} does: dropped and counted
     * as invalid with the DATADOG flavour, which has no gauge deltas.
     *
     * @param name the metric name
     * @param delta the change, finite
     * @param tags {@code key:value} tags
     * @return this batch
     */
    public Batch gaugeDelta(String name, double delta, String... tags) {
        return add(name, MetricType.GAUGE, ValueKind.GAUGE_DELTA, 0, delta, null, 1.0, tags);
    }

    /**
     * Adds a set member.
     *
     * @param name the metric name
     * @param member the member
     * @param tags {@code key:value} tags
     * @return this batch
     */
    public Batch set(String name, String member, String... tags) {
        if (member == null || member.isEmpty()) {
            gate.invalid();
            return this;
        }
        return add(name, MetricType.SET, ValueKind.SET_MEMBER, 0, 0, member, 1.0, tags);
    }

    /**
     * Adds a numeric set member.
     *
     * @param name the metric name
     * @param member the member
     * @param tags {@code key:value} tags
     * @return this batch
     */
    public Batch set(String name, long member, String... tags) {
        return add(name, MetricType.SET, ValueKind.LONG_VALUE, member, 0, null, 1.0, tags);
    }

    /**
     * Adds a timing in milliseconds.
     *
     * @param name the metric name
     * @param millis the time
     * @param tags {@code key:value} tags
     * @return this batch
     */
    public Batch timing(String name, long millis, String... tags) {
        return add(name, MetricType.TIMER, ValueKind.LONG_VALUE, millis, 0, null, gate.defaultRate(), tags);
    }

    /**
     * Adds a timing.
     *
     * @param name the metric name
     * @param duration the time
     * @param tags {@code key:value} tags
     * @return this batch
     */
    public Batch timing(String name, Duration duration, String... tags) {
        if (duration == null) {
            gate.invalid();
            return this;
        }
        return add(
                name,
                MetricType.TIMER,
                ValueKind.DOUBLE_VALUE,
                0,
                StatsdClient.toMillis(duration),
                null,
                gate.defaultRate(),
                tags);
    }

    /** @return the number of metrics added and not sampled out */
    public int size() {
        return entries.size();
    }

    final Batch add(
            String name,
            MetricType type,
            ValueKind kind,
            long longValue,
            double doubleValue,
            String member,
            double rate,
            String[] tags) {
        if (sent) {
            gate.invalid();
            return this;
        }
        if (gate.accept(name, type, kind, longValue, doubleValue, rate)) {
            entries.add(new MetricCall(
                    name, type, kind, longValue, doubleValue, member, rate, tags == null ? null : tags.clone()));
        }
        return this;
    }

    /**
     * Hands every metric of the batch to the sender at once. Never blocks on I/O and never throws; what does not fit in
     * the queue is dropped and counted. Later calls do nothing.
     */
    public void send() {
        if (sent) {
            return;
        }
        sent = true;
        if (entries.isEmpty()) {
            return;
        }
        gate.send(entries);
    }

    /** Sends the batch, as {@link #send()} does, unless it was sent already. */
    @Override
    public void close() {
        send();
    }
}
