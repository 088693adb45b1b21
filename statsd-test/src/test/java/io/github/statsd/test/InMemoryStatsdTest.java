package io.github.statsd.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.statsd.DogStatsdClient;
import io.github.statsd.Event;
import io.github.statsd.Flavor;
import io.github.statsd.StatsdClient;
import io.github.statsd.StatsdConfig;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class InMemoryStatsdTest {

    @Test
    void keepsTheExactLinesReadableRightAfterTheCalls() {
        try (InMemoryStatsd statsd = InMemoryStatsd.create(StatsdConfig.builder()
                .prefix("shop")
                .constantTags("env:test")
                .flushInterval(Duration.ofHours(1))
                .build())) {
            StatsdClient client = statsd.client();
            client.increment("orders.placed", "region:eu");
            client.gauge("queue", -2);
            client.timing("db", 12);
            client.set("users", "a b");

            assertThat(statsd.lines())
                    .containsExactly(
                            "shop.orders.placed.env.test.region.eu:1|c",
                            "shop.queue.env.test:0|g",
                            "shop.queue.env.test:-2|g",
                            "shop.db.env.test:12|ms",
                            "shop.users.env.test:a_b|s");
            assertThat(statsd.single("orders.placed", "region:eu").longValue()).isEqualTo(1);
            assertThat(statsd.find("queue")).extracting(StatsdLine::value).containsExactly("0", "-2");
            assertThat(statsd.stats().sent()).isEqualTo(4);
        }
    }

    @Test
    void findsDogStatsdLinesByNameAndTags() {
        try (InMemoryStatsd statsd = InMemoryStatsd.create(StatsdConfig.builder()
                .flavor(Flavor.DATADOG)
                .prefix("app")
                .constantTags("env:test")
                .sampleRate(1.0)
                .build())) {
            DogStatsdClient client = statsd.dogStatsdClient();
            client.count("hits", 2, "route:/a");
            client.count("hits", 3, "route:/b");
            client.count("hits", 4, "route:/a");
            client.histogram("size", 1.5, "route:/a");
            client.event(Event.builder("deploy", "v2").build());

            assertThat(statsd.find("hits", "route:/a")).hasSize(2);
            assertThat(statsd.sum("hits", "route:/a")).isEqualTo(6);
            assertThat(statsd.sum("app.hits")).isEqualTo(9);
            StatsdLine size = statsd.single("size");
            assertThat(size.type()).isEqualTo("h");
            assertThat(size.tags()).containsExactly("env:test", "route:/a");
            assertThat(size.doubleValue()).isEqualTo(1.5);
            assertThat(statsd.metrics()).hasSize(4);
            assertThat(statsd.lines()).hasSize(5).last().asString().startsWith("_e{6,2}:deploy|v2");
            assertThat(statsd.find("hits", "route:/c")).isEmpty();
        }
    }

    @Test
    void readsTelegrafTagsAndSampleRates() {
        try (InMemoryStatsd statsd = InMemoryStatsd.create(
                StatsdConfig.builder().flavor(Flavor.TELEGRAF).build())) {
            for (int i = 0; i < 200; i++) {
                statsd.client().count("hits", 1, 0.5, "k:v");
            }
            List<StatsdLine> hits = statsd.find("hits", "k:v");
            assertThat(hits).isNotEmpty().allSatisfy(l -> {
                assertThat(l.sampleRate()).isEqualTo(0.5);
                assertThat(l.line()).isEqualTo("hits,k=v:1|c|@0.5");
            });
            assertThat(statsd.stats().sampledOut() + hits.size()).isEqualTo(200);
        }
    }

    @Test
    void aggregationAppliesAndReadingEndsTheWindow() {
        try (InMemoryStatsd statsd = InMemoryStatsd.create(StatsdConfig.builder()
                .aggregation(true)
                .aggregationInterval(Duration.ofHours(1))
                .build())) {
            statsd.client().increment("a");
            statsd.client().increment("a");
            assertThat(statsd.lines()).containsExactly("a:2|c");
            assertThat(statsd.stats().aggregated()).isEqualTo(1);
        }
    }

    @Test
    void singleFailsWithTheLinesSentAndClearForgetsThem() {
        try (InMemoryStatsd statsd = InMemoryStatsd.create()) {
            statsd.client().increment("a");
            statsd.client().increment("a");
            assertThatThrownBy(() -> statsd.single("a"))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("found 2")
                    .hasMessageContaining("[a:1|c, a:1|c]");
            statsd.clear();
            assertThat(statsd.lines()).isEmpty();
            statsd.client().increment("b");
            assertThat(statsd.lines()).containsExactly("b:1|c");
        }
    }

    @Test
    void invalidCallsAreCountedNotKept() {
        try (InMemoryStatsd statsd = InMemoryStatsd.create()) {
            statsd.client().gauge("g", Double.NaN);
            statsd.client().increment("");
            assertThat(statsd.lines()).isEmpty();
            assertThat(statsd.stats().droppedInvalid()).isEqualTo(2);
        }
    }

    @Test
    void linesStayReadableAfterClose() {
        InMemoryStatsd statsd = InMemoryStatsd.dogStatsd();
        statsd.client().increment("a");
        statsd.close();
        assertThat(statsd.lines()).containsExactly("a:1|c");
        assertThat(statsd.client().isClosed()).isTrue();
    }

    @Test
    void aNonDatadogClientIsNoDogStatsdClient() {
        try (InMemoryStatsd statsd = InMemoryStatsd.create()) {
            assertThatThrownBy(statsd::dogStatsdClient).isInstanceOf(IllegalStateException.class);
        }
    }
}
