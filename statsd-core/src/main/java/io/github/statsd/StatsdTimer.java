package io.github.statsd;

import io.github.statsd.internal.CallGate;
import io.github.statsd.internal.PreEncodedLine;
import io.github.statsd.internal.ValueKind;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A timer with its name and tags fixed, made by {@link StatsdClient#timer(String, String...)}: its line is encoded
 * once, so a call only copies it and writes the value, with no lookup of the name or the tags. Otherwise the same as
 * {@link StatsdClient#timing(String, Duration, String...)}: a call never blocks or throws, is sampled at the meter's
 * sample rate (the client's, unless one was given to {@link StatsdClient#timer(String, double, String...)}), and a
 * negative or {@code null} time is dropped and counted as invalid. Thread-safe; make it once and keep it.
 *
 * <pre>{@code
 * StatsdTimer query = statsd.timer("db.query", "table:orders");
 * long start = System.nanoTime();
 * runQuery();
 * query.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
 * }</pre>
 */
public final class StatsdTimer {

    private final CallGate gate;
    private final PreEncodedLine line;

    StatsdTimer(CallGate gate, PreEncodedLine line) {
        this.gate = gate;
        this.line = line;
    }

    /**
     * Records a time in milliseconds.
     *
     * @param millis the time, not negative
     */
    public void record(long millis) {
        gate.meter(line, ValueKind.LONG_VALUE, millis, 0);
    }

    /**
     * Records a time in milliseconds with a fraction, sent with up to six fraction digits.
     *
     * @param millis the time, finite and not negative
     */
    public void record(double millis) {
        gate.meter(line, ValueKind.DOUBLE_VALUE, 0, millis);
    }

    /**
     * Records a time in any unit, sent in milliseconds: whole milliseconds for {@link TimeUnit#MILLISECONDS} and
     * coarser units, with up to six fraction digits for finer ones.
     *
     * @param amount the time, not negative
     * @param unit its unit; {@code null} drops the call, counted as invalid
     */
    public void record(long amount, TimeUnit unit) {
        if (unit == null) {
            gate.invalid();
        } else if (unit.compareTo(TimeUnit.MILLISECONDS) >= 0) {
            gate.meter(line, ValueKind.LONG_VALUE, unit.toMillis(amount), 0);
        } else {
            gate.meter(line, ValueKind.DOUBLE_VALUE, 0, amount / (double) unit.convert(1, TimeUnit.MILLISECONDS));
        }
    }

    /**
     * Records a time, sent in milliseconds with up to six fraction digits.
     *
     * @param duration the time, not negative
     */
    public void record(Duration duration) {
        if (duration == null) {
            gate.invalid();
            return;
        }
        gate.meter(line, ValueKind.DOUBLE_VALUE, 0, StatsdClient.toMillis(duration));
    }

    /** @return the name, as given (the prefix and sanitizing apply on the wire) */
    public String name() {
        return line.name();
    }
}
