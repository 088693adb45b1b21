package io.github.statsd.internal;

import io.github.statsd.SenderStatus;
import io.github.statsd.StatsdConfig;
import io.github.statsd.StatsdStats;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The engine behind every client: callers put entries into striped packets (no I/O, no blocking beyond a short
 * uncontended lock), full packets go to a bounded queue, and sender threads write them. While the senders keep up,
 * a short metric call is kept as a record (references and numbers) that a sender encodes, so the call stays short;
 * when they fall behind, callers encode lines themselves, leaving the senders' CPU to sending. Every entry is
 * counted exactly once: sent, or dropped for a reason.
 */
public final class Engine implements AutoCloseable {

    /** The most tags a call may have to be kept as a record. */
    public static final int MAX_RECORD_TAGS = Packet.MAX_RECORD_TAGS;

    private static final System.Logger LOG = System.getLogger("io.github.statsd");
    private static final AtomicInteger CLIENT_IDS = new AtomicInteger();
    private static final int PROBES = 3;
    /** Hands out the first home stripe of each calling thread, in turn. */
    private static final AtomicInteger HOMES = new AtomicInteger();
    /**
     * Each thread's home stripe index (masked by each engine), moved to the stripe it found free when its home was
     * taken: two threads that started on one stripe soon settle on different ones, instead of fighting over one
     * lock on every call as threads whose ids happened to collide did.
     */
    private static final ThreadLocal<int[]> HOME = ThreadLocal.withInitial(() -> new int[] {HOMES.getAndIncrement()});
    /** An overloaded caller yields on one early drop in this many (a power of two): often enough to leave the sender CPU on a small machine, rarely enough to stay out of the call-site p99. */
    private static final int YIELD_EVERY_MASK = 1023;
    /**
     * After seeing a full queue, a stripe drops this many more metrics before it looks at the queue again: the count
     * of queued packets is written by every sender and caller, and a read of it that misses the cache takes longer
     * than the drop itself. At 8, under overload about 7 % of all calls read it, which put the misses into the
     * call-site p99; at 256, about 0.2 % do. A stripe that stops looking drops for about 10 us at most, while
     * a full queue holds thousands of lines for the senders.
     */
    private static final int FULL_QUEUE_RECHECK = 256;
    /**
     * The most datagrams a packet's buffer holds; buffers hold as many as fit into {@link #PACKET_BYTES}, and at most
     * 1/16 of the queue's capacity (at least one). A caller hands its buffer over when it is full, and a handover (a
     * few atomic operations on memory other threads write) took 0.2-1 us where writing a line took 0.1: with
     * 1,432-byte datagrams of 35 lines, handovers were most of the slowest 1 % of calls under load. Four datagrams a
     * buffer make them a quarter as frequent.
     */
    private static final int MAX_DATAGRAMS_PER_PACKET = 4;

    private static final int PACKET_BYTES = 8192;
    /** How long a sender that found the queue empty keeps looking by itself before it asks to be woken. */
    private static final long LIGHT_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    /** How long it parks between two looks meanwhile. */
    private static final long LIGHT_PARK_NANOS = TimeUnit.MICROSECONDS.toNanos(50);

    private final StatsdConfig config;
    private final Stripe[] stripes;
    private final int mask;
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

    private final int queueCapacity;
    /** How many datagrams a packet's buffer holds. */
    private final int datagramsPerPacket;

    private final int maxPackets;
    private final Sender[] senders;
    private final Thread[] threads;
    private final ErrorLog errorLog;
    /** Encodes the calls kept as records, or {@code null} when the client keeps none. */
    private final RecordEncoder recordEncoder;

    final LongAdder sent = new LongAdder();
    final LongAdder packetsSent = new LongAdder();
    final LongAdder bytesSent = new LongAdder();
    final LongAdder droppedQueueFull = new LongAdder();
    final LongAdder droppedIoError = new LongAdder();
    final LongAdder droppedInvalid = new LongAdder();
    final LongAdder droppedOversize = new LongAdder();
    final LongAdder droppedClosed = new LongAdder();
    final LongAdder sampledOut = new LongAdder();
    final LongAdder aggregated = new LongAdder();
    /** Sender threads that ended on an unexpected error: see {@link #senderStatus()}. */
    private final AtomicInteger failedSenders = new AtomicInteger();

    private volatile boolean closed;
    private volatile boolean draining;
    private volatile boolean stopNow;
    private volatile long drainDeadline;
    private final Object closeLock = new Object();

