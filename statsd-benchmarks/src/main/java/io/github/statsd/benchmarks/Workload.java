package io.github.statsd.benchmarks;

/** The shared workload: 1,000 metric names, each with its own pre-built array of two tags. */
final class Workload {

    /** How many distinct names. */
    static final int NAMES = 1000;

    final String[] names = new String[NAMES];
    final String[][] tags = new String[NAMES][];
    /** The same tags as key/value pairs, for Micrometer's builders. */
    final String[][] tagPairs = new String[NAMES][];

    Workload() {
        for (int i = 0; i < NAMES; i++) {
            names[i] = String.format("bench.metric.%03d", i);
            String shard = Integer.toString(i % 16);
            tags[i] = new String[] {"env:bench", "shard:" + shard};
            tagPairs[i] = new String[] {"env", "bench", "shard", shard};
        }
    }
}
