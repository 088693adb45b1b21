package io.github.statsd.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The packets callers fill, striped so that threads rarely share one, and the load shedding: under overload a metric is
 * dropped before it is written, so an overloaded caller spends as little as it can on what cannot be sent.
 */
final class CallerStripes {

    /** {@link #admitMetric}: the metric was dropped (and counted), the stripe unlocked. */
    static final int SHED = 0;
    /** {@link #admitMetric}: the caller encodes the metric's line. */
    static final int LINES = 1;
    /** {@link #admitMetric}: the caller defers the metric to a sender, if it fits. */
    static final int DEFERRED = 2;

    private static final int PROBES = 3;
    /** Hands out the first home stripe of each calling thread, in turn. */
    private static final AtomicInteger HOMES = new AtomicInteger();
    /**
     * Each thread's home stripe index (masked by each engine), moved to the stripe it found free when its home was
     * taken: threads that started on one stripe soon settle on different ones instead of fighting over its lock.
     */
    private static final ThreadLocal<int[]> HOME = ThreadLocal.withInitial(() -> new int[] {HOMES.getAndIncrement()});
    /**
     * An overloaded caller yields on one early drop in this many (a power of two, minus one): leaves the senders CPU.
     */
    private static final int YIELD_EVERY_MASK = 1023;
    /**
     * After seeing a full queue, a stripe drops this many more metrics before it looks at the queue again: the queue's
     * count is written by every thread, and reading it costs more than the drop itself.
     */
    private static final int FULL_QUEUE_RECHECK = 256;

    private final CallerStripe[] stripes;
    private final int mask;
    private final PacketQueue queue;
    private final EngineCounters counters;
    private final int maxPacketSize;
    /** Whether calls may be deferred at all: the client gave an encoder for the senders. */
    private final boolean defers;

    CallerStripes(int count, int maxPacketSize, PacketQueue queue, EngineCounters counters, boolean defers) {
        this.stripes = new CallerStripe[count];
        this.mask = count - 1;
        for (int i = 0; i < count; i++) {
            stripes[i] = new CallerStripe(maxPacketSize);
        }
        this.queue = queue;
        this.counters = counters;
        this.maxPacketSize = maxPacketSize;
        this.defers = defers;
    }

    /** @return as many stripes as fit the machine: twice its processors, a power of two */
    static int countFor(int processors) {
        return Integer.highestOneBit(Math.max(2, processors) * 2 - 1) * 2;
    }

    /** @return the calling thread's stripe, locked, with an empty writer; {@code null} (unlocked) when closed */
    CallerStripe lock() {
        int[] home = HOME.get();
        int start = home[0];
        CallerStripe s = null;
        for (int i = 0; i < PROBES; i++) {
            CallerStripe candidate = stripes[(start + i) & mask];
            if (candidate.lock.tryLock()) {
                s = candidate;
                if (i > 0) {
                    home[0] = start + i;
                }
                break;
            }
        }
        if (s == null) {
            s = stripes[start & mask];
            s.lock.lock();
        }
        if (s.closed) {
            s.lock.unlock();
            return null;
        }
        s.writer.reset();
        return s;
    }

    /**
     * Decides how a metric goes into a locked stripe: when its packet has no room for another deferred call, or another
     * line as long as the last one, and the queue is full, the metric is dropped ({@link #SHED}, counted, stripe
     * unlocked). Otherwise a packet being filled keeps its kind, and a new one is of deferred calls while the senders
     * keep up.
     */
    int admitMetric(CallerStripe s) {
        Packet p = s.packet;
        if (p == null) {
            return sendersKeepUp() ? DEFERRED : LINES;
        }
        if (p.isDeferred() ? p.deferred >= p.deferredCapacity : p.remaining() <= s.lastLength) {
            if (queueFull(s)) {
                boolean yield = (++s.drops & YIELD_EVERY_MASK) == 0;
                s.lock.unlock();
                counters.droppedQueueFull.increment();
                if (yield) {
                    // leave the CPU to the senders now and then, so that they catch up; never wait
                    Thread.yield();
                }
                return SHED;
            }
            // this call hands the packet over: the next one may be of the other kind
            return sendersKeepUp() ? DEFERRED : LINES;
        }
        return p.isDeferred() ? DEFERRED : LINES;
    }

    /**
     * Whether a new packet should hold deferred calls: while the senders keep up, encoding there keeps the calls short;
     * past that, callers, who have the time, encode. Read once per packet.
     */
    private boolean sendersKeepUp() {
        return defers && !queue.isBacklogged();
    }

