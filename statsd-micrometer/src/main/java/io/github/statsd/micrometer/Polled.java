package io.github.statsd.micrometer;

import io.micrometer.core.instrument.Meter;

/** A meter whose values the registry reads and sends at each step, on its poll thread. */
interface Polled {

    /** @return the meter, to drop it from polling when it is removed from the registry */
    Meter meter();

    /**
     * Sends the meter's current values.
     *
     * @param poller where to send them, and to count what is skipped
     * @return {@code false} when the meter's object was garbage-collected: it is polled no more
     */
    boolean publish(Poller poller);
}
