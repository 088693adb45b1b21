package io.github.statsd.micrometer;

import io.github.statsd.StatsdClient;
import io.micrometer.core.instrument.Meter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
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

    /** @return how many meters are polled */
    int size() {
        return meters.size();
    }

    /**
     * Publishes every polled meter once; one meter's failure does not stop the others, nor the schedule. Runs on the
     * poll thread only, so that a function meter's delta is taken by one thread.
     */
    private void poll() {
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

    /**
     * Polls one last time, on the poll thread after any poll running, and waits for it (at most the timeout, which only
     * a value function that hangs can exceed).
     */
    void close(Duration timeout) {
        try {
            scheduler.execute(this::poll);
        } catch (RejectedExecutionException e) {
            // closed already
            return;
        }
        scheduler.shutdown();
        try {
            scheduler.awaitTermination(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
