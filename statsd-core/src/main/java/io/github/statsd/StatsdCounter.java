package io.github.statsd;

import io.github.statsd.internal.CallGate;
import io.github.statsd.internal.PreEncodedLine;
import io.github.statsd.internal.ValueKind;

/**
 * A counter with its name and tags fixed, made by {@link StatsdClient#counter(String, String...)}: its line is encoded
 * once, so a call only copies it and writes the value, with no lookup of the name or the tags. The fastest way to count
 * on a hot path; otherwise the same as {@link StatsdClient#count(String, long, String...)}: a call never blocks or
 * throws, is sampled at the meter's sample rate (the client's, unless one was given to
 * {@link StatsdClient#counter(String, double, String...)}), aggregated when the client aggregates, and counted in
 * {@link StatsdClient#stats()} when dropped. Thread-safe; make it once and keep it.
 *
 * <pre>{@code
 * StatsdCounter placed = statsd.counter("orders.placed", "region:eu");
 * placed.increment();
 * }</pre>
 */
public final class StatsdCounter {

    private final CallGate gate;
    private final PreEncodedLine line;

    StatsdCounter(CallGate gate, PreEncodedLine line) {
        this.gate = gate;
        this.line = line;
    }

    /** Adds 1. */
    public void increment() {
        gate.meter(line, ValueKind.LONG_VALUE, 1, 0);
    }

    /** Subtracts 1. */
    public void decrement() {
        gate.meter(line, ValueKind.LONG_VALUE, -1, 0);
    }

    /**
     * Adds an amount.
     *
     * @param delta the amount
     */
    public void count(long delta) {
        gate.meter(line, ValueKind.LONG_VALUE, delta, 0);
    }

    /** @return the name, as given (the prefix and sanitizing apply on the wire) */
    public String name() {
        return line.name();
    }
}
