package io.github.statsd.internal;

/**
 * The encoded bytes of strings a client sees again and again (metric names, tags), so that the hot path copies them
 * instead of sanitizing and encoding them char by char. Keys are compared by identity first, then by content, so
 * equal strings built anew share an entry. Not thread-safe: each stripe's writer has its own, used under the
 * stripe's lock. Bounded: once full, new strings are simply encoded every time (no eviction, so no churn).
 */
final class BytesCache<V> {

    static final int MAX_ENTRIES = 4096;

    private String[] keys = new String[16];
    private Object[] values = new Object[16];
    private int size;

    @SuppressWarnings("unchecked")
    V get(String s) {
        String[] k = keys;
        int mask = k.length - 1;
        for (int i = mix(s.hashCode()) & mask; ; i = (i + 1) & mask) {
            String key = k[i];
            if (key == null) {
                return null;
            }
            if (key == s || key.equals(s)) {
                return (V) values[i];
            }
        }
    }

    void put(String s, V value) {
        if (size >= MAX_ENTRIES) {
            return;
        }
        if ((size + 1) * 2 > keys.length) {
            grow();
        }
        insert(keys, values, s, value);
        size++;
    }

    int size() {
        return size;
    }

    private void grow() {
        String[] oldKeys = keys;
        Object[] oldValues = values;
        String[] newKeys = new String[oldKeys.length * 2];
        Object[] newValues = new Object[newKeys.length];
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != null) {
                insert(newKeys, newValues, oldKeys[i], oldValues[i]);
            }
        }
        keys = newKeys;
        values = newValues;
    }

    private static void insert(String[] k, Object[] v, String s, Object value) {
        int mask = k.length - 1;
        int i = mix(s.hashCode()) & mask;
        while (k[i] != null) {
            i = (i + 1) & mask;
        }
        k[i] = s;
        v[i] = value;
    }

    private static int mix(int h) {
        h *= 0x9E3779B9;
        return h ^ (h >>> 16);
    }
}