    /**
     * Creates the engine and starts its sender threads.
     *
     * @param config the configuration
     * @param kind a word for thread names, such as {@code statsd} or {@code graphite}
     */
    public Engine(StatsdConfig config, String kind) {
        this(config, kind, null);
    }

    /**
     * Creates the engine and starts its sender threads.
     *
     * @param config the configuration
     * @param kind a word for thread names, such as {@code statsd} or {@code graphite}
     * @param recordEncoder encodes the calls kept by {@link #commitRecord}, or {@code null} when there are none
     */
    public Engine(StatsdConfig config, String kind, RecordEncoder recordEncoder) {
        this.config = config;
        this.recordEncoder = recordEncoder;
        int n = Integer.highestOneBit(Math.max(2, Runtime.getRuntime().availableProcessors()) * 2 - 1) * 2;
        this.stripes = new Stripe[n];
        this.mask = n - 1;
        for (int i = 0; i < n; i++) {
            stripes[i] = new Stripe(config.maxPacketSize());
        }
        this.queue = new PacketRing(config.queueCapacity());
        this.queueCapacity = config.queueCapacity();
        // at most 1/16 of the queue: a full buffer that does not fit is dropped, so a queue of few places stays usable
        this.datagramsPerPacket = Math.max(
                1,
                Math.min(
                        Math.min(MAX_DATAGRAMS_PER_PACKET, PACKET_BYTES / (config.maxPacketSize() + 1)),
                        config.queueCapacity() / 16));
        // every packet that is not queued is a stripe's or a sender's
        this.maxPackets = (queueCapacity + datagramsPerPacket - 1) / datagramsPerPacket + n + config.senderThreads();
        this.free = new PacketRing(maxPackets);
        this.errorLog = new ErrorLog(config.errorHandler());
        int id = CLIENT_IDS.incrementAndGet();
        this.senders = new Sender[config.senderThreads()];
        this.threads = new Thread[senders.length];
        for (int i = 0; i < senders.length; i++) {
            senders[i] = new Sender(this, newTransport(config), i == 0);
            threads[i] = new Thread(senders[i], kind + "-sender-" + id + "-" + i);
            threads[i].setDaemon(true);
        }
        for (Thread t : threads) {
            t.start();
        }
    }

    private static Transport newTransport(StatsdConfig config) {
        switch (config.protocol()) {
            case TCP:
                return StreamTransport.tcp(config.host(), config.port(), config.connectTimeout(), config.sendTimeout());
            case UDS:
                return StreamTransport.unix(
                        config.socketPath(), config.connectTimeout(), config.sendTimeout(), lengthPrefixed(config));
            case UDP:
            default:
                return new UdpTransport(config.host(), config.port(), config.dnsRefreshInterval());
        }
    }

    /** @return the configuration */
    public StatsdConfig config() {
        return config;
    }

    /**
     * Locks a stripe for the calling thread to write one entry (or a batch) into, or counts the entry as dropped
     * and returns {@code null} when the engine is closed. The caller writes into {@link Stripe#writer()}, then
     * calls {@link #commit(Stripe)} for each entry, and always {@link Stripe#unlock()}.
     *
     * @return a locked stripe, or {@code null}
     */
    public Stripe begin() {
        if (closed) {
            droppedClosed.increment();
            return null;
        }
        int[] home = HOME.get();
        int start = home[0];
        Stripe s = null;
        for (int i = 0; i < PROBES; i++) {
            Stripe candidate = stripes[(start + i) & mask];
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
            droppedClosed.increment();
            return null;
        }
        s.writer.reset();
        return s;
    }

    /**
     * Writes one entry (an event, a service check) and commits it; the entry is counted as invalid if the writer
     * throws. For rare entries: the lambda may allocate, so metric calls use {@link #begin()} directly.
     *
     * @param entry writes the entry
     */
    public void submit(java.util.function.Consumer<LineWriter> entry) {
        Stripe s = begin();
        if (s == null) {
            return;
        }
        try {
            entry.accept(s.writer);
            commit(s);
        } catch (RuntimeException e) {
            countInvalid();
        } finally {
            s.unlock();
        }
    }

