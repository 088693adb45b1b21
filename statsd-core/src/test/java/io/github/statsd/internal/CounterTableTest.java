package io.github.statsd.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * One thread's counter table across windows: what it sums, what it keeps, and the count of places it holds, which
 * bounds the counter keys of all threads together.
 */
class CounterTableTest {

    private static final String[] NO_TAGS = new String[0];
    private static final int MAX_CELLS = 4;

    private final CounterTable table = new CounterTable(Thread.currentThread());
    private final AtomicInteger cells = new AtomicInteger();

    @Test
    void dropsIdleCellsAndGivesTheirPlacesBack() {
        for (String key : new String[] {"a", "b", "c", "d"}) {
            assertThat(count(key, 1)).isTrue();
        }
        assertThat(count("e", 1)).as("every place is taken").isFalse();
        assertThat(collect()).containsOnlyKeys("a", "b", "c", "d");

        // a second window in which only a and b count: c and d are idle and give their places back
        count("a", 2);
        count("b", 3);
        Map<String, long[]> second = collect();
        assertThat(second).containsOnlyKeys("a", "b");
        assertThat(second.get("a")).containsExactly(2, 1);
        assertThat(second.get("b")).containsExactly(3, 1);
        assertThat(cells).hasValue(2);

        // the kept cells are found again, taking no new place; two new keys fill the table, a third has no room
        assertThat(count("a", 1)).isTrue();
        assertThat(count("b", 1)).isTrue();
        assertThat(cells).as("a and b kept their cells").hasValue(2);
        assertThat(count("e", 1)).isTrue();
        assertThat(count("f", 1)).isTrue();
        assertThat(count("g", 1)).as("every place is taken again").isFalse();
        Map<String, long[]> third = collect();
        assertThat(third).containsOnlyKeys("a", "b", "e", "f");
        assertThat(third.get("a")).containsExactly(1, 1);
    }

    @Test
    void theLastCollectDropsEveryCellAndClosesTheTable() {
        count("a", 5);
        count("a", 5);
        Map<AggregateKey, long[]> sums = new HashMap<>();
        assertThat(table.collect(sums, true)).isEqualTo(1);
        assertThat(sums.values()).singleElement().satisfies(v -> assertThat(v).containsExactly(10, 2));
        assertThat(count("a", 1)).as("closed").isFalse();
    }

    /** The slots a table must have for {@code n} cells: the growth rule of {@link BytesCache}. */
    private static int slotsFor(int n) {
        return BytesCacheTest.slotsFor(n);
    }

    @Test
    void growsToKeepAtMostHalfItsSlotsTakenAndShrinksWhenAFlushDropsCells() {
        int max = 1000;
        AtomicInteger manyCells = new AtomicInteger();
        assertThat(table.capacity()).isEqualTo(16);
        for (int n = 1; n <= max; n++) {
            String name = "k" + n;
            int hash = AggregateKey.hash(MetricType.COUNTER, name, NO_TAGS, 1.0);
            assertThat(table.count(name, n, 1.0, NO_TAGS, hash, manyCells, max)).isTrue();
            assertThat(table.capacity()).as("slots for %d cells", n).isEqualTo(slotsFor(n));
        }
        assertThat(manyCells).hasValue(max);

        // every key is found again after the growths: a second call adds to its cell, taking no new place
        for (int n = 1; n <= max; n++) {
            String name = "k" + n;
            int hash = AggregateKey.hash(MetricType.COUNTER, name, NO_TAGS, 1.0);
            assertThat(table.count(name, n, 1.0, NO_TAGS, hash, manyCells, max)).isTrue();
        }
        assertThat(manyCells).hasValue(max);
        Map<AggregateKey, long[]> sums = new HashMap<>();
        assertThat(table.collect(sums, false)).as("no cell idle").isZero();
        assertThat(table.capacity()).as("nothing dropped, the table is kept").isEqualTo(slotsFor(max));
        assertThat(sums).hasSize(max);
        sums.forEach((k, v) -> {
            long n = Long.parseLong(k.name.substring(1));
            assertThat(v).containsExactly(2 * n, 2);
        });

        // a window in which only 16 keys count: the others are dropped and the table is made again for 16, in 32 slots
        // (twice as many keys, exactly a power of two: a table one size too big would show)
        for (int n = 1; n <= 16; n++) {
            String name = "k" + n;
            int hash = AggregateKey.hash(MetricType.COUNTER, name, NO_TAGS, 1.0);
            table.count(name, 1, 1.0, NO_TAGS, hash, manyCells, max);
        }
        sums.clear();
        int dropped = table.collect(sums, false);
        assertThat(dropped).isEqualTo(max - 16);
        manyCells.addAndGet(-dropped); // as the flusher gives the places back
        assertThat(table.capacity()).isEqualTo(slotsFor(16)).isEqualTo(32);
        assertThat(sums).hasSize(16);
        // the kept cells are found in the new table
        for (int n = 1; n <= 16; n++) {
            String name = "k" + n;
            int hash = AggregateKey.hash(MetricType.COUNTER, name, NO_TAGS, 1.0);
            assertThat(table.count(name, 5, 1.0, NO_TAGS, hash, manyCells, max)).isTrue();
        }
        assertThat(manyCells).as("the 16 kept cells take no new place").hasValue(16);
        sums.clear();
        assertThat(table.collect(sums, false)).isZero();
        assertThat(sums.values()).hasSize(16).allSatisfy(v -> assertThat(v).containsExactly(5, 1));
    }

