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