    /**
     * Like {@link #begin()}, for one metric: when the stripe's packet has no room for another record, or another
     * line as long as the last one, and the queue is full, the metric is dropped (and counted) before it is written,
     * so an overloaded caller spends as little as it can on what cannot be sent, and leaves the CPU to the senders.
     *
     * @return a locked stripe, or {@code null} when the metric was dropped
     */
    public Stripe beginMetric() {
        Stripe s = begin();
        if (s != null) {
            Packet p = s.packet;
            if (p == null) {
                s.records = sendersKeepUp();
            } else if (p.isRecords() ? p.records >= p.recordCapacity : p.remaining() <= s.lastLength) {
                if (queueFull(s)) {
                    boolean yield = (++s.drops & YIELD_EVERY_MASK) == 0;
                    s.lock.unlock();
                    droppedQueueFull.increment();
                    if (yield) {
                        // leave the CPU to the senders now and then, so that they catch up; never wait
                        Thread.yield();
                    }
                    return null;
                }
                // this call hands the packet over: the next one may be of the other kind
                s.records = sendersKeepUp();
            } else {
                // go on filling the packet with its kind
                s.records = p.isRecords();
            }
        }
        return s;
    }

    /**
     * Whether metric calls should be kept as records: while the queue is at most 1/16 full, the senders keep up,
     * and encoding there keeps the calls short; past that the senders are the bottleneck (on a small machine,
     * encoding would take their CPU from sending), and callers, who have the time, encode. Read once per packet.
     */
    private boolean sendersKeepUp() {
        return recordEncoder != null && queued.get() <= queueCapacity / 16;
    }

    /**
     * Whether the queue has no room for another packet, as last seen by this stripe for its next few metrics. Under
     * the stripe's lock.
     */
    private boolean queueFull(Stripe s) {
        if (s.fullFor > 0) {
            s.fullFor--;
            return true;
        }
        if (queued.get() > queueCapacity - datagramsPerPacket) {
            s.fullFor = FULL_QUEUE_RECHECK - 1;
            return true;
        }
        return false;
    }

    /**
     * Moves the entry in the stripe's writer into its packet; hands a full packet to the senders. Counts the entry
     * as dropped when it is too large or the queue is full.
     *
     * @param s the stripe, locked by the caller
     */
    public void commit(Stripe s) {
        LineWriter w = s.writer;
        if (!checkEntry(w)) {
            w.reset();
            return;
        }
        int len = w.length();
        Packet p = s.packet;
        // among records, the entry goes in encoded, so that a thread's entries keep their order
        if (p == null || !(p.isRecords() ? p.addEncoded(w.array(), len) : appended(p, w.array(), len))) {
            p = nextPacket(s);
            if (p == null) {
                w.reset();
                return;
            }
            if (!s.records || !p.addEncoded(w.array(), len)) {
                p.append(w.array(), len);
            }
        }
        s.lastLength = len;
        w.reset();
    }

    /**
     * Hands the stripe's packet, if any, to the senders and makes a free one the stripe's. Counts the entry at hand
     * as dropped, and returns {@code null}, when the queue or the pool is full.
     */
    private Packet nextPacket(Stripe s) {
        Packet p = s.packet;
        if (p != null) {
            if (!enqueue(p)) {
                droppedQueueFull.increment();
                return null;
            }
            s.packet = null;
        }
        p = takeFree();
        if (p == null) {
            droppedQueueFull.increment();
            return null;
        }
        if (!s.records) {
            // the lines go into the buffer, which a sender read last
            p.touch();
        }
        s.packet = p;
        return p;
    }

    /**
     * Checks the entry just written: counts it as dropped, and returns false, when it is larger than a packet or
     * empty.
     */
    boolean checkEntry(LineWriter w) {
        int len = w.length();
        if (w.overflowed() || len > config.maxPacketSize()) {
            droppedOversize.increment();
            return false;
        }
        if (len == 0) {
            droppedInvalid.increment();
            return false;
        }
        return true;
    }

    private static boolean appended(Packet p, byte[] line, int len) {
        if (p.remaining() < len + 1) {
            return false;
        }
        p.append(line, len);
        return true;
    }

    RecordEncoder recordEncoder() {
        return recordEncoder;
    }

