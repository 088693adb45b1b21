package io.github.statsd.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Client-side aggregation of counters, gauges and sets over a window, then sent through the engine like any line.
 *
 * <p>Counters, the hot case, are summed per calling thread: the first {@link #MAX_LOCALS} threads that count get a
 * table of their own ({@link CounterTable}), under a monitor that only the flusher, once per window, ever takes from
 * another thread, so counting threads share no memory and never contend. Gauges and sets (and the counters of threads
 * beyond those) live in shared maps ({@link AggregateShard}) chosen by the hash of their key (type, name, tags, sample
 * rate), each under its own monitor, so a gauge or set key always meets the same map: a gauge's last value is global, a
 * set de-duplicated once. At the flush, every counter key's sums from all threads and shards are added up into one
 * line. A call looks its key up without allocating once the key has been seen (a set member may box a {@code long}). An
 * entry that was not updated during a whole window is removed at the next flush, so idle keys do not pile up; at most
 * {@link #MAX_KEYS} counter entries across threads, and {@link #MAX_KEYS}{@code / shards} keys per shard, are held:
 * past that, new keys are sent without aggregation.
 *
 * <p>Accounting: one line per key and window (one per distinct member for a set) is sent; every further call merged
 * into it (and every repeated set member) is counted as aggregated, at the flush of its window. The flush commits each
 * line to the engine, which counts it as sent or dropped, so {@code accepted == sent + dropped + aggregated} holds.
 */
public final class Aggregator implements AutoCloseable {

    /** Upper bound on distinct keys held at once, across shards; and on counter entries, across threads. */
    public static final int MAX_KEYS = 1 << 16;

    /** How many threads get counter tables of their own; further threads count in the shared shards. */
    public static final int MAX_LOCALS =
            Math.min(64, Math.max(4, 2 * Runtime.getRuntime().availableProcessors()));

    private static final int SHARD_BITS = 6;
    private static final int SHARDS = 1 << SHARD_BITS;
    /** How many shards one counter key may be spread over in the shared path, by calling thread. */
    private static final int COUNTER_SPREAD = 4;

    private static final String[] NO_TAGS = new String[0];
    /** Marks a thread that found every counter table taken: it counts in the shared shards. */
    private static final CounterTable SHARED = new CounterTable(null);

    private final Engine engine;
    /** Writes a list of {@link MetricCall}s, the lines of a window. */
    private final Entries lines;

    private final AggregateShard[] shards = new AggregateShard[SHARDS];
    private final ThreadLocal<CounterTable> local = new ThreadLocal<>();
    /** Every thread's counter table, guarded by itself. */
    private final List<CounterTable> locals = new ArrayList<>();
    /** Counter entries across every thread's table. */
    private final AtomicInteger localCells = new AtomicInteger();

    private final long intervalNanos;
    /** How long {@link #close()} waits for a flush in progress. */
    private final long closeWaitMillis;

    private final Thread thread;
    private volatile boolean closed;
    /** Whether threads may still get tables; guarded by {@link #locals}. */
    private boolean registering = true;

    Aggregator(Engine engine, Entries lines, Duration interval, String threadName) {
        this(engine, lines, interval, threadName, Duration.ofSeconds(1));
    }

    /** With the longest wait of {@link #close()} for a flush in progress given, so that a test can hold a flush. */
    Aggregator(Engine engine, Entries lines, Duration interval, String threadName, Duration closeWait) {
        this.engine = engine;
        this.lines = lines;
        this.intervalNanos = interval.toNanos();
        this.closeWaitMillis = closeWait.toMillis();
        for (int i = 0; i < SHARDS; i++) {
            shards[i] = new AggregateShard();
        }
        this.thread = new Thread(this::run, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    /** Whether calls of this type and value kind are aggregated. */
    static boolean aggregates(MetricType type, ValueKind kind) {
        return type == MetricType.COUNTER
                || (type == MetricType.GAUGE && kind != ValueKind.GAUGE_DELTA)
                || type == MetricType.SET;
    }

    /**
     * Merges one accepted call into its window.
     *
     * @return false when the call must be sent directly: not aggregated, too many keys, or aggregation closed
     */
    boolean add(
            String name,
            MetricType type,
            ValueKind kind,
            long longValue,
            double doubleValue,
            String member,
            double rate,
            String[] tags) {
        if (!aggregates(type, kind)) {
            return false;
        }
        String[] t = tags == null ? NO_TAGS : tags;
        int hash = AggregateKey.hash(type, name, t, rate);
        if (type == MetricType.COUNTER) {
            CounterTable l = local.get();
            if (l == null) {
                l = register();
            }
            if (l != SHARED) {
                return l.count(name, longValue, rate, t, hash, localCells, MAX_KEYS);
            }
        }
        // the shard comes from the high bits of a multiplied hash: HashMap indexes its table with the low bits of
        // (hash ^ hash >>> 16), and picking the shard from those same bits would put all of a shard's keys into
        // one bucket (a long chain, then a tree)
        int index = (hash * 0x9E3779B9) >>> (32 - SHARD_BITS);
        if (type == MetricType.COUNTER) {
            // a counter's calls may be summed in a few places and added up at the flush: threads that count the same
            // key then mostly keep to their own entry instead of fighting over one. Gauges and sets stay in one place.
            @SuppressWarnings("deprecation") // getId() is final on 17 and cheap; threadId() needs 19
            int thread = (int) Thread.currentThread().getId() & (COUNTER_SPREAD - 1);
            index = (index + thread * (SHARDS / COUNTER_SPREAD)) & (SHARDS - 1);
        }
        return shards[index].add(type, name, t, rate, hash, kind, longValue, doubleValue, member, MAX_KEYS / SHARDS);
    }

    /** @return how many threads have counter tables of their own now (for tests) */
    public int threadTables() {
        synchronized (locals) {
            return locals.size();
        }
    }

    /** Gives the calling thread a counter table of its own, or {@link #SHARED} when they are all taken. */
    private CounterTable register() {
        CounterTable l = SHARED;
        synchronized (locals) {
            if (registering && locals.size() < MAX_LOCALS) {
                l = new CounterTable(Thread.currentThread());
                locals.add(l);
            }
        }
        local.set(l);
        return l;
    }

    private void run() {
        long next = System.nanoTime() + intervalNanos;
        while (!closed) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(this, wait);
                continue;
            }
            try {
                flush(false);
            } catch (RuntimeException e) {
                // never let the flusher die; what could not be encoded is counted by flush
            }
            next = System.nanoTime() + intervalNanos;
        }
    }

    /**
     * Hands every aggregated line to the engine and starts a new window; removes entries idle for the whole window and
     * the tables of threads that have ended. With {@code last}, aggregation stops taking calls: they go directly to the
     * engine.
     */
    private void flush(boolean last) {
        Map<AggregateKey, long[]> counters = new HashMap<>();
        CounterTable[] snapshot;
        synchronized (locals) {
            if (last) {
                registering = false;
            }
            snapshot = locals.toArray(new CounterTable[0]);
        }
        for (CounterTable l : snapshot) {
            // read before the flush: an ended thread adds nothing after it, so its table can then go
            boolean ended = !l.owner.isAlive();
            synchronized (l) {
                localCells.addAndGet(-l.collect(counters, last || ended));
            }
            if (ended && !last) {
                synchronized (locals) {
                    locals.remove(l);
                }
            }
        }
        for (AggregateShard s : shards) {
            s.flush(last, counters, engine, lines);
        }
        emitCounters(counters);
    }

    /** Sends one line per counter key: the sum over every thread and shard. */
    private void emitCounters(Map<AggregateKey, long[]> counters) {
        if (counters.isEmpty()) {
            return;
        }
        long calls = 0;
        for (long[] sum : counters.values()) {
            calls += sum[1];
        }
        engine.countAggregated(calls - counters.size());
        List<MetricCall> window = new ArrayList<>(counters.size());
        for (Map.Entry<AggregateKey, long[]> e : counters.entrySet()) {
            window.add(e.getKey().line(ValueKind.LONG_VALUE, e.getValue()[0], 0, null));
        }
        engine.offer(lines, window.size(), window, null, 0, 0, 0);
    }

    /** Ends the current window early: hands its lines to the engine now. Does nothing once closed. */
    public void flushWindow() {
        if (!closed) {
            flush(false);
        }
    }

    /**
     * Sends the last window and stops aggregating; calls from now on go directly to the engine. Called before the
     * engine is closed, so that the last window is drained with everything else.
     */
    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(thread);
        try {
            thread.join(closeWaitMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flush(true);
    }
}
