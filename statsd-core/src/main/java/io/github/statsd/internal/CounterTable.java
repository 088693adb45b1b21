package io.github.statsd.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One thread's counters: an open-addressing table written by its owner, under its own monitor, which the flusher takes
 * once per window. At most half its slots are taken (16 at least, doubled as it grows; made again at a flush that drops
 * cells), so that a probe stays short.
 */
final class CounterTable {

    private static final Cell[] NO_CELLS = new Cell[0];

    final Thread owner;
    private Cell[] table = new Cell[16];
    private int size;
    boolean closed;

    CounterTable(Thread owner) {
        this.owner = owner;
    }

    /** @return how many cells the table has slots for now (for tests of its growth) */
    int capacity() {
        return table.length;
    }

    private static int slot(int hash, int mask) {
        int h = hash * 0x9E3779B9;
        return (h ^ (h >>> 16)) & mask;
    }

    private void put(Cell c) {
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
     * Adds this window's sums to {@code counters} and resets them; drops idle cells, or every cell when {@code last}
     * (the table then takes no more calls).
     *
     * @return how many cells were dropped
     */
    int collect(Map<AggregateKey, long[]> counters, boolean last) {
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

    /**
     * Adds to a counter in this table, the calling thread's; takes a place in {@code cells} for a new key.
     *
     * @return false when the table is closed or every place is taken
     */
    boolean count(String name, long delta, double rate, String[] tags, int hash, AtomicInteger cells, int maxCells) {
        synchronized (this) {
            if (closed) {
                return false;
            }
            Cell[] table = this.table;
            int mask = table.length - 1;
            for (int i = slot(hash, mask); ; i = (i + 1) & mask) {
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
            if (cells.incrementAndGet() > maxCells) {
                cells.decrementAndGet();
                return false;
            }
            Cell c = new Cell(new AggregateKey().set(MetricType.COUNTER, name, tags.clone(), rate, hash));
            c.count = delta;
            c.calls = 1;
            put(c);
            return true;
        }
    }

    /** Adds one table's or shard's window of a counter key to the flush's sums: {@code {count, calls}} per key. */
    static void addSum(Map<AggregateKey, long[]> counters, AggregateKey key, long count, long calls) {
        long[] sum = counters.computeIfAbsent(key, k -> new long[2]);
        sum[0] += count;
        sum[1] += calls;
    }

    /** A counter key's running sum in one thread's table. */
    private static final class Cell {
        final AggregateKey key;
        long count;
        long calls;

        Cell(AggregateKey key) {
            this.key = key;
        }
    }
}