    /**
     * Keeps one metric call as a record in the stripe's packet, for a sender to encode: the caller's thread copies a
     * few references and numbers instead of encoding a line. Hands a full packet to the senders; counts the call as
     * dropped when the queue is full. The caller has checked that the line cannot be too large for a packet and that
     * there are at most {@link #MAX_RECORD_TAGS} tags, whose references are copied (the array may be reused).
     *
     * @param s the stripe, locked by the caller
     * @param name the metric name
     * @param type the metric type
     * @param kind which value the call carries, as the client numbers them
     * @param value the value: a long, or a double's {@link Double#doubleToRawLongBits raw bits}, as the kind says;
     *     the {@link RecordEncoder} gets it both ways
     * @param rate the sample rate
     * @param tags the call's tags, may be {@code null}
     */
    public void commitRecord(Stripe s, String name, MetricType type, int kind, long value, double rate, String[] tags) {
        Packet p = s.packet;
        if (p == null || !p.hasRoomForRecord()) {
            p = nextPacket(s);
            if (p == null) {
                return;
            }
        }
        p.addRecord(name, type.ordinal(), kind, value, rate, tags);
    }

    /** Counts a call dropped for bad input. */
    public void countInvalid() {
        droppedInvalid.increment();
    }

    /**
     * Counts metrics refused because the engine is closed.
     *
     * @param n how many
     */
    public void countClosed(long n) {
        droppedClosed.add(n);
    }

    /**
     * Counts calls merged by client-side aggregation into a line sent for another call.
     *
     * @param n how many
     */
    public void countAggregated(long n) {
        aggregated.add(n);
    }

    /** Counts a call not sent because of sampling. */
    public void countSampledOut() {
        sampledOut.increment();
    }

    /** @return whether {@link #close()} has been called */
    public boolean isClosed() {
        return closed;
    }

