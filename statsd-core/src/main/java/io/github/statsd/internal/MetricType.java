package io.github.statsd.internal;

import java.nio.charset.StandardCharsets;

/** StatsD metric types and their wire codes. */
public enum MetricType {
    /** Counter, {@code c}. */
    COUNTER("c"),
    /** Gauge, {@code g}. */
    GAUGE("g"),
    /** Set, {@code s}. */
    SET("s"),
    /** Timer in milliseconds, {@code ms}. */
    TIMER("ms"),
    /** Histogram, {@code h}. */
    HISTOGRAM("h"),
    /** Distribution, {@code d}. */
    DISTRIBUTION("d");

    private final byte[] code;

    MetricType(String code) {
        this.code = ("|" + code).getBytes(StandardCharsets.US_ASCII);
    }

    /** @return {@code |} followed by the type code */
    byte[] code() {
        return code;
    }
}
