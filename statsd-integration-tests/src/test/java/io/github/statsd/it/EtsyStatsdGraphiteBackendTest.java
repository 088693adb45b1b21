package io.github.statsd.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.statsd.Flavor;
import io.github.statsd.Protocol;
import io.github.statsd.StatsdClient;
import io.github.statsd.StatsdConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.NavigableMap;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * End to end: metrics sent with our client to a real Etsy StatsD are flushed every second through its graphite backend
 * into a real carbon-cache and land in whisper files (legacy namespace: {@code stats_counts.<name>},
 * {@code stats.gauges.<name>}, {@code stats.sets.<name>.count}, {@code stats.timers.<name>.<stat>}). This is also how
 * sets are checked: StatsD 0.9.0 has no management command for them.
 */
class EtsyStatsdGraphiteBackendTest {

    private static final Duration LANDING = Duration.ofSeconds(30);

    @RegisterExtension
    @Order(1)
    static final CarbonServer carbon = new CarbonServer();

    @RegisterExtension
    @Order(2)
    static final EtsyStatsdServer statsd =
            new EtsyStatsdServer().flushInterval(Duration.ofSeconds(1)).graphite(carbon);

    private static StatsdClient client(Protocol protocol) {
        return StatsdClient.create(StatsdConfig.builder()
                .host(statsd.host())
                .port(protocol == Protocol.UDP ? statsd.udpPort() : statsd.tcpPort())
                .protocol(protocol)
                .flavor(Flavor.ETSY)
                .build());
    }

    private static String name(Protocol protocol, String metric) {
        return "it.e2e." + protocol.name().toLowerCase(Locale.ROOT) + "." + metric;
    }

    private static double sum(NavigableMap<Long, Double> points) {
        return points.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    private static double max(NavigableMap<Long, Double> points) {
        return points.values().stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    @ParameterizedTest
    @EnumSource(
            value = Protocol.class,
            names = {"UDP", "TCP"})
    void countersLandInWhisperThroughTheGraphiteBackend(Protocol protocol) {
        String orders = name(protocol, "orders");
        long from = Instant.now().getEpochSecond() - 2;
        try (StatsdClient client = client(protocol)) {
            client.count(orders, 7);
        }

        long until = from + 600;
        // the count of each flush; later flushes write 0 until StatsD forgets nothing (deleteCounters is off)
        NavigableMap<Long, Double> counts =
                carbon.awaitPoints("stats_counts." + orders, from, until, p -> sum(p) >= 7, LANDING);
        assertThat(sum(counts)).as("stats_counts.%s: %s", orders, counts).isEqualTo(7.0);
        assertThat(max(counts)).isEqualTo(7.0);
        // and the per-second rate: with a 1 s flush interval, the same number
        NavigableMap<Long, Double> rates =
                carbon.awaitPoints("stats." + orders, from, until, p -> sum(p) >= 7, LANDING);
        assertThat(sum(rates)).isEqualTo(7.0);
    }

    @ParameterizedTest
    @EnumSource(
            value = Protocol.class,
            names = {"UDP", "TCP"})
    void setsGaugesAndTimersLandInWhisperThroughTheGraphiteBackend(Protocol protocol) {
        String users = name(protocol, "users");
        String queue = name(protocol, "queue");
        String step = name(protocol, "step");
        long from = Instant.now().getEpochSecond() - 2;
        try (StatsdClient client = client(protocol)) {
            // one batch is one packet, so all of it falls into one flush
            client.batch()
                    .set(users, "alice")
                    .set(users, "bob")
                    .set(users, "carol")
                    .set(users, "alice")
                    .gauge(queue, 12.5)
                    .timing(step, 30)
                    .timing(step, 10)
                    .send();
        }

        long until = from + 600;
        NavigableMap<Long, Double> distinct =
                carbon.awaitPoints("stats.sets." + users + ".count", from, until, p -> max(p) >= 3, LANDING);
        assertThat(max(distinct)).as("distinct members: %s", distinct).isEqualTo(3.0);
        // gauges are not reset: every flush repeats the value
        NavigableMap<Long, Double> gauge =
                carbon.awaitPoints("stats.gauges." + queue, from, until, p -> !p.isEmpty(), LANDING);
        assertThat(gauge.values()).containsOnly(12.5);
        assertThat(max(carbon.awaitPoints("stats.timers." + step + ".upper", from, until, p -> !p.isEmpty(), LANDING)))
                .isEqualTo(30.0);
        assertThat(max(carbon.awaitPoints("stats.timers." + step + ".lower", from, until, p -> !p.isEmpty(), LANDING)))
                .isEqualTo(10.0);
        assertThat(sum(carbon.awaitPoints("stats.timers." + step + ".count", from, until, p -> sum(p) >= 2, LANDING)))
                .isEqualTo(2.0);
    }
}
