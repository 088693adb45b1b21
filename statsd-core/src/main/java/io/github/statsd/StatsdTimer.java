package io.github.statsd;

import io.github.statsd.internal.CallGate;
import io.github.statsd.internal.PreEncodedLine;
import io.github.statsd.internal.ValueKind;
import java.time.Duration;

/**
 * A timer with its name and tags fixed, made by {@link StatsdClient#timer(String, String...)}: its line is encoded
 * once, so a call only copies it and writes the value, with no lookup of the name or the tags. Otherwise the same as
 * {@link StatsdClient#timing(String, Duration, String...)}: a call never blocks or throws, is sampled at the client's
 * sample rate, and a negative or {@code null} time is dropped and counted as invalid. Thread-safe; make it once and
 * keep it.
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
