package io.github.statsd.internal;

/**
 * Encodes a metric call that was kept as a record: what a client would have written in the caller's thread, written
 * by a sender instead.
 */
@FunctionalInterface
public interface RecordEncoder {

    /**
     * Writes the entry of one call.
     *
     * @param w the writer, empty
     * @param name the metric name
     * @param type the metric type
     * @param kind which value the call carries, as the client numbers them
     * @param lv the value, when a long
     * @param dv the value, when a double
     * @param member the set member, or {@code null}
     * @param rate the sample rate
     * @param tags the call's tags
     */
    void encode(
            LineWriter w,
            String name,
            MetricType type,
            int kind,
            long lv,
            double dv,
            String member,
            double rate,
            String[] tags);
}
