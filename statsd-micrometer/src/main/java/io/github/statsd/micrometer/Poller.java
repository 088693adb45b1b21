package io.github.statsd.micrometer;

import io.github.statsd.StatsdClient;
import io.micrometer.core.instrument.Meter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes the polled meters (gauges, function counters and timers, long task timers) at each step, on one daemon
 * thread of its own, so that no poll runs on, or blocks, a thread that records.
 */
final class Poller {

    private static final AtomicInteger THREADS = new AtomicInteger();

    final StatsdClient client;
    private final List<Polled> meters = new CopyOnWriteArrayList<>();
    private final AtomicLong skipped = new AtomicLong();
    /** Serializes a scheduled poll and the last one of close: a function meter's delta is taken once. */
    private final Object pollLock = new Object();

    private final ScheduledExecutorService scheduler;

    Poller(StatsdClient client, Duration step) {
        this.client = client;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread t = new Thread(task, "statsd-micrometer-poll-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        long nanos = step.toNanos();
        scheduler.scheduleAtFixedRate(this::poll, nanos, nanos, TimeUnit.NANOSECONDS);
    }

    void add(Polled meter) {
        meters.add(meter);
    }

    void remove(Meter meter) {
        meters.removeIf(p -> p.meter() == meter);
    }

    /** Counts a value that was not sent: NaN or infinite. */
    void skip() {
        skipped.incrementAndGet();
    }

    long skipped() {
        return skipped.get();
    }

    /** Publishes every polled meter once; one meter's failure does not stop the others, nor the schedule. */
    void poll() {
        synchronized (pollLock) {
            List<Polled> gone = null;
            for (Polled p : meters) {
                boolean alive;
                try {
                    alive = p.publish(this);
                } catch (RuntimeException e) {
                    // a user's value function threw: the value is skipped, the meter polled again next step
                    skip();
                    alive = true;
                }
                if (!alive) {
                    if (gone == null) {
                        gone = new ArrayList<>();
                    }
                    gone.add(p);
                }
            }
            if (gone != null) {
                meters.removeAll(gone);
            }
        }
    }

    /** Stops the schedule, waiting for a running poll, then polls one last time. */
    void close() {
        scheduler.shutdown();
        poll();
    }
}
