package io.github.statsd.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * One of the aggregator's shared maps of keys (gauges, sets, and the counters of threads without a table of their own),
 * guarded by its monitor, with the probe key reused for lookups.
 */
final class AggregateShard {

    private final HashMap<AggregateKey, Entry> map = new HashMap<>();
    private final AggregateKey probe = new AggregateKey();
    private boolean closed;

    /**
     * Merges one accepted call into this shard's window.
     *
     * @return false when the call must be sent directly: too many keys, or the shard closed
     */
    synchronized boolean add(
            MetricType type,
            String name,
            String[] t,
            double rate,
            int hash,
            ValueKind kind,
            long longValue,
            double doubleValue,
            String member,
            int maxKeys) {
        if (closed) {
            return false;
        }
        Entry e = map.get(probe.set(type, name, t, rate, hash));
        probe.clear();
        if (e == null) {
            if (map.size() >= maxKeys) {
                return false;
            }
            e = new Entry(new AggregateKey().set(type, name, t.clone(), rate, hash));
            map.put(e.key, e);
        }
        boolean merged;
        switch (type) {
            case COUNTER:
                merged = e.dirty;
                e.count += longValue;
                break;
            case GAUGE:
                merged = e.dirty;
                e.kind = kind;
                e.longValue = longValue;
                e.doubleValue = doubleValue;
                break;
            default: // SET
                if (e.members == null) {
                    e.members = new LinkedHashSet<>();
                }
                merged = !e.members.add(kind == ValueKind.SET_MEMBER ? member : (Object) longValue);
        }
        e.dirty = true;
        if (merged) {
            e.merged++; // counted in the engine's stats at the flush: no shared counter on the call path
        }
        return true;
    }

    /**
     * Sends this shard's gauges and sets and resets its window, under its monitor (so a call that finds the shard
     * closed and goes directly is sent after the window); adds its counters' sums to {@code counters}, sent after every
     * shard and thread has given its own.
     */
    synchronized void flush(boolean last, Map<AggregateKey, long[]> counters, Engine engine, Entries lines) {
        try {
            if (last) {
                closed = true;
            }
            List<MetricCall> window = new ArrayList<>();
            long merged = 0;
            for (Iterator<Entry> it = map.values().iterator(); it.hasNext(); ) {
                Entry e = it.next();
                if (!e.dirty) {
                    it.remove();
                } else if (e.key.type == MetricType.COUNTER) {
                    CounterTable.addSum(counters, e.key, e.count, e.merged + 1);
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
                map.clear();
            }
        }
    }

    /** Adds the lines of a gauge's or set's window: its last value, or each of its members. */
    private static void addLines(List<MetricCall> window, Entry e) {
        AggregateKey k = e.key;
        if (k.type == MetricType.GAUGE) {
            window.add(k.line(e.kind, e.longValue, e.doubleValue, null));
            return;
        }
        for (Object m : e.members) {
            if (m instanceof String) {
                window.add(k.line(ValueKind.SET_MEMBER, 0, 0, (String) m));
            } else {
                window.add(k.line(ValueKind.LONG_VALUE, (Long) m, 0, null));
            }
        }
    }

    /** The running aggregate of one key in the current window. */
    private static final class Entry {
        final AggregateKey key;
        boolean dirty;
        long count;
        /** Calls merged into this window's line, added to the engine's count at the flush. */
        long merged;

        ValueKind kind;
        long longValue;
        double doubleValue;
        LinkedHashSet<Object> members;

        Entry(AggregateKey key) {
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
