package io.github.statsd.internal;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A bounded, lock-free, first-in first-out ring of packets for many producers and many consumers, allocation-free once
 * built. Each slot carries a sequence number that says whose turn it is: a producer may fill slot {@code pos & mask}
 * when its sequence is {@code pos}, a consumer may empty it when it is {@code pos + 1}. A thread that is descheduled in
 * the middle of an offer or poll therefore holds up only that one slot, never a lock that everyone else waits for
 * (which, on a small machine, made callers wait whole scheduler slices behind a preempted sender).
 */
final class PacketRing {

    private final int mask;
    private final AtomicReferenceArray<Packet> items;
    private final AtomicLongArray sequences;
    private final AtomicLong head = new AtomicLong();
    private final AtomicLong tail = new AtomicLong();

    /**
     * Creates a ring with room for at least {@code capacity} packets (rounded up to a power of two).
     *
     * @param capacity the least number of slots
     */
    PacketRing(int capacity) {
        int size = Integer.highestOneBit(Math.max(2, capacity) * 2 - 1);
        this.mask = size - 1;
        this.items = new AtomicReferenceArray<>(size);
        this.sequences = new AtomicLongArray(size);
        for (int i = 0; i < size; i++) {
            sequences.set(i, i);
        }
    }

    /** @return the number of slots */
    int capacity() {
        return mask + 1;
    }

    /**
     * Adds a packet at the tail.
     *
     * @param p the packet
     * @return false when the ring is full
     */
    boolean offer(Packet p) {
        long pos = tail.get();
        while (true) {
            int slot = (int) pos & mask;
            long turn = sequences.get(slot) - pos;
            if (turn == 0) {
                if (tail.compareAndSet(pos, pos + 1)) {
                    items.lazySet(slot, p);
                    // a release store, not a full fence: what was written before it is seen by whoever reads the turn
                    sequences.lazySet(slot, pos + 1);
                    return true;
                }
                pos = tail.get();
            } else if (turn < 0) {
                return false; // the slot still holds the packet of one lap ago
            } else {
                pos = tail.get(); // another producer took this slot
            }
        }
    }

    /**
     * Takes the packet at the head.
     *
     * @return the packet, or {@code null} when the ring is empty
     */
    Packet poll() {
        long pos = head.get();
        while (true) {
            int slot = (int) pos & mask;
            long turn = sequences.get(slot) - (pos + 1);
            if (turn == 0) {
                if (head.compareAndSet(pos, pos + 1)) {
                    Packet p = items.get(slot);
                    items.lazySet(slot, null);
                    sequences.lazySet(slot, pos + mask + 1);
                    return p;
                }
                pos = head.get();
            } else if (turn < 0) {
                return null; // not filled yet
            } else {
                pos = head.get(); // another consumer took this slot
            }
        }
    }
}
