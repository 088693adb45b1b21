package io.github.statsd.internal;

/**
 * The encoded bytes of strings a client sees again and again (metric names, tags), so that the hot path copies them
 * instead of sanitizing and encoding them char by char. Keys are compared by identity first, then by content, so equal
 * strings built anew share an entry. Not thread-safe: each writer's {@link NameTagCache} has its own, used under the
 * stripe's lock. Bounded: once full, new strings are simply encoded every time (no eviction, so no churn). At most half
 * its slots are taken (16 at first, doubled as it grows), so that a probe stays short.
 */
final class BytesCache<V> {

    static final int MAX_ENTRIES = 4096;

    /** Keys at even indexes, each followed by its value: a hit reads one cache line of the table. */
    private Object[] table = new Object[32];

    private int size;

    @SuppressWarnings("unchecked")
    V get(String s) {
        Object[] t = table;
        int mask = (t.length >> 1) - 1;
        for (int i = mix(s.hashCode()) & mask; ; i = (i + 1) & mask) {
            Object key = t[i << 1];
            if (key == null) {
                return null;
            }
            if (key == s || ((String) key).equals(s)) {
                return (V) t[(i << 1) + 1];
            }
        }
    }

    void put(String s, V value) {
        if (size >= MAX_ENTRIES) {
            return;
        }
        if ((size + 1) * 4 > table.length) {
            grow();
        }
        insert(table, s, value);
        size++;
    }

    int size() {
        return size;
    }

    /** @return how many keys the table has slots for now (for tests of its growth) */
    int capacity() {
        return table.length >> 1;
    }

    private void grow() {
        Object[] old = table;
        Object[] grown = new Object[old.length * 2];
        for (int i = 0; i < old.length; i += 2) {
            if (old[i] != null) {
                insert(grown, old[i], old[i + 1]);
            }
        }
        table = grown;
    }

    private static void insert(Object[] t, Object key, Object value) {
        int mask = (t.length >> 1) - 1;
        int i = mix(key.hashCode()) & mask;
        while (t[i << 1] != null) {
            i = (i + 1) & mask;
        }
        t[i << 1] = key;
        t[(i << 1) + 1] = value;
    }

    private static int mix(int h) {
        h *= 0x9E3779B9;
        return h ^ (h >>> 16);
    }
}
