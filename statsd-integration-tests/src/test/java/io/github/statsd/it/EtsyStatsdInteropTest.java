package io.github.statsd.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.github.statsd.DogStatsdClient;
import io.github.statsd.Flavor;
import io.github.statsd.Protocol;
import io.github.statsd.StatsdClient;
import io.github.statsd.StatsdConfig;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every metric type sent with our clients over UDP and TCP arrives in a real Etsy StatsD with the right value, read
 * back through its management port. StatsD flushes once an hour here, so nothing is reset in between; every test uses
 * its own metric names. StatsD must never see a bad line.
 */
class EtsyStatsdInteropTest {

    private static final Duration ARRIVAL = Duration.ofSeconds(10);

    @RegisterExtension
    static final EtsyStatsdServer statsd = new EtsyStatsdServer();

    @AfterEach
    void statsdSawNoBadLine() {
        assertThat(statsd.badLinesSeen())
                .as("StatsD's bad_lines_seen; its output:\n%s", statsd.output())
                .isZero();
        assertThat(statsd.counters()).containsEntry("statsd.bad_lines_seen", 0.0);
    }

    private static StatsdConfig.Builder config(Protocol protocol, Flavor flavor) {
        return StatsdConfig.builder()
                .host(statsd.host())
                .port(protocol == Protocol.UDP ? statsd.udpPort() : statsd.tcpPort())
                .protocol(protocol)
                .flavor(flavor);
    }

    private static StatsdClient client(Protocol protocol, Flavor flavor) {
        return StatsdClient.create(config(protocol, flavor).build());
    }

    /** A metric name of its own for each test and protocol. */
    private static String name(Protocol protocol, String metric) {
        return "it." + protocol.name().toLowerCase(Locale.ROOT) + "." + metric;
    }

    private static void awaitCounters(Map<String, Double> expected) {
        await("counters " + expected).atMost(ARRIVAL).untilAsserted(() -> assertThat(statsd.counters())
                .containsAllEntriesOf(expected));
    }

    private static void awaitGauges(Map<String, Double> expected) {
        await("gauges " + expected).atMost(ARRIVAL).untilAsserted(() -> assertThat(statsd.gauges())
                .containsAllEntriesOf(expected));
    }

    @ParameterizedTest
    @EnumSource(
            value = Protocol.class,
            names = {"UDP", "TCP"})
    void countersArriveWithTheirSum(Protocol protocol) {
        String orders = name(protocol, "orders");
        try (StatsdClient client = client(protocol, Flavor.ETSY)) {
            client.count(orders, 5);
            client.increment(orders);
            client.decrement(orders);
            client.count(orders, 40);
            client.increment(orders, "region:eu");
            assertThat(client.stats().dropped()).isZero();
        }

        awaitCounters(Map.of(orders, 45.0, orders + ".region.eu", 1.0));
    }

    @ParameterizedTest
    @EnumSource(
            value = Protocol.class,
            names = {"UDP", "TCP"})
    void gaugesAreSetAdjustedAndGoNegative(Protocol protocol) {
        String level = name(protocol, "level");
        String temperature = name(protocol, "temperature");
        String balance = name(protocol, "balance");
        try (StatsdClient client = client(protocol, Flavor.ETSY)) {
            client.gauge(level, 42L);
            client.gaugeDelta(level, 8);
            client.gaugeDelta(level, -20.5);
            client.gauge(temperature, -7.5);
            // a negative absolute value after a positive one: StatsD would read "-3" alone as a delta (giving 7)
            client.gauge(balance, 10L);
            client.gauge(balance, -3L);
        }

        awaitGauges(Map.of(level, 29.5, temperature, -7.5, balance, -3.0));
    }

    @ParameterizedTest
    @EnumSource(
            value = Protocol.class,
            names = {"UDP", "TCP"})
    void timersKeepEveryValue(Protocol protocol) {
        String latency = name(protocol, "latency");
        try (StatsdClient client = client(protocol, Flavor.ETSY)) {
            client.timing(latency, 12);
            client.timing(latency, Duration.ofMillis(250));
            client.timing(latency, Duration.ofNanos(1_500_000));
            client.time(latency, () -> {});
        }

        await().atMost(ARRIVAL)
                .until(() -> statsd.timers().getOrDefault(latency, List.of()).size() == 4);
        List<Double> values = statsd.timers().get(latency);
        assertThat(values.subList(0, 3)).containsExactly(12.0, 250.0, 1.5);
        assertThat(values.get(3)).isGreaterThanOrEqualTo(0.0).isLessThan(10_000.0);
    }

    @ParameterizedTest
    @EnumSource(
            value = Protocol.class,
            names = {"UDP", "TCP"})
    void histogramsAndDistributionsAreSummedLikeCountersWithTagsInTheKey(Protocol protocol) {
        String size = name(protocol, "size");
        String payload = name(protocol, "payload");
        String requests = name(protocol, "requests");
        try (DogStatsdClient client =
                DogStatsdClient.create(config(protocol, Flavor.DATADOG).build())) {
            client.histogram(size, 1.5);
            client.histogram(size, 2.5);
            client.distribution(payload, 4, "env:test");
            client.distribution(payload, 6, "env:test");
            client.count(requests, 3, "region:eu", "tier:web");
        }

        // Etsy StatsD does not know h and d: it adds them up like counters; DogStatsD tags become name;k=v
        awaitCounters(Map.of(size, 4.0, payload + ";env=test", 10.0, requests + ";region=eu;tier=web", 3.0));
    }

