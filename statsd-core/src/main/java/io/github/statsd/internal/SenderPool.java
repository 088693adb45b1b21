package io.github.statsd.internal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/** An engine's sender threads: starts them, tells their state, hands the flushing over when one fails, stops them. */
final class SenderPool {

    private final Sender[] senders;
    private final Thread[] threads;
    /** Sender threads that ended on an unexpected error. */
    private final AtomicInteger failed = new AtomicInteger();

    /**
     * Creates the sender threads, not started.
     *
     * @param count how many: the configured number, or none for a no-op engine
     * @param lineSink where the senders give their lines instead of a server, or {@code null}
     */
    SenderPool(Engine engine, EngineSettings settings, int count, Consumer<String> lineSink) {
        this.senders = new Sender[count];
        this.threads = new Thread[senders.length];
        for (int i = 0; i < senders.length; i++) {
            Transport transport =
                    lineSink == null ? settings.transport().create(settings) : new LineSinkTransport(lineSink);
            senders[i] = new Sender(engine, transport, i);
            threads[i] = new Thread(senders[i], settings.threads().sender(i));
            threads[i].setDaemon(true);
        }
        engine.queue.wakes(senders, threads);
    }

    void start() {
        for (Thread t : threads) {
            t.start();
        }
    }

    SenderState state() {
        int alive = 0;
        int connected = 0;
        for (int i = 0; i < threads.length; i++) {
            if (threads[i].isAlive()) {
                alive++;
                if (senders[i].transport.isConnected()) {
                    connected++;
                }
            }
        }
        return new SenderState(threads.length, alive, connected, failed.get());
    }

    /** @return one bit per sender, by its index, that has not failed */
    long live() {
        long mask = 0;
        for (int i = 0; i < senders.length; i++) {
            if (!senders[i].failed && threads[i].isAlive()) {
                mask |= 1L << i;
            }
        }
        return mask;
    }

    /**
     * Counts a sender that is ending on an unexpected error, and gives its flushing to another one.
     *
     * @return whether no sender is left
     */
    boolean failed(Sender sender) {
        if (failed.incrementAndGet() == senders.length) {
            return true;
        }
        if (sender.flusher) {
            for (Sender other : senders) {
                if (other != sender && !other.failed) {
                    other.flusher = true;
                    break;
                }
            }
        }
        return false;
    }

    /** Closes the connections under blocked writes and interrupts the threads. */
    void stop() {
        for (Sender sender : senders) {
            sender.transport.abort();
        }
        for (Thread t : threads) {
            t.interrupt();
        }
    }

    void disconnect() {
        for (Sender sender : senders) {
            sender.transport.disconnect();
        }
    }

    /**
     * Waits for the sender threads until the deadline. An interrupt of the caller ends the drain's wait, but not the
     * last one, after the senders were stopped: their counts must be final when close() returns. The interrupt status
     * is kept either way.
     */
    void joinUntil(long deadline, boolean untilStopped) {
        boolean interrupted = false;
        try {
            for (Thread t : threads) {
                while (t.isAlive()) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return;
                    }
                    try {
                        TimeUnit.NANOSECONDS.timedJoin(t, left);
                    } catch (InterruptedException e) {
                        interrupted = true;
                        if (!untilStopped) {
                            return;
                        }
                    }
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
