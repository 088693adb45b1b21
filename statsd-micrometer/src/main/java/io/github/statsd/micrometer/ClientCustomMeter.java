package io.github.statsd.micrometer;

import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Statistic;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Function;

/** A custom Micrometer meter: each of its measurements is sent as a {@code |g} at each step. */
final class ClientCustomMeter implements Meter, Polled {

    private final Id id;
    private final Iterable<Measurement> measurements;
    private final String name;
    /** The tags per statistic, made on first use by the poll thread. */
    private final Map<Statistic, String[]> tags = new EnumMap<>(Statistic.class);

    private final Function<Statistic, String[]> tagsOf;

    ClientCustomMeter(Id id, Iterable<Measurement> measurements, String name, Function<Statistic, String[]> tagsOf) {
        this.id = id;
        this.measurements = measurements;
        this.name = name;
        this.tagsOf = tagsOf;
    }

    @Override
    public Id getId() {
        return id;
    }

    @Override
    public Iterable<Measurement> measure() {
        return measurements;
    }

    @Override
    public Meter meter() {
        return this;
    }

    @Override
    public boolean publish(Poller poller) {
        for (Measurement m : measurements) {
            double v = m.getValue();
            if (Double.isFinite(v)) {
                poller.client.gauge(name, v, tags.computeIfAbsent(m.getStatistic(), tagsOf));
            } else {
                poller.skip();
            }
        }
        return true;
    }
}
