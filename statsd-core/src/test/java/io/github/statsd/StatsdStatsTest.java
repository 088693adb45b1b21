package io.github.statsd;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.statsd.internal.EngineStats;
import org.junit.jupiter.api.Test;

class StatsdStatsTest {

    @Test
    void droppedIsTheSumOfEveryDroppedCountAndNothingElse() {
        // a distinct bit per count: a count left out, counted twice or subtracted shows in the sum
        StatsdStats stats =
                new StatsdStats(1L << 40, 1L << 41, 1L << 42, 1, 2, 4, 8, 16, 32, 1L << 43, 1 << 20, 1L << 44);

        assertThat(stats.dropped()).isEqualTo(63);
    }

    @Test
    void takesEveryEngineCountIntoItsOwnPlace() {
        StatsdStats stats = StatsdStats.of(new EngineStats(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12));

        assertThat(stats).isEqualTo(new StatsdStats(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12));
    }
}
