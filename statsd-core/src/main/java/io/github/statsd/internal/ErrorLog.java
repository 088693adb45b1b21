package io.github.statsd.internal;

import java.util.function.Consumer;
import java.util.function.LongSupplier;

/** Passes sender errors to the user's handler, or logs them, at most one warning every ten seconds. */
final class ErrorLog {

    private static final System.Logger LOG = System.getLogger("io.github.statsd");
    private static final long QUIET_NANOS = 10_000_000_000L;

    private final Consumer<Exception> handler;
    /** The clock of the quiet period: {@link System#nanoTime()}, or a test's. */
    private final LongSupplier nanoTime;

    private long lastWarning;
    private long suppressed;

    ErrorLog(Consumer<Exception> handler) {
        this(handler, System::nanoTime);
    }

    /** With a clock of its own, so that a test can step time through the quiet period. */
    ErrorLog(Consumer<Exception> handler, LongSupplier nanoTime) {
        this.handler = handler;
        this.nanoTime = nanoTime;
        this.lastWarning = nanoTime.getAsLong() - QUIET_NANOS;
    }

    void report(Exception e) {
        if (handler != null) {
            try {
                handler.accept(e);
            } catch (RuntimeException ignored) {
                // a failing handler must not stop the sender
            }
            return;
        }
        synchronized (this) {
            long now = nanoTime.getAsLong();
            if (now - lastWarning >= QUIET_NANOS) {
                LOG.log(
                        System.Logger.Level.WARNING,
                        "statsd sender error (metrics lost are counted in stats(); {0} similar errors not logged): {1}",
                        suppressed,
                        e.toString());
                lastWarning = now;
                suppressed = 0;
            } else {
                suppressed++;
                LOG.log(System.Logger.Level.DEBUG, "statsd sender error: {0}", e.toString());
            }
        }
    }
}