    private Packet takeFree() {
        Packet p = free.poll();
        if (p != null) {
            return p;
        }
        return reserve(allocated, 1, maxPackets) ? new Packet(config.maxPacketSize(), datagramsPerPacket) : null;
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

    void release(Packet p) {
        p.clear();
        free.offer(p);
    }

    /**
     * Takes the next full packet, waiting for at most {@code nanos}. For the first {@link #LIGHT_WAIT_NANOS} the
     * sender looks again every {@link #LIGHT_PARK_NANOS} by itself; then it says it waits in
     * {@link Sender#sleeping}, and whoever queues a packet wakes it. So while packets keep coming, callers never pay
     * for waking the sender (a system call), and an idle sender still sleeps until it is needed.
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

    private Packet takeQueued() {
        Packet p = queue.poll();
        if (p != null) {
            queued.addAndGet(-datagramsPerPacket);
        }
        return p;
    }

    /** Wakes one waiting sender, if any: a packet has just been queued. */
    private void wakeSender() {
        for (int i = 0; i < senders.length; i++) {
            if (senders[i].sleeping) {
                LockSupport.unpark(threads[i]);
                return;
            }
        }
    }

    /**
     * Hands a packet to the senders, and wakes one if it waits. Reserves places in {@link #queued} first, as many as
     * the packet has room for datagrams, whether it is full or not: the places bound the memory the queue holds.
     */
    private boolean enqueue(Packet p) {
        if (!reserve(queued, datagramsPerPacket, queueCapacity)) {
            return false;
        }
        // the ring has at least queueCapacity slots and the reservation keeps it from holding more packets
        if (!queue.offer(p)) {
            queued.addAndGet(-datagramsPerPacket);
            return false;
        }
        wakeSender();
        return true;
    }

    /** Hands every part-filled packet to the senders. Called by the flushing sender, and at close. */
    void flushStripes() {
        for (Stripe s : stripes) {
            s.lock.lock();
            try {
                Packet p = s.packet;
                if (p != null && !p.isEmpty()) {
                    p.flushed = true;
                    if (enqueue(p)) {
                        s.packet = null;
                    }
                }
            } finally {
                s.lock.unlock();
            }
        }
    }

    void delivered(byte[] array, int from, int bytes, int entries) {
        sent.add(entries);
        packetsSent.increment();
        bytesSent.add(bytes);
        if (config.debug() && LOG.isLoggable(System.Logger.Level.DEBUG)) {
            String text = new String(array, from, bytes, java.nio.charset.StandardCharsets.UTF_8);
            for (String line : text.split("\n")) {
                LOG.log(System.Logger.Level.DEBUG, "statsd sent: {0}", line);
            }
        }
    }

    void reportError(Exception e) {
        errorLog.report(e);
    }

    boolean isDraining() {
        return draining;
    }

    boolean shouldStop() {
        return stopNow;
    }

    long drainDeadline() {
        return drainDeadline;
    }

    boolean queueIsEmpty() {
        return queued.get() == 0;
    }

    long flushIntervalNanos() {
        return config.flushInterval().toNanos();
    }

    /** Whether packets go without their final newline: datagrams, and length-prefixed stream frames. */
    boolean isDatagram() {
        return !config.protocol().isStream() || lengthPrefixed(config);
    }

    /**
     * DogStatsD's Unix stream socket reads a 4-byte little-endian length before each payload; the Agent's datagram
     * socket cannot be reached from Java (no Unix datagram channels), so DATADOG over UDS means the stream socket.
     */
    static boolean lengthPrefixed(StatsdConfig config) {
        return config.protocol() == io.github.statsd.Protocol.UDS && config.flavor() == io.github.statsd.Flavor.DATADOG;
    }

    /**
     * Returns the counters now.
     *
     * @return a snapshot
     */
    public StatsdStats stats() {
        return new StatsdStats(
                sent.sum(),
                packetsSent.sum(),
                bytesSent.sum(),
                droppedQueueFull.sum(),
                droppedIoError.sum(),
                droppedInvalid.sum(),
                droppedOversize.sum(),
                droppedClosed.sum(),
                sampledOut.sum(),
                queued.get(),
                aggregated.sum());
    }

    /**
     * Returns the state of the sender threads now: how many are alive, how many have an open connection, and how
     * many ended on an unexpected error.
     *
     * @return a snapshot
     */
    public SenderStatus senderStatus() {
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
        return new SenderStatus(threads.length, alive, connected, failedSenders.get());
    }

    /** Counts a sender thread that is ending on an unexpected error. */
    void senderFailed() {
        failedSenders.incrementAndGet();
    }

    /**
     * Stops accepting metrics, sends what is queued within the close timeout, counts the rest as dropped, closes
     * the connections and ends the sender threads. Idempotent.
     */
    @Override
    public void close() {
        synchronized (closeLock) {
            if (closed) {
                return;
            }
            closed = true;
            long deadline = System.nanoTime() + config.closeTimeout().toNanos();
            drainDeadline = deadline;
            List<Packet> leftovers = new ArrayList<>();
            for (Stripe s : stripes) {
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
            // hand the part-filled packets over before the senders may stop at an empty queue
            for (Packet p : leftovers) {
                if (!offerUntil(p, deadline)) {
                    droppedClosed.add(p.entries);
                }
            }
            draining = true;
            joinUntil(deadline, false);
            stopNow = true;
            for (Sender sender : senders) {
                sender.transport.abort();
            }
            for (Thread t : threads) {
                t.interrupt();
            }
            joinUntil(System.nanoTime() + TimeUnit.SECONDS.toNanos(1), true);
            Packet p;
            while ((p = takeQueued()) != null) {
                droppedClosed.add(p.entries);
            }
            for (Sender sender : senders) {
                sender.transport.disconnect();
            }
        }
    }

    private boolean offerUntil(Packet p, long deadline) {
        while (!enqueue(p)) {
            if (deadline - System.nanoTime() <= 0 || Thread.currentThread().isInterrupted()) {
                return false;
            }
            LockSupport.parkNanos(this, TimeUnit.MICROSECONDS.toNanos(100));
        }
        return true;
    }

    /**
     * Waits for the sender threads until the deadline. An interrupt of the caller ends the drain's wait, but not the
     * last one, after the senders were stopped: their counts must be final when close() returns. The interrupt
     * status is kept either way.
     */
    private void joinUntil(long deadline, boolean untilStopped) {
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

    /** One packet being filled, guarded by its lock. */
    public static final class Stripe {
        final ReentrantLock lock = new ReentrantLock();
        final LineWriter writer;
        Packet packet;
        boolean closed;
        /** Length of the last entry written, to foresee that the next one will not fit either. */
        int lastLength;
        /** Entries dropped early on a full queue, to yield on a few of them. */
        int drops;
        /** How many more metrics to drop early without looking at the queue again. */
        int fullFor;
        /** Whether the next metric call is kept as a record: see {@link Engine#beginMetric}. */
        boolean records;

        Stripe(int maxPacketSize) {
            // room for an oversized entry to be detected rather than cut
            this.writer = new LineWriter(maxPacketSize + 1);
        }

        /** @return the writer for the next entry */
        public LineWriter writer() {
            return writer;
        }

        /**
         * Returns whether the next metric call should be kept as a record ({@link Engine#commitRecord}) rather
         * than encoded into {@link #writer()}.
         *
         * @return whether to keep it as a record
         */
        public boolean keepsRecords() {
            return records;
        }

        /** Releases the stripe. */
        public void unlock() {
            lock.unlock();
        }
    }
}
