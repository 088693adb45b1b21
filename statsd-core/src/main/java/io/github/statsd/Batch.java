package io.github.statsd;

import io.github.statsd.internal.CallGate;
import io.github.statsd.internal.MetricCall;
import io.github.statsd.internal.MetricType;
import io.github.statsd.internal.ValueKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Metrics collected to be sent as one unit by {@link #send()}: handed to the sender together, one after another, packed
 * into as few packets as the max packet size allows. Sampling and input checks apply per metric when it is added. Not
 * thread-safe; a batch can be sent once.
 */
public final class Batch {

    private final CallGate gate;
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

    private Batch add(
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
}
