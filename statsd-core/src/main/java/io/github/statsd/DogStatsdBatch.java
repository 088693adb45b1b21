package io.github.statsd;

import io.github.statsd.internal.CallGate;
import io.github.statsd.internal.MetricType;
import io.github.statsd.internal.ValueKind;
import java.time.Duration;

/**
 * The batch of a {@link DogStatsdClient}: a {@link Batch} that also takes histograms and distributions. Its methods
 * return this type, so that they chain.
 *
 * <pre>{@code
 * try (DogStatsdBatch batch = dogStatsd.batch()) {
 *     batch.count("upload.files", files).histogram("upload.bytes", bytes).distribution("upload.time", millis);
 * }
 * }</pre>
 */
public final class DogStatsdBatch extends Batch {

    DogStatsdBatch(CallGate gate) {
        super(gate);
    }

    /**
     * Adds a histogram value.
     *
     * @param name the metric name
     * @param value the value, finite
     * @param tags {@code key:value} tags
     * @return this batch
     */
    public DogStatsdBatch histogram(String name, double value, String... tags) {
        return histogram(name, value, gate.defaultRate(), tags);
    }

    /**
     * Adds a sampled histogram value.
     *
     * @param name the metric name
     * @param value the value, finite
     * @param sampleRate the probability it is sent, in (0, 1]
     * @param tags {@code key:value} tags
     * @return this batch
     */
    public DogStatsdBatch histogram(String name, double value, double sampleRate, String... tags) {
        add(name, MetricType.HISTOGRAM, ValueKind.DOUBLE_VALUE, 0, value, null, sampleRate, tags);
        return this;
    }

    /**
     * Adds a distribution value.
     *
     * @param name the metric name
     * @param value the value, finite
     * @param tags {@code key:value} tags
     * @return this batch
     */
    public DogStatsdBatch distribution(String name, double value, String... tags) {
        return distribution(name, value, gate.defaultRate(), tags);
    }

    /**
     * Adds a sampled distribution value.
     *
     * @param name the metric name
     * @param value the value, finite
     * @param sampleRate the probability it is sent, in (0, 1]
     * @param tags {@code key:value} tags
     * @return this batch
     */
    public DogStatsdBatch distribution(String name, double value, double sampleRate, String... tags) {
        add(name, MetricType.DISTRIBUTION, ValueKind.DOUBLE_VALUE, 0, value, null, sampleRate, tags);
        return this;
    }

    @Override
    public DogStatsdBatch count(String name, long delta, String... tags) {
        super.count(name, delta, tags);
        return this;
    }

    @Override
    public DogStatsdBatch count(String name, long delta, double sampleRate, String... tags) {
        super.count(name, delta, sampleRate, tags);
        return this;
    }

    @Override
    public DogStatsdBatch gauge(String name, double value, String... tags) {
        super.gauge(name, value, tags);
        return this;
    }

    @Override
    public DogStatsdBatch gauge(String name, long value, String... tags) {
        super.gauge(name, value, tags);
        return this;
    }

    @Override
    public DogStatsdBatch gaugeDelta(String name, double delta, String... tags) {
        super.gaugeDelta(name, delta, tags);
        return this;
    }

    @Override
    public DogStatsdBatch set(String name, String member, String... tags) {
        super.set(name, member, tags);
        return this;
    }

    @Override
    public DogStatsdBatch set(String name, long member, String... tags) {
        super.set(name, member, tags);
        return this;
    }

    @Override
    public DogStatsdBatch timing(String name, long millis, String... tags) {
        super.timing(name, millis, tags);
        return this;
    }

    @Override
    public DogStatsdBatch timing(String name, Duration duration, String... tags) {
        super.timing(name, duration, tags);
        return this;
    }
}
