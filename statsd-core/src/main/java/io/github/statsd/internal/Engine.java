package io.github.statsd.internal;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * The engine behind every client: callers put entries into striped packets ({@link CallerStripes}; no I/O, no blocking
 * beyond a short uncontended lock), full packets go to a bounded queue ({@link PacketQueue}), and {@link Sender}
 * threads write them. While the senders keep up, a short metric call is deferred (kept as references and numbers for a
 * sender to encode), so the call stays short; when they fall behind, callers encode lines themselves, leaving the
 * senders' CPU to sending. Every entry is counted exactly once ({@link EngineCounters}).
 */
public final class Engine implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger("io.github.statsd");

    private static final int OPEN = 0;
    private static final int CLOSED = 1;
    /** Every sender thread ended on an unexpected error: calls are dropped at once, as nothing would send them. */
    private static final int NO_SENDER = 2;
    /** A no-op engine, with no sender: calls are let go at once, and not counted. */
    private static final int NOOP = 3;

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Engine.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final EngineSettings settings;
    final EngineCounters counters = new EngineCounters();
    final PacketQueue queue;
    final CallerStripes stripes;
    /** Encodes deferred calls, or {@code null} when the client defers none. */
    final MetricEncoder metrics;

    private final SenderPool pool;
    private final ErrorLog errorLog;

    /** {@link #OPEN}, {@link #CLOSED}, {@link #NO_SENDER} or {@link #NOOP}: one volatile read on the call path. */
    private volatile int state = OPEN;

    /** One flush at a time. */
    private final Object flushLock = new Object();

    private volatile boolean draining;
    private volatile boolean stopNow;
    private volatile long drainDeadline;
    private final Object closeLock = new Object();

    /**
     * Creates the engine and starts its sender threads.
     *
     * @param settings the settings
     * @param metrics encodes deferred metric calls, or {@code null} to defer none
     */
    public Engine(EngineSettings settings, MetricEncoder metrics) {
        this(settings, metrics, null, false);
    }

    /**
     * Creates the engine and starts its sender threads, which give every line to a sink instead of a server.
     *
     * @param settings the settings; the transport options are not used
     * @param metrics encodes deferred metric calls, or {@code null} to defer none
     * @param lineSink gets each line, on a sender thread
     */
    public Engine(EngineSettings settings, MetricEncoder metrics, Consumer<String> lineSink) {
        this(settings, metrics, Objects.requireNonNull(lineSink, "lineSink"), false);
    }

    private Engine(EngineSettings settings, MetricEncoder metrics, Consumer<String> lineSink, boolean noop) {
        this.settings = settings;
        this.metrics = metrics;
        int senders = noop ? 0 : settings.senderThreads();
        // a no-op engine's calls never reach a stripe: one is enough
        int stripeCount = noop ? 1 : CallerStripes.countFor(Runtime.getRuntime().availableProcessors());
        this.queue = new PacketQueue(settings.queueCapacity(), settings.maxPacketSize(), stripeCount, senders);
        this.stripes = new CallerStripes(stripeCount, settings.maxPacketSize(), queue, counters, metrics != null);
        this.errorLog = new ErrorLog(settings.errorHandler());
        this.pool = new SenderPool(this, settings, senders, lineSink);
        if (noop) {
            state = NOOP;
        }
        pool.start();
    }

    /**
     * Creates an engine with no thread and no socket, that lets every entry go at once, uncounted.
     *
     * @param settings the settings; only the sizes are used
     * @return the engine
     */
    public static Engine noop(EngineSettings settings) {
        return new Engine(settings, null, null, true);
    }

    /**
     * Writes one metric call: deferred to a sender while the senders keep up and the call fits, else encoded here.
     * Under overload it is dropped before it is written. Allocation-free; never throws.
     *
     * @param line the meter's pre-encoded line, or {@code null} to encode the name and tags
     * @param name the metric name
     * @param type the metric type
     * @param kind which value the call carries
     * @param longValue the value, when a long
     * @param doubleValue the value, when a double
     * @param member the set member, when a string
     * @param rate the sample rate
     * @param tags the call's tags, may be {@code null}
     */
    public void offerMetric(
            PreEncodedLine line,
            String name,
            MetricType type,
            ValueKind kind,
            long longValue,
            double doubleValue,
            String member,
            double rate,
            String[] tags) {
        CallerStripe s = lock(1);
        if (s == null) {
            return;
        }
        int mode = stripes.admitMetric(s);
        if (mode == CallerStripes.SHED) {
            return;
        }
        try {
            boolean deferred = mode == CallerStripes.DEFERRED;
            if (deferred && member == null && (line == null ? metrics.fitsDeferred(name, tags) : line.fitsDeferred)) {
                long value = kind == ValueKind.LONG_VALUE ? longValue : Double.doubleToRawLongBits(doubleValue);
                stripes.commitDeferred(s, name, type, kind, value, rate, tags);
            } else {
                if (line == null) {
                    metrics.write(s.writer, name, type, kind, longValue, doubleValue, member, rate, tags);
                } else {
                    line.write(s.writer, kind, longValue, doubleValue);
                }
                stripes.commitLine(s, deferred);
            }
        } catch (RuntimeException e) {
            counters.droppedInvalid.increment();
        } finally {
            s.lock.unlock();
        }
    }

    /**
     * Writes entries encoded in the caller's thread, one after another into one stripe: a batch, an aggregation window,
     * an event, a Graphite point. Each entry is counted: an entry whose writer throws as invalid. Never throws.
     *
     * @param entries writes each entry; made once per client, so that a call allocates nothing
     * @param count how many entries
     * @param subject passed to the writer
     * @param tags passed to the writer
     * @param number passed to the writer
     * @param value passed to the writer
     * @param seconds passed to the writer
     */
    public void offer(
            Entries entries, int count, Object subject, String[] tags, long number, double value, long seconds) {
        CallerStripe s = lock(count);
        if (s == null) {
            return;
        }
        try {
            LineWriter w = s.writer;
            for (int i = 0; i < count; i++) {
                w.reset();
                try {
                    entries.write(w, i, subject, tags, number, value, seconds);
                    stripes.commitLine(s, false);
                } catch (RuntimeException e) {
                    counters.droppedInvalid.increment();
                }
            }
        } finally {
            s.lock.unlock();
        }
    }

    /** Locks the calling thread's stripe, or counts the entries as dropped and returns {@code null}. */
    private CallerStripe lock(int entries) {
        int st = state;
        if (st != OPEN) {
            if (st == NOOP) {
                return null;
            }
            (st == NO_SENDER ? counters.droppedSenderFailed : counters.droppedClosed).add(entries);
            return null;
        }
        CallerStripe s = stripes.lock();
        if (s == null) {
            counters.droppedClosed.add(entries);
        }
        return s;
    }

    /** Counts a call dropped for bad input. */
    public void countInvalid() {
        counters.droppedInvalid.increment();
    }

    /** Counts a call not sent because of sampling. */
    public void countSampledOut() {
        counters.sampledOut.increment();
    }

    /**
     * Counts calls merged by client-side aggregation into a line sent for another call.
     *
     * @param n how many
     */
    public void countAggregated(long n) {
        counters.aggregated.add(n);
    }

    /**
     * Passes a sender's error on, unless close() has given up draining: the transports are then aborted on purpose, and
     * what that abort throws in a sender is ours, not the server's (the metrics are counted either way).
     */
    void reportError(Exception e) {
        if (!stopNow) {
            errorLog.report(e);
        }
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

    /** @return whether {@link #close()} was called */
    public boolean isClosed() {
        return state == CLOSED;
    }

    /**
     * Hands every part-filled packet to the senders and waits until they have written (or counted as dropped) every
     * entry handed over before, or the timeout has passed. A closed engine, a no-op one, and one whose senders have all
     * failed have nothing to flush.
     *
     * @param timeout the longest wait
     * @return whether every entry was written or counted in time
     */
    public boolean flush(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (flushLock) {
            while (!stripes.flushAll()) {
                if (state != OPEN) {
                    return true;
                }
                if (!pause(deadline)) {
                    return false;
                }
            }
            FlushBarrier barrier = new FlushBarrier();
            while (true) {
                if (state != OPEN) {
                    return true;
                }
                long waiting = pool.live() & ~barrier.arrived();
                if (waiting == 0) {
                    return true;
                }
                // one marker for each sender still to arrive; one sender may take several, so more may be needed
                if (barrier.outstanding() < Long.bitCount(waiting) && !queue.enqueue(barrier.marker())) {
                    barrier.lost();
                }
                if (!pause(deadline)) {
                    return false;
                }
            }
        }
    }

    /** Waits a little for a flush; false when its deadline passed or the thread was interrupted. */
    private boolean pause(long deadline) {
        if (deadline - System.nanoTime() <= 0 || Thread.currentThread().isInterrupted()) {
            return false;
        }
        LockSupport.parkNanos(this, TimeUnit.MICROSECONDS.toNanos(100));
        return true;
    }

    /** @return the counts now */
    public EngineStats stats() {
        return counters.snapshot(queue.queuedPlaces());
    }

    /** @return the state of the sender threads now */
    public SenderState senderState() {
        return pool.state();
    }

    /**
     * Called by a sender thread that is ending on an unexpected error. It is not restarted: an {@link Error} leaves the
     * thread's state unknown, and a handler that throws one would end every new thread too. Another sender takes over
     * the flushing ({@link SenderPool#failed}); when none is left, what is queued and every later call is dropped and
     * counted at once, as sender-failed, rather than left to fill the queue.
     */
    void senderFailed(Sender sender, Throwable error) {
        LOG.log(
                System.Logger.Level.ERROR,
                "statsd sender thread " + Thread.currentThread().getName() + " stopped on an unexpected error;"
                        + " its metrics are counted in stats().droppedSenderFailed()",
                error);
        if (pool.failed(sender)) {
            // not under closeLock: close() holds it while it waits for this thread
            STATE.compareAndSet(this, OPEN, NO_SENDER);
            dropQueued(counters.droppedSenderFailed);
        }
        reportError(new IOException("statsd sender stopped unexpectedly", error));
    }

    /** Counts every queued packet's entries as dropped. */
    private void dropQueued(LongAdder counter) {
        Packet p;
        while ((p = queue.takeQueued()) != null) {
            counter.add(p.entries);
            queue.release(p);
        }
    }

    /**
     * Stops accepting metrics, sends what is queued within the close timeout, counts the rest as dropped, closes the
     * connections and ends the sender threads. Idempotent.
     */
    @Override
    public void close() {
        synchronized (closeLock) {
            int previous = (int) STATE.getAndSet(this, CLOSED);
            if (previous == CLOSED) {
                return;
            }
            boolean noSender = previous == NO_SENDER;
            long deadline = System.nanoTime() + settings.closeTimeout().toNanos();
            drainDeadline = deadline;
            List<Packet> leftovers = stripes.closeAll();
            // what is left when no sender is: lost with the senders, not to the close
            LongAdder lost = noSender ? counters.droppedSenderFailed : counters.droppedClosed;
            // hand the part-filled packets over before the senders may stop at an empty queue
            for (Packet p : leftovers) {
                if (noSender || !offerUntil(p, deadline)) {
                    lost.add(p.entries);
                }
            }
            draining = true;
            pool.joinUntil(deadline, false);
            stopNow = true;
            pool.stop();
            pool.joinUntil(System.nanoTime() + TimeUnit.SECONDS.toNanos(1), true);
            dropQueued(lost);
            pool.disconnect();
        }
    }

    private boolean offerUntil(Packet p, long deadline) {
        while (!queue.enqueue(p)) {
            if (deadline - System.nanoTime() <= 0 || Thread.currentThread().isInterrupted()) {
                return false;
            }
            LockSupport.parkNanos(this, TimeUnit.MICROSECONDS.toNanos(100));
        }
        return true;
    }
}