    @ParameterizedTest
    @EnumSource(
            value = Protocol.class,
            names = {"UDP", "TCP"})
    void sampledCountersAreScaledBackByTheirRate(Protocol protocol) {
        String sampled = name(protocol, "sampled");
        String tagged = name(protocol, "sampled.tagged");
        int calls = 2000;
        StatsdClient etsy = client(protocol, Flavor.ETSY);
        StatsdClient datadog = client(protocol, Flavor.DATADOG);
        try (etsy;
                datadog) {
            for (int i = 0; i < calls; i++) {
                etsy.count(sampled, 1, 0.1);
                datadog.count(tagged, 2, 0.5, "k:v");
            }
        }

        long etsySent = etsy.stats().sent();
        long datadogSent = datadog.stats().sent();
        assertThat(etsySent + etsy.stats().sampledOut()).isEqualTo(calls);
        assertThat(datadogSent + datadog.stats().sampledOut()).isEqualTo(calls);
        assertThat(etsySent).as("sent at rate 0.1").isPositive().isLessThan(calls);
        assertThat(datadogSent).as("sent at rate 0.5").isPositive().isLessThan(calls);
        // each line that was sent stands for 1/rate calls
        awaitCounters(Map.of(sampled, etsySent * 10.0, tagged + ";k=v", datadogSent * 2 * 2.0));
    }

    @ParameterizedTest
    @EnumSource(
            value = Protocol.class,
            names = {"UDP", "TCP"})
    void batchesArriveWhole(Protocol protocol) {
        String items = name(protocol, "batch.items");
        String depth = name(protocol, "batch.depth");
        String step = name(protocol, "batch.step");
        String many = name(protocol, "batch.many");
        try (StatsdClient client = client(protocol, Flavor.ETSY)) {
            client.batch()
                    .count(items, 2)
                    .count(items, 3)
                    .gauge(depth, 7.5)
                    .timing(step, 30)
                    .set(name(protocol, "batch.users"), "alice")
                    .send();
            var big = client.batch();
            for (int i = 0; i < 500; i++) {
                big.count(many, 1);
            }
            big.send();
        }

        awaitCounters(Map.of(items, 5.0, many, 500.0));
        awaitGauges(Map.of(depth, 7.5));
        assertThat(statsd.timers()).containsEntry(step, List.of(30.0));
    }

    @ParameterizedTest
    @EnumSource(
            value = Protocol.class,
            names = {"UDP", "TCP"})
    void hostileNamesAreSanitizedIntoOneKeyEach(Protocol protocol) {
        String base = name(protocol, "hostile");
        String hostile = base + ".a:b|c@0.5#d,e=f;g h\tj\nk\u0000l";
        String sanitized = base + ".a_b_c_0.5_d_e_f_g_h_j_k_l";
        try (StatsdClient etsy = client(protocol, Flavor.ETSY);
                StatsdClient datadog = client(protocol, Flavor.DATADOG)) {
            etsy.increment(hostile);
            etsy.increment(hostile, "re:gi|on:e u");
            etsy.gauge(hostile + ".gauge", 5L);
            etsy.timing(hostile + ".timer", 9);
            etsy.set(hostile + ".set", "x|y:z\n1");
            datadog.count(hostile + ".dd", 2, "k|ey:va,l:ue", "t#ag");
            etsy.increment(base + ".end");
        }

        awaitCounters(Map.of(base + ".end", 1.0));
        assertThat(keysUnder(statsd.counters(), base))
                .containsOnly(
                        Map.entry(sanitized, 1.0),
                        Map.entry(sanitized + ".re.gi_on_e_u", 1.0),
                        Map.entry(sanitized + ".dd;k_ey=va_l_ue;t_ag", 2.0),
                        Map.entry(base + ".end", 1.0));
        assertThat(keysUnder(statsd.gauges(), base)).containsOnly(Map.entry(sanitized + ".gauge", 5.0));
        assertThat(statsd.timers().get(sanitized + ".timer")).containsExactly(9.0);
    }

    private static Map<String, Double> keysUnder(Map<String, Double> metrics, String prefix) {
        Map<String, Double> result = new java.util.TreeMap<>();
        metrics.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                result.put(k, v);
            }
        });
        return result;
    }

    @ParameterizedTest
    @EnumSource(
            value = Protocol.class,
            names = {"UDP", "TCP"})
    void doubleValuesArriveExactly(Protocol protocol) {
        String ratio = name(protocol, "ratio");
        try (StatsdClient client = client(protocol, Flavor.ETSY)) {
            client.gauge(ratio, 0.1 + 0.2);
        }

        await().atMost(ARRIVAL).until(() -> statsd.gauges().containsKey(ratio));
        assertThat(statsd.gauges().get(ratio)).isCloseTo(0.3, within(1e-9));
    }
}
