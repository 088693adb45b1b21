package io.github.statsd.internal;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How a flush learns that every sender has written what was queued before it: it queues marker packets behind that
 * work, and each sender that takes one first writes what it holds, then arrives. The queue is first-in first-out and a
 * sender takes its next packet only when done with the last, so once every live sender has arrived, everything queued
 * before the first marker is written (or counted).
 */
final class FlushBarrier {

    /** One bit per sender that arrived, by its index (at most 64 senders). */
    private final AtomicLong arrived = new AtomicLong();
    /** Markers queued and not taken yet. */
    private final AtomicInteger outstanding = new AtomicInteger();

    /** @return a new marker packet, counted as outstanding until a sender takes it or it is {@link #lost} */
    Packet marker() {
        Packet p = new Packet(0, 1);
        p.barrier = this;
        outstanding.incrementAndGet();
        return p;
    }

    /** A marker could not be queued. */
    void lost() {
        outstanding.decrementAndGet();
    }

    /**
     * Called by a sender that took a marker, after writing what it held.
     *
     * @param sender the sender's index
     */
    void arrive(int sender) {
        long bit = 1L << sender;
        long a;
        do {
            a = arrived.get();
        } while ((a & bit) == 0 && !arrived.compareAndSet(a, a | bit));
        outstanding.decrementAndGet();
    }

    /** @return the bits of the senders that arrived */
    long arrived() {
        return arrived.get();
    }

    /** @return markers queued and not taken yet */
    int outstanding() {
        return outstanding.get();
    }
}
