package io.github.statsd.benchmarks;

/**
 * Call durations in nanoseconds, for the paced benchmark, which times each call itself: 10 ns buckets up to 10 us, then
 * one bucket per power of two. One writer (its benchmark thread); merged after the trial.
 */
final class LatencyHistogram {

    private static final int LINEAR_STEP = 10;
    private static final int LINEAR_BUCKETS = 1_000;
    private static final long LINEAR_LIMIT = (long) LINEAR_STEP * LINEAR_BUCKETS;

    private final long[] linear = new long[LINEAR_BUCKETS];
    /** Bucket k holds durations in [2^k, 2^(k+1)) at or above {@link #LINEAR_LIMIT}. */
    private final long[] log = new long[64];

    private long count;

    void record(long nanos) {
        if (nanos < LINEAR_LIMIT) {
            linear[(int) (Math.max(0, nanos) / LINEAR_STEP)]++;
        } else {
            log[63 - Long.numberOfLeadingZeros(nanos)]++;
        }
        count++;
    }

    void add(LatencyHistogram other) {
        for (int i = 0; i < LINEAR_BUCKETS; i++) {
            linear[i] += other.linear[i];
        }
        for (int i = 0; i < log.length; i++) {
            log[i] += other.log[i];
        }
        count += other.count;
    }

    long count() {
        return count;
    }

    /** The upper bound of the bucket holding quantile {@code q}, in nanoseconds. */
    long quantile(double q) {
        long rank = (long) Math.ceil(q * count);
        long seen = 0;
        for (int i = 0; i < LINEAR_BUCKETS; i++) {
            seen += linear[i];
            if (seen >= rank && seen > 0) {
                return (long) (i + 1) * LINEAR_STEP;
            }
        }
        for (int k = 0; k < log.length; k++) {
            seen += log[k];
            if (seen >= rank && seen > 0) {
                return k >= 62 ? Long.MAX_VALUE : 1L << (k + 1);
            }
        }
        return 0;
    }

    String summary() {
        return String.format(
                java.util.Locale.ROOT,
                "p50=%d p90=%d p99=%d p99.9=%d p99.99=%d ns (n=%d, bucket upper bounds)",
                quantile(0.50),
                quantile(0.90),
                quantile(0.99),
                quantile(0.999),
                quantile(0.9999),
                count);
    }
}