    /** Whether the queue has no room for another packet, as last seen by this stripe for its next few metrics. */
    private boolean queueFull(CallerStripe s) {
        if (s.fullFor > 0) {
            s.fullFor--;
            return true;
        }
        if (queue.isFull()) {
            s.fullFor = FULL_QUEUE_RECHECK - 1;
            return true;
        }
        return false;
    }

    /**
     * Moves the entry in the stripe's writer into its packet; hands a full packet to the senders. Counts the entry as
     * dropped when it is too large or the queue is full.
     *
     * @param s the stripe, locked
     * @param deferred whether a new packet holds deferred calls (the entry then goes in encoded among them)
     */
    void commitLine(CallerStripe s, boolean deferred) {
        LineWriter w = s.writer;
        if (!checkEntry(w)) {
            w.reset();
            return;
        }
        int len = w.length();
        Packet p = s.packet;
        // among deferred calls, the entry goes in encoded, so that a thread's entries keep their order
        if (p == null || !(p.isDeferred() ? p.addEncoded(w.array(), len) : appended(p, w.array(), len))) {
            p = nextPacket(s, deferred);
            if (p == null) {
                w.reset();
                return;
            }
            if (!deferred || !p.addEncoded(w.array(), len)) {
                p.append(w.array(), len);
            }
        }
        s.lastLength = len;
        w.reset();
    }

    private static boolean appended(Packet p, byte[] line, int len) {
        if (p.remaining() < len + 1) {
            return false;
        }
        p.append(line, len);
        return true;
    }

    /**
     * Keeps one metric call in the stripe's packet for a sender to encode: the caller copies a few references and
     * numbers instead of encoding a line. The caller has checked that the call fits ({@link MetricEncoder}).
     */
    void commitDeferred(
            CallerStripe s, String name, MetricType type, ValueKind kind, long value, double rate, String[] tags) {
        Packet p = s.packet;
        if (p == null || !p.hasRoomForDeferred()) {
            p = nextPacket(s, true);
            if (p == null) {
                return;
            }
        }
        p.addDeferred(name, type.ordinal(), kind.ordinal(), value, rate, tags);
    }

    /**
     * Hands the stripe's packet, if any, to the senders and makes a free one the stripe's. Counts the entry at hand as
     * dropped, and returns {@code null}, when the queue or the pool is full.
     */
    private Packet nextPacket(CallerStripe s, boolean deferred) {
        Packet p = s.packet;
        if (p != null) {
            if (!queue.enqueue(p)) {
                counters.droppedQueueFull.increment();
                return null;
            }
            s.packet = null;
        }
        p = queue.takeFree();
        if (p == null) {
            counters.droppedQueueFull.increment();
            return null;
        }
        if (!deferred) {
            // the lines go into the buffer, which a sender read last
            p.touch();
        }
        s.packet = p;
        return p;
    }

    /**
     * Checks an entry just written: counts it as dropped, and returns false, when it is larger than a packet or empty.
     */
    boolean checkEntry(LineWriter w) {
        int len = w.length();
        if (w.overflowed() || len > maxPacketSize) {
            counters.droppedOversize.increment();
            return false;
        }
        if (len == 0) {
            counters.droppedInvalid.increment();
            return false;
        }
        return true;
    }

    /**
     * Hands every part-filled packet to the senders. Called by the flushing sender, and by {@link Engine#flush}.
     *
     * @return false when the queue had no room for one of them
     */
    boolean flushAll() {
        boolean all = true;
        for (CallerStripe s : stripes) {
            s.lock.lock();
            try {
                Packet p = s.packet;
                if (p != null && !p.isEmpty()) {
                    p.flushed = true;
                    if (queue.enqueue(p)) {
                        s.packet = null;
                    } else {
                        all = false;
                    }
                }
            } finally {
                s.lock.unlock();
            }
        }
        return all;
    }

    /** Closes every stripe to callers. @return the part-filled packets they held, marked flushed */
    List<Packet> closeAll() {
        List<Packet> leftovers = new ArrayList<>();
        for (CallerStripe s : stripes) {
            s.lock.lock();
            try {
                s.closed = true;
                if (s.packet != null && !s.packet.isEmpty()) {
                    s.packet.flushed = true;
                    leftovers.add(s.packet);
                }
                s.packet = null;
            } finally {
                s.lock.unlock();
            }
        }
        return leftovers;
    }
}
