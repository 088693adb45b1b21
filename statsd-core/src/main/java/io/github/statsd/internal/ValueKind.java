package io.github.statsd.internal;

/** Which value a metric call carries, and how it is written. */
public enum ValueKind {
    /** A whole number, written as is. */
    LONG_VALUE,
    /** A finite decimal number, written as is. */
    DOUBLE_VALUE,
    /** A set member given as a string, sanitized like a name. */
    SET_MEMBER,
    /** A gauge change (a finite decimal number), always written with its sign. */
    GAUGE_DELTA;

    private static final ValueKind[] KINDS = values();

    /** @return the kind with this ordinal, without the copy {@link #values()} makes */
    static ValueKind of(int ordinal) {
        return KINDS[ordinal];
    }
}
