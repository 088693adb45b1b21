package io.github.statsd.micrometer;

import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.internal.DefaultLongTaskTimer;
import java.util.concurrent.TimeUnit;

/**
 * A Micrometer long task timer sent at each step as three {@code |g}: the tasks running, their total duration and the
 * longest one's, in milliseconds.
 */
final class ClientLongTaskTimer extends DefaultLongTaskTimer implements Polled {

    private final String name;
    private final String[] activeTags;
    private final String[] durationTags;
    private final String[] maxTags;

    ClientLongTaskTimer(
            Id id,
            Clock clock,
            DistributionStatisticConfig config,
            String name,
            String[] activeTags,
            String[] durationTags,
            String[] maxTags) {
        super(id, clock, TimeUnit.MILLISECONDS, config, false);
        this.name = name;
        this.activeTags = activeTags;
        this.durationTags = durationTags;
        this.maxTags = maxTags;
    }

    @Override
    public Meter meter() {
        return this;
    }

    @Override
    public boolean publish(Poller poller) {
        poller.client.gauge(name, (long) activeTasks(), activeTags);
        poller.client.gauge(name, duration(TimeUnit.MILLISECONDS), durationTags);
        poller.client.gauge(name, max(TimeUnit.MILLISECONDS), maxTags);
        return true;
    }
}
