package io.github.statsd.internal;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One sender thread with its own connection: takes full packets from the queue and writes them. The first sender
 * also hands part-filled packets over every flush interval. A packet is held (not dropped) while the server cannot
 * be reached, reconnecting with backoff, so that the bounded queue, not the sender, decides what is dropped.
 */
final class Sender implements Runnable {

    private static final long INITIAL_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    private static final long MAX_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(1);
    /**
     * Longest wait for a packet: close() may start draining while this sender waits, and it must notice that soon
     * rather than after a long flush interval.
     */
    private static final long MAX_IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final Engine engine;
    final Transport transport;
    private final boolean flusher;
    private long backoff = INITIAL_BACKOFF_NANOS;
    /** Whether this sender waits for a packet, and must be woken when one is queued. */
    volatile boolean sleeping;

    Sender(Engine engine, Transport transport, boolean flusher) {
        this.engine = engine;
        this.transport = transport;
        this.flusher = flusher;
    }

    @Override
    public void run() {
        long flushNanos = engine.flushIntervalNanos();
        long nextFlush = System.nanoTime() + flushNanos;
        try {
            while (!engine.shouldStop()) {
                long wait = Math.min(MAX_IDLE_NANOS, flusher ? Math.max(0, nextFlush - System.nanoTime()) : flushNanos);
                if (engine.isDraining()) {
                    wait = Math.min(wait, TimeUnit.MILLISECONDS.toNanos(5));
                }
                Packet p = engine.poll(this, wait);
                if (p != null) {
                    deliver(p);
                }
                if (flusher && System.nanoTime() - nextFlush >= 0) {
                    if (!engine.isDraining()) {
                        engine.flushStripes();
                    }
                    nextFlush = System.nanoTime() + flushNanos;
                }
                if (engine.isDraining() && engine.queueIsEmpty()) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            // close() gave up waiting: what is left in the queue is counted there
        } catch (RuntimeException | Error e) {
            engine.reportError(new IOException("statsd sender stopped unexpectedly", e));
        }
    }

    private void deliver(Packet p) {
        int length = engine.isDatagram() ? p.length() - 1 : p.length();
        try {
            while (true) {
                if (!connect()) {
                    engine.droppedClosed.add(p.entries);
                    return;
                }
                try {
                    transport.write(p.array, length);
                    engine.delivered(p, length);
                    return;
                } catch (StreamTransport.PeerClosedException e) {
                    // nothing was written: reconnect and send the same packet
                    engine.reportError(e);
                } catch (IOException e) {
                    engine.droppedIoError.add(p.entries);
                    engine.reportError(e);
                    return;
                } catch (RuntimeException e) {
                    // e.g. ClosedSelectorException when close() aborts a stalled write: the packet must still be
                    // counted, and the sender must not die (a dead sender would silently drop everything after)
                    engine.droppedIoError.add(p.entries);
                    engine.reportError(new IOException("statsd write failed", e));
                    return;
                }
            }
        } finally {
            engine.release(p);
        }
    }

    /** Connects with backoff; returns false when the engine is closing and its deadline has passed. */
    private boolean connect() {
        while (!transport.isConnected()) {
            if (engine.shouldStop()) {
                return false;
            }
            try {
                transport.connect();
                backoff = INITIAL_BACKOFF_NANOS;
                return true;
            } catch (IOException | RuntimeException e) {
                engine.reportError(e instanceof IOException ? (IOException) e : new IOException(e));
            }
            long pause = backoff;
            if (engine.isDraining()) {
                long left = engine.drainDeadline() - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                pause = Math.min(pause, left);
            }
            LockSupport.parkNanos(this, pause);
            if (Thread.interrupted()) {
                return false;
            }
            backoff = Math.min(backoff * 2, MAX_BACKOFF_NANOS);
        }
        return true;
    }
}
