package io.github.statsd.micrometer;

import io.github.statsd.StatsdTimer;
import io.micrometer.core.instrument.AbstractTimer;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.distribution.TimeWindowMax;
import io.micrometer.core.instrument.distribution.pause.PauseDetector;
import io.micrometer.core.instrument.util.TimeUtils;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * A Micrometer timer that writes one {@code |ms} line per recording through a {@link StatsdTimer}, whose line is
 * encoded once at registration; it keeps the count, total and max for Micrometer's own readers.
 */
final class ClientTimer extends AbstractTimer {

    private static final long NANOS_PER_MILLI = 1_000_000;

    private final StatsdTimer line;
    private final LongAdder count = new LongAdder();
    private final LongAdder totalNanos = new LongAdder();
    private final TimeWindowMax max;

    ClientTimer(
            Id id,
            Clock clock,
            DistributionStatisticConfig distributionStatisticConfig,
            PauseDetector pauseDetector,
            TimeUnit baseTimeUnit,
            StatsdTimer line) {
        super(id, clock, distributionStatisticConfig, pauseDetector, baseTimeUnit, false);
        this.line = line;
        this.max = new TimeWindowMax(clock, distributionStatisticConfig);
    }

    @Override
    protected void recordNonNegative(long amount, TimeUnit unit) {
        long nanos = unit.toNanos(amount);
        count.increment();
        totalNanos.add(nanos);
        max.record(nanos, TimeUnit.NANOSECONDS);
        // whole milliseconds need no Duration; a fraction needs one, the client's only fractional timer call (the
        // compiled path does not allocate it: it does not escape)
        if (nanos % NANOS_PER_MILLI == 0) {
            line.record(nanos / NANOS_PER_MILLI);
        } else {
            line.record(Duration.ofNanos(nanos));
        }
    }

    @Override
    public long count() {
        return count.sum();
    }

    @Override
    public double totalTime(TimeUnit unit) {
        return TimeUtils.nanosToUnit(totalNanos.sum(), unit);
    }

    @Override
    public double max(TimeUnit unit) {
        return max.poll(unit);
    }
}