    @Test
    void aFlushThatDropsEveryCellLeavesTheSmallestTable() {
        for (int n = 1; n <= 40; n++) {
            String name = "k" + n;
            int hash = AggregateKey.hash(MetricType.COUNTER, name, NO_TAGS, 1.0);
            assertThat(table.count(name, 1, 1.0, NO_TAGS, hash, cells, 40)).isTrue();
        }
        assertThat(table.capacity()).isEqualTo(128);
        collect();
        assertThat(collect()).as("a window with no call").isEmpty();
        assertThat(table.capacity()).isEqualTo(16);
        assertThat(cells).hasValue(0);
        assertThat(count("k1", 3)).isTrue();
        assertThat(collect().get("k1")).containsExactly(3, 1);
    }

    @Test
    void keepsKeysWhoseHashesCollideApart() {
        // "Aa" and "BB" have the same String.hashCode, so the same key hash
        assertThat(AggregateKey.hash(MetricType.COUNTER, "Aa", NO_TAGS, 1.0))
                .isEqualTo(AggregateKey.hash(MetricType.COUNTER, "BB", NO_TAGS, 1.0));
        count("Aa", 1);
        count("BB", 10);
        count("Aa", 100);
        Map<String, long[]> sums = collect();
        assertThat(sums.get("Aa")).containsExactly(101, 2);
        assertThat(sums.get("BB")).containsExactly(10, 1);
    }

    @Test
    void keepsTheTagsAndRateOfTheCallItsKeyWasMadeWith() {
        String[] tags = {"env:prod"};
        int hash = AggregateKey.hash(MetricType.COUNTER, "c", tags, 0.5);
        assertThat(table.count("c", 1, 0.5, tags, hash, cells, MAX_CELLS)).isTrue();
        tags[0] = "env:changed"; // the caller's array, reused: the key holds its own copy
        Map<AggregateKey, long[]> sums = new HashMap<>();
        table.collect(sums, false);
        AggregateKey key = sums.keySet().iterator().next();
        assertThat(key.type).isEqualTo(MetricType.COUNTER);
        assertThat(key.tags).containsExactly("env:prod");
        assertThat(key.rate).isEqualTo(0.5);
        assertThat(key.hash).isEqualTo(hash);
    }

    private boolean count(String name, long delta) {
        int hash = AggregateKey.hash(MetricType.COUNTER, name, NO_TAGS, 1.0);
        return table.count(name, delta, 1.0, NO_TAGS, hash, cells, MAX_CELLS);
    }

    /** Collects a window as the flusher does, giving back the places of dropped cells; sums by name. */
    private Map<String, long[]> collect() {
        Map<AggregateKey, long[]> sums = new HashMap<>();
        cells.addAndGet(-table.collect(sums, false));
        Map<String, long[]> byName = new HashMap<>();
        sums.forEach((k, v) -> byName.put(k.name, v));
        return byName;
    }
}
