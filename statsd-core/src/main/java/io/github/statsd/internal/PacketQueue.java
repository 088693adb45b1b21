package io.github.statsd.internal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The bounded queue of full packets between callers and senders, the pool of empty packets, and the senders' wake-up: a
 * sender that found the queue empty for a while sleeps until a caller queues a packet.
 */
final class PacketQueue {

    /** Most datagrams one packet buffer holds: a handover costs several times a line, so buffers hold several. */
    private static final int MAX_DATAGRAMS_PER_PACKET = 4;
    /** Bytes a packet buffer aims for, at most. */
    private static final int PACKET_BYTES = 8192;
    /** How long a sender that found the queue empty keeps looking by itself before it asks to be woken. */
    private static final long LIGHT_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    /** How long it parks between two looks meanwhile. */
    private static final long LIGHT_PARK_NANOS = TimeUnit.MICROSECONDS.toNanos(50);

    /** Full packets for the senders: lock-free, so that a preempted sender never holds callers up. */
    private final PacketRing queue;
    /** Empty packets to fill. */
    private final PacketRing free;

    private final AtomicInteger allocated = new AtomicInteger();
    /**
     * Places in {@link #queue} taken, one per datagram a queued packet has room for, counting packets on their way in
     * or out: a caller reserves places here before it offers a packet, so the queue never holds more than its
     * configured capacity, and a full queue costs one read to see.
     */
    private final AtomicInteger queued = new AtomicInteger();

    private final int capacity;
    /** How many datagrams a packet's buffer holds. */
    final int datagramsPerPacket;

    private final int maxPacketSize;
    private final int maxPackets;
    /** The senders to wake, set once before they start. */
    private Sender[] senders = new Sender[0];

    private Thread[] threads = new Thread[0];

    PacketQueue(int capacity, int maxPacketSize, int stripes, int senderThreads) {
        this.capacity = capacity;
        this.maxPacketSize = maxPacketSize;
        this.queue = new PacketRing(capacity);
        // at most 1/16 of the queue: a full buffer that does not fit is dropped, so a queue of few places stays usable
        this.datagramsPerPacket = Math.max(
                1, Math.min(Math.min(MAX_DATAGRAMS_PER_PACKET, PACKET_BYTES / (maxPacketSize + 1)), capacity / 16));
        // every packet that is not queued is a stripe's or a sender's
        this.maxPackets = (capacity + datagramsPerPacket - 1) / datagramsPerPacket + stripes + senderThreads;
        this.free = new PacketRing(maxPackets);
    }

    /** Tells the queue whom to wake; called once, before the threads start. */
    void wakes(Sender[] senders, Thread[] threads) {
        this.senders = senders;
        this.threads = threads;
    }

    /** @return an empty packet from the pool, or a new one while the pool may grow, else {@code null} */
    Packet takeFree() {
        Packet p = free.poll();
        if (p != null) {
            return p;
        }
        return reserve(allocated, 1, maxPackets) ? new Packet(maxPacketSize, datagramsPerPacket) : null;
    }

    /** Clears a packet and puts it back into the pool; a flush's marker is not the pool's and is let go. */
    void release(Packet p) {
        if (p.barrier != null) {
            return;
        }
        p.clear();
        free.offer(p);
    }

    /** Adds {@code n} to a count unless that would take it past its limit; returns whether it did. */
    private static boolean reserve(AtomicInteger count, int n, int limit) {
        int c;
        do {
            c = count.get();
            if (c > limit - n) {
                return false;
            }
        } while (!count.compareAndSet(c, c + n));
        return true;
    }

    /**
     * Hands a packet to the senders, and wakes one if it waits. Reserves places in {@link #queued} first, as many as
     * the packet has room for datagrams, whether it is full or not: the places bound the memory the queue holds.
     *
     * @return false when the queue is full
     */
    boolean enqueue(Packet p) {
        if (!reserve(queued, datagramsPerPacket, capacity)) {
            return false;
        }
        // the ring has at least capacity slots and the reservation keeps it from holding more packets
        if (!queue.offer(p)) {
            queued.addAndGet(-datagramsPerPacket);
            return false;
        }
        wakeSender();
        return true;
    }

    /** Wakes one waiting sender, if any: a packet has just been queued. */
    private void wakeSender() {
        Sender[] s = senders;
        for (int i = 0; i < s.length; i++) {
            if (s[i].sleeping) {
                LockSupport.unpark(threads[i]);
                return;
            }
        }
    }

    /** @return the next queued packet, or {@code null} when there is none */
    Packet takeQueued() {
        Packet p = queue.poll();
        if (p != null) {
            queued.addAndGet(-datagramsPerPacket);
        }
        return p;
    }

    /**
     * Takes the next full packet, waiting for at most {@code nanos}. For the first {@link #LIGHT_WAIT_NANOS} the sender
     * looks again every {@link #LIGHT_PARK_NANOS} by itself; then it says it waits in {@link Sender#sleeping}, and
     * whoever queues a packet wakes it. So while packets keep coming, callers never pay for waking the sender (a system
     * call), and an idle sender still sleeps until it is needed.
     */
    Packet poll(Sender sender, long nanos) throws InterruptedException {
        Packet p = takeQueued();
        if (p != null || nanos <= 0) {
            return p;
        }
        long now = System.nanoTime();
        long deadline = now + nanos;
        long light = now + Math.min(nanos, LIGHT_WAIT_NANOS);
        while (light - now > 0) {
            LockSupport.parkNanos(this, Math.min(LIGHT_PARK_NANOS, light - now));
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            p = takeQueued();
            if (p != null) {
                return p;
            }
            now = System.nanoTime();
        }
        if (deadline - now <= 0) {
            return null;
        }
        sender.sleeping = true;
        try {
            while (true) {
                // checked after announcing the wait: a packet queued before it is seen here, one queued after it
                // finds the flag and unparks this thread
                p = takeQueued();
                if (p != null) {
                    return p;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return null;
                }
                LockSupport.parkNanos(this, left);
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
            }
        } finally {
            sender.sleeping = false;
        }
    }

    /** @return whether another packet would not fit */
    boolean isFull() {
        return queued.get() > capacity - datagramsPerPacket;
    }

    /**
     * Whether more than 1/16 of the queue is taken: the senders fall behind, and calls are better encoded by the
     * callers, who have the time, than kept for the senders to encode.
     */
    boolean isBacklogged() {
        return queued.get() > capacity / 16;
    }

    boolean isEmpty() {
        return queued.get() == 0;
    }

    /** @return places taken now */
    int queuedPlaces() {
        return queued.get();
    }
}
