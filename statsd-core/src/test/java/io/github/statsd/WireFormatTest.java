package io.github.statsd;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.statsd.testing.UdpReceiver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The exact lines each flavour writes for each metric type, with a prefix and a constant tag. */
class WireFormatTest {

    /** One call and the lines it must produce in ETSY, DATADOG and TELEGRAF; "" for none. */
    record Case(String label, Consumer<StatsdClient> call, String etsy, String datadog, String telegraf) {
        @Override
        public String toString() {
            return label;
        }

        List<String> expected(Flavor flavor) {
            String lines =
                    switch (flavor) {
                        case ETSY -> etsy;
                        case DATADOG -> datadog;
                        case TELEGRAF -> telegraf;
                    };
            return lines.isEmpty() ? List.of() : List.of(lines.split("\n"));
        }
    }

    static List<Case> cases() {
        return List.of(
                new Case(
                        "count",
                        c -> c.count("hits", 3),
                        "app.hits.env.prod:3|c",
                        "app.hits:3|c|#env:prod",
                        "app.hits,env=prod:3|c"),
                new Case(
                        "count with tags",
                        c -> c.count("hits", 3, "region:eu", "canary"),
                        "app.hits.env.prod.region.eu.canary:3|c",
                        "app.hits:3|c|#env:prod,region:eu,canary",
                        "app.hits,env=prod,region=eu,canary=true:3|c"),
                new Case(
                        "negative count",
                        c -> c.count("hits", -42),
                        "app.hits.env.prod:-42|c",
                        "app.hits:-42|c|#env:prod",
                        "app.hits,env=prod:-42|c"),
                new Case(
                        "increment",
                        c -> c.increment("hits", "region:eu"),
                        "app.hits.env.prod.region.eu:1|c",
                        "app.hits:1|c|#env:prod,region:eu",
                        "app.hits,env=prod,region=eu:1|c"),
                new Case(
                        "decrement",
                        c -> c.decrement("hits"),
                        "app.hits.env.prod:-1|c",
                        "app.hits:-1|c|#env:prod",
                        "app.hits,env=prod:-1|c"),
                new Case(
                        "gauge double",
                        c -> c.gauge("temp", 21.5),
                        "app.temp.env.prod:21.5|g",
                        "app.temp:21.5|g|#env:prod",
                        "app.temp,env=prod:21.5|g"),
                new Case(
                        "gauge long",
                        c -> c.gauge("queue", 42L, "region:eu"),
                        "app.queue.env.prod.region.eu:42|g",
                        "app.queue:42|g|#env:prod,region:eu",
                        "app.queue,env=prod,region=eu:42|g"),
                new Case(
                        "negative gauge long",
                        c -> c.gauge("temp", -3L),
                        "app.temp.env.prod:0|g\napp.temp.env.prod:-3|g",
                        "app.temp:-3|g|#env:prod",
                        "app.temp,env=prod:0|g\napp.temp,env=prod:-3|g"),
                new Case(
                        // zero is not negative: no reset line before it
                        "zero gauge long",
                        c -> c.gauge("temp", 0L),
                        "app.temp.env.prod:0|g",
                        "app.temp:0|g|#env:prod",
                        "app.temp,env=prod:0|g"),
                new Case(
                        "zero gauge double",
                        c -> c.gauge("temp", 0.0),
                        "app.temp.env.prod:0|g",
                        "app.temp:0|g|#env:prod",
                        "app.temp,env=prod:0|g"),
                new Case(
                        "negative gauge double with tags",
                        c -> c.gauge("temp", -1.5, "region:eu"),
                        "app.temp.env.prod.region.eu:0|g\napp.temp.env.prod.region.eu:-1.5|g",
                        "app.temp:-1.5|g|#env:prod,region:eu",
                        "app.temp,env=prod,region=eu:0|g\napp.temp,env=prod,region=eu:-1.5|g"),
                new Case(
                        "gauge delta up",
                        c -> c.gaugeDelta("temp", 2.5),
                        "app.temp.env.prod:+2.5|g",
                        "",
                        "app.temp,env=prod:+2.5|g"),
                new Case(
                        // a delta of zero keeps its sign, so that it is not read as setting the gauge to 0
                        "gauge delta zero",
                        c -> c.gaugeDelta("temp", 0.0),
                        "app.temp.env.prod:+0|g",
                        "",
                        "app.temp,env=prod:+0|g"),
                new Case(
                        "gauge delta negative zero",
                        c -> c.gaugeDelta("temp", -0.0),
                        "app.temp.env.prod:-0|g",
                        "",
                        "app.temp,env=prod:-0|g"),
                new Case(
                        "gauge delta down",
                        c -> c.gaugeDelta("temp", -2),
                        "app.temp.env.prod:-2|g",
                        "",
                        "app.temp,env=prod:-2|g"),
                new Case(
                        "set string",
                        c -> c.set("users", "user-1", "region:eu"),
                        "app.users.env.prod.region.eu:user-1|s",
                        "app.users:user-1|s|#env:prod,region:eu",
                        "app.users,env=prod,region=eu:user-1|s"),
                new Case(
                        "set long",
                        c -> c.set("users", 42L),
                        "app.users.env.prod:42|s",
                        "app.users:42|s|#env:prod",
                        "app.users,env=prod:42|s"),
                new Case(
                        "timing millis",
                        c -> c.timing("latency", 250),
                        "app.latency.env.prod:250|ms",
                        "app.latency:250|ms|#env:prod",
                        "app.latency,env=prod:250|ms"),
                new Case(
                        "timing duration with fraction",
                        c -> c.timing("latency", Duration.ofNanos(1_234_567), "region:eu"),
                        "app.latency.env.prod.region.eu:1.234567|ms",
                        "app.latency:1.234567|ms|#env:prod,region:eu",
                        "app.latency,env=prod,region=eu:1.234567|ms"),
                new Case(
                        "timing duration whole millis",
                        c -> c.timing("latency", Duration.ofSeconds(2)),
                        "app.latency.env.prod:2000|ms",
                        "app.latency:2000|ms|#env:prod",
                        "app.latency,env=prod:2000|ms"),
                new Case(
                        "timing duration below a millisecond",
                        c -> c.timing("latency", Duration.ofNanos(500)),
                        "app.latency.env.prod:0.0005|ms",
                        "app.latency:0.0005|ms|#env:prod",
                        "app.latency,env=prod:0.0005|ms"),
                new Case(
                        "large double without exponent",
                        c -> c.gauge("big", 1e10),
                        "app.big.env.prod:10000000000|g",
                        "app.big:10000000000|g|#env:prod",
                        "app.big,env=prod:10000000000|g"),
                new Case(
                        "huge double without exponent",
                        c -> c.gauge("big", 1.5e20),
                        "app.big.env.prod:150000000000000000000|g",
                        "app.big:150000000000000000000|g|#env:prod",
                        "app.big,env=prod:150000000000000000000|g"),
                new Case(
                        "small double without exponent",
                        c -> c.gauge("small", 1e-7),
                        "app.small.env.prod:0.0000001|g",
                        "app.small:0.0000001|g|#env:prod",
                        "app.small,env=prod:0.0000001|g"),
                new Case(
                        "double with fraction",
                        c -> c.gauge("ratio", 123.456),
                        "app.ratio.env.prod:123.456|g",
                        "app.ratio:123.456|g|#env:prod",
                        "app.ratio,env=prod:123.456|g"),
                new Case(
                        "a tenth",
                        c -> c.gauge("ratio", 0.1),
                        "app.ratio.env.prod:0.1|g",
                        "app.ratio:0.1|g|#env:prod",
                        "app.ratio,env=prod:0.1|g"));
    }

