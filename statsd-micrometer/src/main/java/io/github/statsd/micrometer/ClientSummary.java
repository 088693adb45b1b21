package io.github.statsd.micrometer;

import io.github.statsd.DogStatsdClient;
import io.github.statsd.StatsdTimer;
import io.micrometer.core.instrument.AbstractDistributionSummary;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.distribution.TimeWindowMax;
import java.time.Duration;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * A Micrometer distribution summary that writes one line per recording: {@code |h} or {@code |d} through a
 * {@link DogStatsdClient}, else {@code |ms} through a {@link StatsdTimer} (Etsy StatsD counts {@code |h} as a counter;
 * Telegraf's StatsD input treats {@code |ms} and {@code |h} alike). Keeps the count, total and max for Micrometer's own
 * readers.
 */
final class ClientSummary extends AbstractDistributionSummary {

    /** How a value is written. */
    enum Kind {
        HISTOGRAM,
        DISTRIBUTION,
        TIMER
    }

    /** The largest value sent as a Duration of nanoseconds; larger ones are sent in whole milliseconds. */
    private static final double MAX_FRACTIONAL = 9e12;

    private final Kind kind;
    private final DogStatsdClient dogStatsd;
    private final String name;
    private final String[] tags;
    private final StatsdTimer timer;
    private final LongAdder count = new LongAdder();
    private final DoubleAdder total = new DoubleAdder();
    private final TimeWindowMax max;

    /** A summary sent as {@code |h} or {@code |d}, with its name and tags as encoded per call. */
    ClientSummary(
            Id id,
            Clock clock,
            DistributionStatisticConfig config,
            double scale,
            Kind kind,
            DogStatsdClient dogStatsd,
            String name,
            String[] tags) {
        super(id, clock, config, scale, false);
        this.kind = kind;
        this.dogStatsd = dogStatsd;
        this.name = name;
        this.tags = tags;
        this.timer = null;
        this.max = new TimeWindowMax(clock, config);
    }

    /** A summary sent as {@code |ms}. */
    ClientSummary(Id id, Clock clock, DistributionStatisticConfig config, double scale, StatsdTimer timer) {
        super(id, clock, config, scale, false);
        this.kind = Kind.TIMER;
        this.dogStatsd = null;
        this.name = null;
        this.tags = null;
        this.timer = timer;
        this.max = new TimeWindowMax(clock, config);
    }

    @Override
    protected void recordNonNegative(double amount) {
        count.increment();
        total.add(amount);
        max.record(amount);
        switch (kind) {
            case HISTOGRAM:
                dogStatsd.histogram(name, amount, tags);
                break;
            case DISTRIBUTION:
                dogStatsd.distribution(name, amount, tags);
                break;
            default:
                if (amount == Math.rint(amount) || amount > MAX_FRACTIONAL) {
                    // whole values need no Duration
                    timer.record(Math.round(amount));
                } else {
                    timer.record(Duration.ofNanos(Math.round(amount * 1e6)));
                }
        }
    }

    @Override
    public long count() {
        return count.sum();
    }

    @Override
    public double totalAmount() {
        return total.sum();
    }

    @Override
    public double max() {
        return max.poll();
    }
}
