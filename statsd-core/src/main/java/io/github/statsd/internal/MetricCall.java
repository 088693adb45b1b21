package io.github.statsd.internal;

/**
 * One metric call kept to be written later in the caller's thread: an entry of a batch, or a line of an aggregation
 * window.
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
public record MetricCall(
        String name,
        MetricType type,
        ValueKind kind,
        long longValue,
        double doubleValue,
        String member,
        double rate,
        String[] tags) {}
