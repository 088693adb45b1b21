package io.github.statsd.sample;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.statsd.sample.ReceivedMetrics.SeriesView;
import org.junit.jupiter.api.Test;

class ReceivedMetricsTests {

    private final ReceivedMetrics metrics = new ReceivedMetrics();

    @Test
    void groupsLinesPerNameTagsAndTypeWithCountAndLastValue() {
        metrics.add("orders.placed:1|c|#app:a,store:memory");
        metrics.add("orders.placed:3|c|#app:a,store:memory");
        metrics.add("orders.placed:1|c|#app:a,store:disk");
        metrics.add("queue.depth:7|g");

        ReceivedMetrics.Snapshot got = metrics.snapshot();

        assertThat(got.series())
                .extracting(SeriesView::name, SeriesView::tags, SeriesView::type, SeriesView::count, SeriesView::last)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("orders.placed", "app:a,store:disk", "c", 1L, "1"),
                        org.assertj.core.groups.Tuple.tuple("orders.placed", "app:a,store:memory", "c", 2L, "3"),
                        org.assertj.core.groups.Tuple.tuple("queue.depth", "", "g", 1L, "7"));
        assertThat(got.lines()).isEqualTo(4);
    }

    @Test
    void readsTelegrafTagsAndDogStatsdFieldsAfterTheType() {
        metrics.add("checkout,region=eu:12|ms|@0.5");
        metrics.add("checkout:4|ms|@0.5|#region:eu|c:ci-1|T1700000000");

        assertThat(metrics.snapshot().series())
                .extracting(SeriesView::name, SeriesView::tags, SeriesView::last)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("checkout", "region:eu", "4"),
                        org.assertj.core.groups.Tuple.tuple("checkout", "region=eu", "12"));
    }

    @Test
    void giveTimersPercentilesOfTheirRecentValuesOldestFirst() {
        for (int i = 1; i <= 100; i++) {
            metrics.add("t:" + i + "|ms");
        }
        metrics.add("h:5|h");

        SeriesView timer = metrics.snapshot().series().get(1);

        assertThat(timer.name()).isEqualTo("t");
        assertThat(timer.timing()).isTrue();
        assertThat(timer.count()).isEqualTo(100);
        // only the last MAX_RECENT values are kept: 41..100
        assertThat(timer.recent()).hasSize(ReceivedMetrics.MAX_RECENT);
        assertThat(timer.recent()[0]).isEqualTo(41.0);
        assertThat(timer.recent()[ReceivedMetrics.MAX_RECENT - 1]).isEqualTo(100.0);
        assertThat(timer.percentile(0.50)).isEqualTo(70.0);
        assertThat(timer.percentile(0.99)).isEqualTo(100.0);
        assertThat(metrics.snapshot().series().get(0).percentile(0.99)).isEqualTo(5.0);
    }

    @Test
    void keepsNoRecentValuesForCountersGaugesAndSets() {
        metrics.add("c:1|c");
        metrics.add("g:1|g");
        metrics.add("s:u1|s");

        assertThat(metrics.snapshot().series()).allSatisfy(s -> {
            assertThat(s.timing()).isFalse();
            assertThat(s.recent()).isEmpty();
        });
    }

    @Test
    void keepsAtMostMaxSeriesAndCountsTheLinesOfTheOthers() {
        for (int i = 0; i < ReceivedMetrics.MAX_SERIES + 50; i++) {
            metrics.add("m" + i + ":1|c");
        }
        metrics.add("m0:2|c");

        ReceivedMetrics.Snapshot got = metrics.snapshot();

        assertThat(got.series()).hasSize(ReceivedMetrics.MAX_SERIES);
        assertThat(got.notKept()).isEqualTo(50);
        assertThat(got.lines()).isEqualTo(ReceivedMetrics.MAX_SERIES + 51L);
        assertThat(got.series())
                .filteredOn(s -> s.name().equals("m0"))
                .singleElement()
                .satisfies(s -> assertThat(s.count()).isEqualTo(2));
    }

    @Test
    void cutsLongNamesAndKeepsTheLatestLinesBounded() {
        String longName = "x".repeat(10_000);
        for (int i = 0; i < ReceivedMetrics.MAX_LATEST + 5; i++) {
            metrics.add(longName + ":" + i + "|c");
        }

        ReceivedMetrics.Snapshot got = metrics.snapshot();

        assertThat(got.series()).singleElement().satisfies(s -> assertThat(s.name())
                .hasSizeLessThanOrEqualTo(ReceivedMetrics.MAX_TEXT + 1));
        assertThat(got.latest()).hasSize(ReceivedMetrics.MAX_LATEST);
        assertThat(got.latest()).allSatisfy(l -> assertThat(l).hasSizeLessThanOrEqualTo(ReceivedMetrics.MAX_TEXT + 1));
    }

    @Test
    void countsEventsServiceChecksAndGarbageAsOtherLines() {
        metrics.add("_e{5,4}:title|text|#a:b");
        metrics.add("_sc|db|2|m:down");
        metrics.add("no value here");
        metrics.add(":1|c");
        metrics.add("name:|c");

        ReceivedMetrics.Snapshot got = metrics.snapshot();

        assertThat(got.series()).isEmpty();
        assertThat(got.unparsed()).isEqualTo(5);
        assertThat(got.latest()).hasSize(5);
    }
}