    static Stream<Arguments> flavourAndCase() {
        List<Arguments> all = new ArrayList<>();
        for (Flavor flavor : Flavor.values()) {
            for (Case c : cases()) {
                all.add(Arguments.of(flavor, c));
            }
        }
        return all.stream();
    }

    private static StatsdConfig.Builder config(Flavor flavor) {
        return StatsdConfig.builder().flavor(flavor).prefix("app").constantTags("env:prod");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("flavourAndCase")
    void writesTheExactLine(Flavor flavor, Case c) throws Exception {
        List<String> lines = Loopback.linesSentBy(config(flavor), c.call());

        assertThat(lines).containsExactlyElementsOf(c.expected(flavor));
    }

    @Test
    void gaugeDeltaIsCountedAsInvalidForDatadog() throws Exception {
        try (UdpReceiver receiver = UdpReceiver.start();
                StatsdClient client = StatsdClient.create(
                        Loopback.udp(receiver).flavor(Flavor.DATADOG).build())) {
            client.gaugeDelta("temp", 1);

            assertThat(client.stats().droppedInvalid()).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @EnumSource(Flavor.class)
    void sampledLinesCarryTheRate(Flavor flavor) throws Exception {
        List<String> lines = Loopback.linesSentBy(config(flavor), c -> {
            for (int i = 0; i < 200; i++) {
                c.count("hits", 2, 0.5, "region:eu");
                c.timing("latency", 7, 0.5);
            }
        });

        String hits =
                switch (flavor) {
                    case ETSY -> "app.hits.env.prod.region.eu:2|c|@0.5";
                    case DATADOG -> "app.hits:2|c|@0.5|#env:prod,region:eu";
                    case TELEGRAF -> "app.hits,env=prod,region=eu:2|c|@0.5";
                };
        String latency =
                switch (flavor) {
                    case ETSY -> "app.latency.env.prod:7|ms|@0.5";
                    case DATADOG -> "app.latency:7|ms|@0.5|#env:prod";
                    case TELEGRAF -> "app.latency,env=prod:7|ms|@0.5";
                };
        // 200 calls at 0.5 each: none arriving (or all) has a probability of 2^-200
        assertThat(lines).contains(hits, latency).containsOnly(hits, latency).hasSizeLessThan(400);
    }

    @Test
    void dogStatsdWritesHistogramsAndDistributions() throws Exception {
        try (UdpReceiver receiver = UdpReceiver.start()) {
            // the configured flavour is replaced by DATADOG
            DogStatsdClient client = DogStatsdClient.create(Loopback.udp(receiver)
                    .flavor(Flavor.ETSY)
                    .prefix("app")
                    .constantTags("env:prod")
                    .build());
            client.histogram("size", 12.5, "region:eu");
            client.distribution("latency", 0.25);
            client.histogram("size", 1e-7, 1.0);
            client.distribution("latency", 3, 1.0, "canary");
            client.count("hits", 1);
            client.close();

            assertThat(client.config().flavor()).isEqualTo(Flavor.DATADOG);
            assertThat(Loopback.receivedAfterClose(receiver, client))
                    .containsExactly(
                            "app.size:12.5|h|#env:prod,region:eu",
                            "app.latency:0.25|d|#env:prod",
                            "app.size:0.0000001|h|#env:prod",
                            "app.latency:3|d|#env:prod,canary",
                            "app.hits:1|c|#env:prod");
        }
    }

    @Test
    void dogStatsdSampledHistogramsCarryTheRate() throws Exception {
        try (UdpReceiver receiver = UdpReceiver.start()) {
            DogStatsdClient client =
                    DogStatsdClient.create(Loopback.udp(receiver).build());
            for (int i = 0; i < 200; i++) {
                client.histogram("size", 1.5, 0.5, "region:eu");
                client.distribution("latency", 2, 0.5);
            }
            client.close();

            assertThat(Loopback.receivedAfterClose(receiver, client))
                    .contains("size:1.5|h|@0.5|#region:eu", "latency:2|d|@0.5")
                    .containsOnly("size:1.5|h|@0.5|#region:eu", "latency:2|d|@0.5");
        }
    }

    @Test
    void withoutPrefixOrTagsTheLineIsBare() throws Exception {
        for (Flavor flavor : Flavor.values()) {
            assertThat(Loopback.linesSentBy(StatsdConfig.builder().flavor(flavor), c -> c.increment("hits")))
                    .as(flavor.name())
                    .containsExactly("hits:1|c");
        }
    }
}
