package io.github.statsd.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The cache of encoded names and tags as a table: what it finds, how it grows, where it stops. */
class BytesCacheTest {

    private final BytesCache<Integer> cache = new BytesCache<>();

    /** The slots the table must have for {@code n} keys: 16 at first, doubled until at most half are taken. */
    static int slotsFor(int n) {
        int slots = 16;
        while (slots < 2 * n) {
            slots *= 2;
        }
        return slots;
    }

    @Test
    void keepsAtMostHalfItsSlotsTakenAndFindsEveryKeyAfterEachGrowth() {
        assertThat(cache.size()).isZero();
        assertThat(cache.capacity()).isEqualTo(16);
        for (int n = 1; n <= 1000; n++) {
            cache.put("key." + n, n);
            assertThat(cache.size()).isEqualTo(n);
            assertThat(cache.capacity()).as("slots for %d keys", n).isEqualTo(slotsFor(n));
        }
        for (int n = 1; n <= 1000; n++) {
            // a string equal to the key, not the same one: found by content
            assertThat(cache.get(new String("key." + n))).isEqualTo(n);
        }
        assertThat(cache.get("key.0")).isNull();
        assertThat(cache.get("key.1001")).isNull();
    }

    @Test
    void growsWhenTheNinthKeyComes() {
        for (int n = 1; n <= 8; n++) {
            cache.put("k" + n, n);
        }
        assertThat(cache.capacity()).isEqualTo(16);
        cache.put("k9", 9);
        assertThat(cache.capacity()).isEqualTo(32);
        for (int n = 1; n <= 9; n++) {
            assertThat(cache.get("k" + n)).isEqualTo(n);
        }
    }

    @Test
    void keepsKeysWithTheSameHashApart() {
        // "Aa" and "BB" have the same String.hashCode, so they probe the same slot
        assertThat("Aa".hashCode()).isEqualTo("BB".hashCode());
        cache.put("Aa", 1);
        assertThat(cache.get("BB")).isNull();
        cache.put("BB", 2);
        assertThat(cache.get("Aa")).isEqualTo(1);
        assertThat(cache.get("BB")).isEqualTo(2);
        assertThat(cache.get("AaBB")).isNull();
    }

    @Test
    void holdsAtMostMaxEntriesAndTakesNoMoreAfterThat() {
        for (int n = 0; n < BytesCache.MAX_ENTRIES; n++) {
            cache.put("key." + n, n);
        }
        assertThat(cache.size()).isEqualTo(BytesCache.MAX_ENTRIES);
        int capacity = cache.capacity();
        assertThat(capacity).isEqualTo(slotsFor(BytesCache.MAX_ENTRIES));

        cache.put("one.more", -1);
        assertThat(cache.size()).isEqualTo(BytesCache.MAX_ENTRIES);
        assertThat(cache.capacity()).isEqualTo(capacity);
        assertThat(cache.get("one.more")).isNull();
        assertThat(cache.get("key." + (BytesCache.MAX_ENTRIES - 1))).isEqualTo(BytesCache.MAX_ENTRIES - 1);
    }
}
