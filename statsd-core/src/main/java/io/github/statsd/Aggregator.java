package io.github.statsd;

import io.github.statsd.internal.Engine;
import io.github.statsd.internal.LineWriter;
import io.github.statsd.internal.MetricType;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Client-side aggregation of counters, gauges and sets over a window, then sent through the engine like any line.
 *
 * <p>Entries live in maps striped by the hash of their key (type, name, tags, sample rate), each under its own
 * monitor, so a gauge or set key always meets the same map: a gauge's last value is global, a set de-duplicated
 * once. A counter key is spread over up to {@link #COUNTER_SPREAD} maps by calling thread, so that threads counting
 * the same key do not contend; its sums go out as up to that many lines, which the server adds up. A call looks its key up with
 * the stripe's reusable probe key: a key already seen costs no allocation (a set member may box a {@code long}). An
 * entry that was not updated during a whole window is removed at the next flush, so idle keys do not pile up, and
 * a stripe holds at most {@link #MAX_KEYS}{@code / stripes} keys: past that, new keys are sent without aggregation.
 *
 * <p>Accounting: the first call for a key in a window becomes the line; every further call merged into it (and
 * every repeated set member) is counted in {@link StatsdStats#aggregated()}, at the flush of its window. The flush
 * commits each line to the engine, which counts it as sent or dropped, so {@code accepted == sent + dropped + aggregated} holds.
 */
final class Aggregator implements AutoCloseable {

    /** Upper bound on distinct keys held at once, across stripes. */
    static final int MAX_KEYS = 1 << 16;

    private static final int STRIPE_BITS = 6;
    private static final int STRIPES = 1 << STRIPE_BITS;
    /** How many entries (so lines per window) one counter key may be spread over, by calling thread. */
    private static final int COUNTER_SPREAD = 4;

    private static final String[] NO_TAGS = new String[0];
    private static final AtomicInteger IDS = new AtomicInteger();

    private final StatsdClient client;
    private final Engine engine;
    private final Stripe[] stripes = new Stripe[STRIPES];
    private final long intervalNanos;
    private final Thread thread;
    private volatile boolean closed;

    Aggregator(StatsdClient client, Engine engine, Duration interval) {
        this.client = client;
        this.engine = engine;
        this.intervalNanos = interval.toNanos();
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Stripe();
        }
        this.thread = new Thread(this::run, "statsd-aggregator-" + IDS.incrementAndGet());
        thread.setDaemon(true);
        thread.start();
    }

    /** Whether calls of this type and value kind are aggregated. */
    static boolean aggregates(MetricType type, int kind) {
        return type == MetricType.COUNTER
                || (type == MetricType.GAUGE && kind != StatsdClient.DELTA)
                || type == MetricType.SET;
    }

    /**
     * Merges one accepted call into its window.
     *
     * @return false when the call must be sent directly: not aggregated, too many keys, or aggregation closed
     */
    boolean add(String name, MetricType type, int kind, long lv, double dv, String member, double rate, String[] tags) {
        if (!aggregates(type, kind)) {
            return false;
        }
        String[] t = tags == null ? NO_TAGS : tags;
        int hash = Key.hash(type, name, t, rate);
        // the stripe comes from the high bits of a multiplied hash: HashMap indexes its table with the low bits of
        // (hash ^ hash >>> 16), and picking the stripe from those same bits would put all of a stripe's keys into
        // one bucket (a long chain, then a tree: a third of the call's time)
        int index = (hash * 0x9E3779B9) >>> (32 - STRIPE_BITS);
        if (type == MetricType.COUNTER) {
            // a counter's calls may be summed in a few places, the server adds the lines up: threads that count the
            // same key then mostly keep to their own entry instead of fighting over one (at most
            // COUNTER_SPREAD lines per key and window). Gauges and sets stay in one place: last value, one set.
            @SuppressWarnings("deprecation") // getId() is final on 17 and cheap; threadId() needs 19
            int thread = (int) Thread.currentThread().getId() & (COUNTER_SPREAD - 1);
            index = (index + thread * (STRIPES / COUNTER_SPREAD)) & (STRIPES - 1);
        }
        Stripe s = stripes[index];
        synchronized (s) {
            if (s.closed) {
                return false;
            }
            Key probe = s.probe.set(type, name, t, rate, hash);
            Entry e = s.map.get(probe);
            probe.clear();
            if (e == null) {
                if (s.map.size() >= MAX_KEYS / STRIPES) {
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
                    merged = !e.members.add(kind == StatsdClient.MEMBER ? member : (Object) lv);
            }
            e.dirty = true;
            if (merged) {
                e.merged++; // counted in the engine's stats at the flush: no shared counter on the call path
            }
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
                for (Stripe s : stripes) {
                    flush(s, false);
                }
            } catch (RuntimeException e) {
                // never let the flusher die; what could not be encoded is counted by flush
            }
            next = System.nanoTime() + intervalNanos;
        }
    }

    /**
     * Hands every aggregated line of one stripe to the engine and resets the window; removes entries idle for the
     * whole window. With {@code last}, the stripe stops taking calls: they go directly to the engine.
     */
    private void flush(Stripe s, boolean last) {
        synchronized (s) {
            flushLocked(s, last);
        }
    }

    private void flushLocked(Stripe s, boolean last) {
        try {
            if (last) {
                s.closed = true;
            }
            int lines = 0;
            long merged = 0;
            for (Iterator<Entry> it = s.map.values().iterator(); it.hasNext(); ) {
                Entry e = it.next();
                if (e.dirty) {
                    lines += e.key.type == MetricType.SET ? e.members.size() : 1;
                    merged += e.merged;
                } else {
                    it.remove();
                }
            }
            if (merged > 0) {
                engine.countAggregated(merged);
            }
            if (lines == 0) {
                return;
            }
            Engine.Stripe out = engine.begin();
            if (out == null) {
                // begin() counted one as dropped because the engine is closed
                engine.countClosed(lines - 1);
                for (Entry e : s.map.values()) {
                    e.reset();
                }
                return;
            }
            try {
                LineWriter w = out.writer();
                for (Entry e : s.map.values()) {
                    if (e.dirty) {
                        emit(w, out, e);
                        e.reset();
                    }
                }
            } finally {
                out.unlock();
            }
        } finally {
            if (last) {
                s.map.clear();
            }
        }
    }

    private void emit(LineWriter w, Engine.Stripe out, Entry e) {
        Key k = e.key;
        switch (k.type) {
            case COUNTER:
                commit(w, out, k, StatsdClient.LONG, e.count, 0, null);
                break;
            case GAUGE:
                commit(w, out, k, e.kind, e.lv, e.dv, null);
                break;
            default:
                for (Object m : e.members) {
                    if (m instanceof String) {
                        commit(w, out, k, StatsdClient.MEMBER, 0, 0, (String) m);
                    } else {
                        commit(w, out, k, StatsdClient.LONG, (Long) m, 0, null);
                    }
                }
        }
    }

    private void commit(LineWriter w, Engine.Stripe out, Key k, int kind, long lv, double dv, String member) {
        w.reset();
        try {
            client.encode(w, k.name, k.type, kind, lv, dv, member, k.rate, k.tags);
            engine.commit(out);
        } catch (RuntimeException ex) {
            engine.countInvalid();
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
            thread.join(TimeUnit.SECONDS.toMillis(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Stripe s : stripes) {
            flush(s, true);
        }
    }

    /** One map of entries, guarded by the stripe's monitor, with the probe key reused for lookups. */
    private static final class Stripe {
        final HashMap<Key, Entry> map = new HashMap<>();
        final Key probe = new Key();
        boolean closed;
    }

    /** What identifies an aggregate. Mutable only as a stripe's probe, under the stripe's lock. */
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
            return hash == k.hash
                    && type == k.type
                    && Double.compare(rate, k.rate) == 0
                    && name.equals(k.name)
                    && Arrays.equals(tags, k.tags);
        }
    }

    /** The running aggregate of one key in the current window. */
    private static final class Entry {
        final Key key;
        boolean dirty;
        long count;
        /** Calls merged into this window's line, added to the engine's count at the flush. */
        long merged;

        int kind;
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
