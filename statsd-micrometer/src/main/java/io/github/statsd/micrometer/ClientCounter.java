package io.github.statsd.micrometer;

import io.github.statsd.StatsdCounter;
import io.micrometer.core.instrument.AbstractMeter;
import io.micrometer.core.instrument.Counter;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;

/**
 * A Micrometer counter that writes one {@code |c} line per increment through a {@link StatsdCounter}, whose line is
 * encoded once at registration. The client counts in whole numbers: fractions of increments are carried until they add
 * up to one.
 */
final class ClientCounter extends AbstractMeter implements Counter {

    private final StatsdCounter line;
    /** The cumulative count, for {@link #count()}. */
    private final DoubleAdder total = new DoubleAdder();
    /** The raw bits of the fraction carried over, in [0, 1). */
    private final AtomicLong carried = new AtomicLong();

    ClientCounter(Id id, StatsdCounter line) {
        super(id);
        this.line = line;
    }

    @Override
    public void increment(double amount) {
        // counters only go up, as in Micrometer's other registries; also refuses NaN and infinity
        if (!(amount > 0 && amount < Long.MAX_VALUE)) {
            return;
        }
        total.add(amount);
        long whole = (long) amount;
        double fraction = amount - whole;
        if (fraction != 0) {
            whole += carry(carried, fraction);
        }
        if (whole != 0) {
            line.count(whole);
        }
    }

    @Override
    public double count() {
        return total.sum();
    }

    /** Adds a fraction to a carried remainder and takes the whole part out of it, lock-free. */
    static long carry(AtomicLong carried, double fraction) {
        for (; ; ) {
            long bits = carried.get();
            double sum = Double.longBitsToDouble(bits) + fraction;
            long whole = (long) sum;
            if (carried.compareAndSet(bits, Double.doubleToRawLongBits(sum - whole))) {
                return whole;
            }
        }
    }
}
