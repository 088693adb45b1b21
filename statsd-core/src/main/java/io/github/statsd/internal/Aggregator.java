package io.github.statsd.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Client-side aggregation of counters, gauges and sets over a window, then sent through the engine like any line.
 *
 * <p>Counters, the hot case, are summed per calling thread: the first {@link #MAX_LOCALS} threads that count get a
 * table of their own ({@link Local}), under a monitor that only the flusher, once per window, ever takes from another
 * thread, so counting threads share no memory and never contend. Gauges and sets (and the counters of threads beyond
 * those) live in shared maps (shards) chosen by the hash of their key (type, name, tags, sample rate), each under its own
 * monitor ({@link Shard}), so a gauge or set key always meets the same map: a gauge's last value is global, a set de-duplicated once.
 * At the flush, every counter key's sums from all threads and shards are added up into one line. A call looks its
 * key up without allocating once the key has been seen (a set member may box a {@code long}). An entry that was not
 * updated during a whole window is removed at the next flush, so idle keys do not pile up; at most {@link #MAX_KEYS}
 * counter entries across threads, and {@link #MAX_KEYS}{@code / shards} keys per shard, are held: past that, new
 * keys are sent without aggregation.
 *
 * <p>Accounting: one line per key and window (one per distinct member for a set) is sent; every further call merged
 * into it (and every repeated set member) is counted as aggregated, at the flush of its window.
 * The flush commits each line to the engine, which counts it as sent or dropped, so
 * {@code accepted == sent + dropped + aggregated} holds.
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
    private static final Cell[] NO_CELLS = new Cell[0];
    /** Marks a thread that found every counter table taken: it counts in the shared shards. */
    private static final Local SHARED = new Local(null);

    private final Engine engine;
    /** Writes a list of {@link MetricCall}s, the lines of a window. */
    private final Entries lines;

    private final Shard[] shards = new Shard[SHARDS];
    private final ThreadLocal<Local> local = new ThreadLocal<>();
    /** Every thread's counter table, guarded by itself. */
    private final List<Local> locals = new ArrayList<>();
    /** Counter entries across every thread's table. */
    private final AtomicInteger localCells = new AtomicInteger();

    private final long intervalNanos;
    private final Thread thread;
    private volatile boolean closed;
    /** Whether threads may still get tables; guarded by {@link #locals}. */
    private boolean registering = true;

    Aggregator(Engine engine, Entries lines, Duration interval, String threadName) {
        this.engine = engine;
        this.lines = lines;
        this.intervalNanos = interval.toNanos();
        for (int i = 0; i < SHARDS; i++) {
            shards[i] = new Shard();
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
            long lv,
            double dv,
            String member,
            double rate,
            String[] tags) {
        if (!aggregates(type, kind)) {
            return false;
        }
        String[] t = tags == null ? NO_TAGS : tags;
        int hash = Key.hash(type, name, t, rate);
        if (type == MetricType.COUNTER) {
            Local l = local.get();
            if (l == null) {
                l = register();
            }
            if (l != SHARED) {
                return count(l, name, lv, rate, t, hash);
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
        Shard s = shards[index];
        synchronized (s) {
            if (s.closed) {
                return false;
            }
            Key probe = s.probe.set(type, name, t, rate, hash);
            Entry e = s.map.get(probe);
            probe.clear();
            if (e == null) {
                if (s.map.size() >= MAX_KEYS / SHARDS) {
                    return false;
                }
                e = new Entry(new Key().set(type, name, t.clone(), rate, hash));
                s.map.put(e.key, e);
            }
            boolean merged;
            switch (type) {
                case COUNTER:
                    merged = e.dirty;
                    e.count += lv;
                    break;
                case GAUGE:
                    merged = e.dirty;
                    e.kind = kind;
                    e.lv = lv;
                    e.dv = dv;
                    break;
                default: // SET
                    if (e.members == null) {
                        e.members = new LinkedHashSet<>();
                    }
                    merged = !e.members.add(kind == ValueKind.SET_MEMBER ? member : (Object) lv);
            }
            e.dirty = true;
            if (merged) {
                e.merged++; // counted in the engine's stats at the flush: no shared counter on the call path
            }
            return true;
        }
    }

    /** @return how many threads have counter tables of their own now (for tests) */
    public int threadTables() {
        synchronized (locals) {
            return locals.size();
        }
    }

    /** Gives the calling thread a counter table of its own, or {@link #SHARED} when they are all taken. */
    private Local register() {
        Local l = SHARED;
        synchronized (locals) {
            if (registering && locals.size() < MAX_LOCALS) {
                l = new Local(Thread.currentThread());
                locals.add(l);
            }
        }
        local.set(l);
        return l;
    }

    /** Adds to a counter in the calling thread's own table. */
    private boolean count(Local l, String name, long delta, double rate, String[] tags, int hash) {
        synchronized (l) {
            if (l.closed) {
                return false;
            }
            Cell[] table = l.table;
            int mask = table.length - 1;
            for (int i = Local.slot(hash, mask); ; i = (i + 1) & mask) {
                Cell c = table[i];
                if (c == null) {
                    break;
                }
                if (c.key.hash == hash && c.key.is(MetricType.COUNTER, name, tags, rate)) {
                    c.count += delta;
                    c.calls++;
                    return true;
                }
            }
            if (localCells.incrementAndGet() > MAX_KEYS) {
                localCells.decrementAndGet();
                return false;
            }
            Cell c = new Cell(new Key().set(MetricType.COUNTER, name, tags.clone(), rate, hash));
            c.count = delta;
            c.calls = 1;
            l.put(c);
            return true;
        }
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
     * Hands every aggregated line to the engine and starts a new window; removes entries idle for the whole window
     * and the tables of threads that have ended. With {@code last}, aggregation stops taking calls: they go directly
     * to the engine.
     */
    private void flush(boolean last) {
        Map<Key, long[]> counters = new HashMap<>();
        Local[] snapshot;
        synchronized (locals) {
            if (last) {
                registering = false;
            }
            snapshot = locals.toArray(new Local[0]);
        }
        for (Local l : snapshot) {
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
        for (Shard s : shards) {
            synchronized (s) {
                flushLocked(s, last, counters);
            }
        }
        emitCounters(counters);
    }

    /**
     * Sends one shard's gauges and sets and resets its window; adds its counters' sums to {@code counters}, sent
     * after every shard and thread has given its own.
     */
    private void flushLocked(Shard s, boolean last, Map<Key, long[]> counters) {
        try {
            if (last) {
                s.closed = true;
            }
            List<MetricCall> window = new ArrayList<>();
            long merged = 0;
            for (Iterator<Entry> it = s.map.values().iterator(); it.hasNext(); ) {
                Entry e = it.next();
                if (!e.dirty) {
                    it.remove();
                } else if (e.key.type == MetricType.COUNTER) {
                    addSum(counters, e.key, e.count, e.merged + 1);
                    e.reset();
                } else {
                    addLines(window, e);
                    merged += e.merged;
                    e.reset();
                }
            }
            if (merged > 0) {
                engine.countAggregated(merged);
            }
            if (!window.isEmpty()) {
                engine.offer(lines, window.size(), window, null, 0, 0, 0);
            }
        } finally {
            if (last) {
                s.map.clear();
            }
        }
    }

    /** Adds one table's or shard's window of a counter key to the flush's sums: {@code {count, calls}} per key. */
    private static void addSum(Map<Key, long[]> counters, Key key, long count, long calls) {
        long[] sum = counters.computeIfAbsent(key, k -> new long[2]);
        sum[0] += count;
        sum[1] += calls;
    }

    /** Sends one line per counter key: the sum over every thread and shard. */
    private void emitCounters(Map<Key, long[]> counters) {
        if (counters.isEmpty()) {
            return;
        }
        long calls = 0;
        for (long[] sum : counters.values()) {
            calls += sum[1];
        }
        engine.countAggregated(calls - counters.size());
        List<MetricCall> window = new ArrayList<>(counters.size());
        for (Map.Entry<Key, long[]> e : counters.entrySet()) {
            window.add(line(e.getKey(), ValueKind.LONG_VALUE, e.getValue()[0], 0, null));
        }
        engine.offer(lines, window.size(), window, null, 0, 0, 0);
    }

    /** Adds the lines of a gauge's or set's window: its last value, or each of its members. */
    private static void addLines(List<MetricCall> window, Entry e) {
        Key k = e.key;
        if (k.type == MetricType.GAUGE) {
            window.add(line(k, e.kind, e.lv, e.dv, null));
            return;
        }
        for (Object m : e.members) {
            if (m instanceof String) {
                window.add(line(k, ValueKind.SET_MEMBER, 0, 0, (String) m));
            } else {
                window.add(line(k, ValueKind.LONG_VALUE, (Long) m, 0, null));
            }
        }
    }

    private static MetricCall line(Key k, ValueKind kind, long lv, double dv, String member) {
        return new MetricCall(k.name, k.type, kind, lv, dv, member, k.rate, k.tags);
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
            thread.join(TimeUnit.SECONDS.toMillis(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flush(true);
    }

    /** One map of entries, guarded by the shard's monitor, with the probe key reused for lookups. */
    private static final class Shard {
        final HashMap<Key, Entry> map = new HashMap<>();
        final Key probe = new Key();
        boolean closed;
    }

    /**
     * One thread's counters: an open-addressing table written by its owner, under its own monitor, which the flusher
     * takes once per window.
     */
    private static final class Local {
        final Thread owner;
        Cell[] table = new Cell[16];
        int size;
        boolean closed;

        Local(Thread owner) {
            this.owner = owner;
        }

        static int slot(int hash, int mask) {
            int h = hash * 0x9E3779B9;
            return (h ^ (h >>> 16)) & mask;
        }

        void put(Cell c) {
            if (++size * 2 > table.length) {
                Cell[] old = table;
                table = new Cell[old.length * 2];
                for (Cell o : old) {
                    if (o != null) {
                        insert(o);
                    }
                }
            }
            insert(c);
        }

        private void insert(Cell c) {
            int mask = table.length - 1;
            int i = slot(c.key.hash, mask);
            while (table[i] != null) {
                i = (i + 1) & mask;
            }
            table[i] = c;
        }

        /**
         * Adds this window's sums to {@code counters} and resets them; drops idle cells, or every cell when
         * {@code last} (the table then takes no more calls).
         *
         * @return how many cells were dropped
         */
        int collect(Map<Key, long[]> counters, boolean last) {
            int before = size;
            List<Cell> keep = new ArrayList<>();
            for (Cell c : table) {
                if (c == null) {
                    continue;
                }
                if (c.calls > 0) {
                    addSum(counters, c.key, c.count, c.calls);
                    c.count = 0;
                    c.calls = 0;
                    keep.add(c);
                }
            }
            if (last) {
                closed = true;
                table = NO_CELLS;
                size = 0;
            } else if (keep.size() < size) {
                int length = 16;
                while (length < keep.size() * 2) {
                    length *= 2;
                }
                table = new Cell[length];
                size = keep.size();
                for (Cell c : keep) {
                    insert(c);
                }
            }
            return before - size;
        }
    }

    /** A counter key's running sum in one thread's table. */
    private static final class Cell {
        final Key key;
        long count;
        long calls;

        Cell(Key key) {
            this.key = key;
        }
    }

    /** What identifies an aggregate. Mutable only as a shard's probe, under the shard's lock. */
    private static final class Key {
        MetricType type;
        String name;
        String[] tags;
        double rate;
        int hash;

        Key set(MetricType type, String name, String[] tags, double rate, int hash) {
            this.type = type;
            this.name = name;
            this.tags = tags;
            this.rate = rate;
            this.hash = hash;
            return this;
        }

        /** Drops the probe's references to the caller's strings. */
        void clear() {
            this.name = null;
            this.tags = null;
        }

        static int hash(MetricType type, String name, String[] tags, double rate) {
            int h = type.ordinal() * 31 + name.hashCode();
            for (String tag : tags) {
                h = h * 31 + Objects.hashCode(tag);
            }
            return h * 31 + Double.hashCode(rate);
        }

        boolean is(MetricType type, String name, String[] tags, double rate) {
            return this.type == type
                    && Double.compare(this.rate, rate) == 0
                    && this.name.equals(name)
                    && Arrays.equals(this.tags, tags);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Key)) {
                return false;
            }
            Key k = (Key) o;
            return hash == k.hash && is(k.type, k.name, k.tags, k.rate);
        }
    }

    /** The running aggregate of one key in the current window. */
    private static final class Entry {
        final Key key;
        boolean dirty;
        long count;
        /** Calls merged into this window's line, added to the engine's count at the flush. */
        long merged;

        ValueKind kind;
        long lv;
        double dv;
        LinkedHashSet<Object> members;

        Entry(Key key) {
            this.key = key;
        }

        void reset() {
            dirty = false;
            count = 0;
            merged = 0;
            if (members != null) {
                members.clear();
            }
        }
    }
}
