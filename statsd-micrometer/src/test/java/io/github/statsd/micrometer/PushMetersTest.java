package io.github.statsd.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.statsd.Flavor;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Counters, timers and summaries: one line per recording, through the client's ordinary path. */
class PushMetersTest {

    static Stream<Arguments> flavours() {
        return Stream.of(
                Arguments.of(
                        Flavor.ETSY,
                        List.of(
                                "httpServerRequests.statistic.count.uri./orders:1|c",
                                "httpClientRequests:1.5|ms",
                                "httpClientRequests:3|ms",
                                "payloadSize:3.5|ms",
                                "payloadSize:1024|ms")),
                Arguments.of(
                        Flavor.DATADOG,
                        List.of(
                                "http.server.requests:1|c|#statistic:count,uri:/orders",
                                "http.client.requests:1.5|ms",
                                "http.client.requests:3|ms",
                                "payload.size:3.5|h",
                                "payload.size:1024|h")),
                Arguments.of(
                        Flavor.TELEGRAF,
                        List.of(
                                "http_server_requests,statistic=count,uri=/orders:1|c",
                                "http_client_requests:1.5|ms",
                                "http_client_requests:3|ms",
                                "payload_size:3.5|ms",
                                "payload_size:1024|ms")));
    }

    @ParameterizedTest
    @MethodSource("flavours")
    void eachRecordingIsOneLineInTheFlavoursNamingConvention(Flavor flavor, List<String> expected) throws Exception {
        try (LineReceiver receiver = LineReceiver.start()) {
            StatsdClientMeterRegistry registry = Wire.closing(receiver, flavor);
            registry.counter("http.server.requests", "uri", "/orders").increment();
            Timer timer = registry.timer("http.client.requests");
            timer.record(1500, TimeUnit.MICROSECONDS);
            timer.record(Duration.ofMillis(3));
            DistributionSummary summary = registry.summary("payload.size");
            summary.record(3.5);
            summary.record(1024);
            registry.close();

            assertThat(receiver.afterSent(registry.client().stats().packetsSent()))
                    .containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    @Test
    void summariesAreDistributionsWhenAsked() throws Exception {
        try (LineReceiver receiver = LineReceiver.start()) {
            StatsdClientMeterRegistry registry = StatsdClientMeterRegistry.builder(
                            Wire.udp(receiver, Flavor.DATADOG).build())
                    .distributions(true)
                    .build();
            registry.summary("payload.size", "kind", "json").record(3.5);
            registry.close();

            assertThat(receiver.afterSent(registry.client().stats().packetsSent()))
                    .containsExactly("payload.size:3.5|d|#kind:json");
        }
    }

    @Test
    void fractionsOfIncrementsAreCarriedUntilWhole() throws Exception {
        try (LineReceiver receiver = LineReceiver.start()) {
            StatsdClientMeterRegistry registry = Wire.closing(receiver, Flavor.DATADOG);
            Counter counter = registry.counter("bytes");
            counter.increment(0.5);
            counter.increment(0.5);
            counter.increment(0.5);
            counter.increment(2.25);
            // counters only go up
            counter.increment(-4);
            counter.increment(Double.NaN);
            registry.close();

            assertThat(counter.count()).isEqualTo(3.75);
            assertThat(receiver.afterSent(registry.client().stats().packetsSent()))
                    .containsExactly("bytes:1|c|#statistic:count", "bytes:2|c|#statistic:count");
            assertThat(registry.client().stats().droppedInvalid()).isZero();
        }
    }

    @Test
    void tagsEqualToConstantTagsAreWrittenOnce() throws Exception {
        try (LineReceiver receiver = LineReceiver.start()) {
            StatsdClientMeterRegistry registry = StatsdClientMeterRegistry.builder(Wire.udp(receiver, Flavor.DATADOG)
                            .constantTags("app:shop", "region:eu")
                            .build())
                    .build();
            registry.config().commonTags("app", "shop", "region", "us");
            registry.counter("orders").increment();
            registry.close();

            assertThat(receiver.afterSent(registry.client().stats().packetsSent()))
                    .containsExactly("orders:1|c|#app:shop,region:eu,region:us,statistic:count");
        }
    }

    @Test
    void theClientsPrefixAndAggregationApply() throws Exception {
        try (LineReceiver receiver = LineReceiver.start()) {
            StatsdClientMeterRegistry registry = StatsdClientMeterRegistry.builder(Wire.udp(receiver, Flavor.DATADOG)
                            .prefix("shop")
                            .aggregation(true)
                            .aggregationInterval(Duration.ofHours(1))
                            .build())
                    .build();
            Counter counter = registry.counter("orders");
            for (int i = 0; i < 3; i++) {
                counter.increment();
            }
            registry.close();

            assertThat(receiver.afterSent(registry.client().stats().packetsSent()))
                    .containsExactly("shop.orders:3|c|#statistic:count");
            assertThat(registry.client().stats().aggregated()).isEqualTo(2);
        }
    }

    @Test
    void theClientsSampleRateApplies() throws Exception {
        try (LineReceiver receiver = LineReceiver.start()) {
            StatsdClientMeterRegistry registry = StatsdClientMeterRegistry.builder(
                            Wire.udp(receiver, Flavor.DATADOG).sampleRate(0.5).build())
                    .build();
            Counter counter = registry.counter("orders");
            for (int i = 0; i < 200; i++) {
                counter.increment();
            }
            registry.close();

            List<String> lines = receiver.afterSent(registry.client().stats().packetsSent());
            assertThat(lines).isNotEmpty().allMatch("orders:1|c|@0.5|#statistic:count"::equals);
            assertThat(lines.size() + registry.client().stats().sampledOut()).isEqualTo(200);
            assertThat(counter.count()).isEqualTo(200);
        }
    }
}
