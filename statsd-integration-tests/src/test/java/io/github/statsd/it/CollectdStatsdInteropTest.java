package io.github.statsd.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.github.statsd.Flavor;
import io.github.statsd.Protocol;
import io.github.statsd.StatsdClient;
import io.github.statsd.StatsdConfig;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Our ETSY flavour against collectd's {@code statsd} plugin, a second StatsD server written independently of Etsy's:
 * counters, gauges (absolute and delta), timers and sets are read back exactly from collectd's csv files, and hostile
 * names arrive sanitized into the same keys Etsy StatsD shows ({@code EtsyStatsdInteropTest}).
 *
 * <p>What collectd does differently from Etsy StatsD, as seen with collectd 5.12 here:
 *
 * <ul>
 *   <li>It listens on UDP only: there is no TCP server, so only UDP is tested.
 *   <li>A counter is a {@code derive} value that keeps its running total across intervals (Etsy StatsD resets counters
 *       at every flush); the csv plugin with {@code StoreRates false} writes that total.
 *   <li>A timer is reported per interval, in seconds (Etsy: milliseconds), as average, lower, upper, sum, count and a
 *       percentile taken from a histogram (approximate, so not checked here); it keeps only whole milliseconds of each
 *       value (1.5 ms counts as 1 ms), so the test times whole milliseconds. An interval without values writes
 *       {@code nan} (count 0).
 *   <li>A set's size is reported per interval, then 0 ({@code DeleteSets false} keeps the series): the values of one
 *       test go out in one datagram (flushed on close) so that they fall into one interval.
 *   <li>Gauges work as in Etsy StatsD: a leading sign is a delta, so a negative absolute value needs a zero first,
 *       which our client writes.
 *   <li>Values are written with six decimals ({@code %f}) for gauges and timers.
 * </ul>
 */
class CollectdStatsdInteropTest {

    private static final Duration ARRIVAL = Duration.ofSeconds(15);
    private static final double SIX_DECIMALS = 5e-7;

    @RegisterExtension
    static final CollectdServer collectd = new CollectdServer();

    /** One datagram per client: only close() sends the part-filled packet. */
    private static StatsdClient client() {
        return StatsdClient.create(StatsdConfig.builder()
                .host(collectd.host())
                .port(collectd.port())
                .protocol(Protocol.UDP)
                .flavor(Flavor.ETSY)
                .flushInterval(Duration.ofHours(1))
                .build());
    }

    private static void send(Consumer<StatsdClient> calls) {
        StatsdClient client = client();
        try (client) {
            calls.accept(client);
        }
        assertThat(client.stats().dropped()).as("%s", client.stats()).isZero();
        assertThat(client.stats().packetsSent()).as("datagrams").isEqualTo(1);
    }

    /** The latest value of a series, once collectd has written one. */
    private static double awaitLatest(String series, double expected) {
        await(series + " in collectd's csv; " + collectd).atMost(ARRIVAL).untilAsserted(() -> assertThat(
                        collectd.values(series))
                .as("%s; collectd's output:\n%s", series, collectd.output())
                .isNotEmpty()
                .last()
                .isEqualTo(expected));
        return expected;
    }

    /**
     * Waits until a per-interval series has been written for the intervals after the one that got the values, then
     * returns the values of the intervals that got any.
     */
    private static List<Double> awaitIntervalValues(String series, double empty) {
        await(series + " in collectd's csv; " + collectd).atMost(ARRIVAL).until(() -> {
            List<Double> values = collectd.values(series);
            // some interval got values, and a later one has been written since (empty)
            return values.stream().anyMatch(v -> !isEmpty(v, empty)) && isEmpty(values.get(values.size() - 1), empty);
        });
        return collectd.values(series).stream().filter(v -> !isEmpty(v, empty)).toList();
    }

    private static boolean isEmpty(double value, double empty) {
        return Double.isNaN(empty) ? Double.isNaN(value) : value == empty;
    }

    @Test
    void countersArriveAsTheirRunningTotal() {
        String orders = "it.collectd.orders";
        send(client -> {
            client.count(orders, 5);
            client.increment(orders);
            client.decrement(orders);
            client.count(orders, 40);
            client.increment(orders, "region:eu");
        });

        awaitLatest("derive-" + orders, 45);
        awaitLatest("derive-" + orders + ".region.eu", 1);

        // collectd keeps the total: a second client adds to it
        send(client -> client.count(orders, 5));
        awaitLatest("derive-" + orders, 50);
    }

    @Test
    void gaugesAreSetAdjustedAndGoNegative() {
        String level = "it.collectd.level";
        String temperature = "it.collectd.temperature";
        String balance = "it.collectd.balance";
        send(client -> {
            client.gauge(level, 42L);
            client.gaugeDelta(level, 8);
            client.gaugeDelta(level, -20.5);
            client.gauge(temperature, -7.5);
            client.gauge(balance, 10L);
            client.gauge(balance, -3L);
        });

        awaitLatest("gauge-" + level, 29.5);
        awaitLatest("gauge-" + temperature, -7.5);
        awaitLatest("gauge-" + balance, -3);
    }

    @Test
    void timersArriveAsTheirIntervalStatisticsInSeconds() {
        String latency = "it.collectd.latency";
        send(client -> {
            client.timing(latency, 12);
            client.timing(latency, Duration.ofMillis(250));
            client.timing(latency, Duration.ofNanos(3_000_000));
        });

        assertThat(awaitIntervalValues("gauge-" + latency + "-count", 0)).containsExactly(3.0);
        assertThat(awaitIntervalValues("latency-" + latency + "-lower", Double.NaN))
                .singleElement()
                .satisfies(v -> assertThat(v).isCloseTo(0.003, within(SIX_DECIMALS)));
        assertThat(awaitIntervalValues("latency-" + latency + "-upper", Double.NaN))
                .singleElement()
                .satisfies(v -> assertThat(v).isCloseTo(0.250, within(SIX_DECIMALS)));
        assertThat(awaitIntervalValues("latency-" + latency + "-sum", Double.NaN))
                .singleElement()
                .satisfies(v -> assertThat(v).isCloseTo(0.265, within(SIX_DECIMALS)));
        assertThat(awaitIntervalValues("latency-" + latency + "-average", Double.NaN))
                .singleElement()
                .satisfies(v -> assertThat(v).isCloseTo(0.265 / 3, within(SIX_DECIMALS)));
    }

    @Test
    void setsCountTheirDistinctValues() {
        String users = "it.collectd.users";
        send(client -> {
            client.set(users, "alice");
            client.set(users, "bob");
            client.set(users, "alice");
            client.set(users, "carol");
            client.set(users, 42L);
        });

        assertThat(awaitIntervalValues("objects-" + users, 0)).containsExactly(4.0);
    }

    @Test
    void hostileNamesAreSanitizedIntoTheKeysEtsyStatsdShows() {
        String base = "it.collectd.hostile";
        String hostile = base + ".a:b|c@0.5#d,e=f;g h\tj\nk\u0000l";
        // the same keys as in EtsyStatsdInteropTest.hostileNamesAreSanitizedIntoOneKeyEach
        String sanitized = base + ".a_b_c_0.5_d_e_f_g_h_j_k_l";
        send(client -> {
            client.increment(hostile);
            client.increment(hostile, "re:gi|on:e u");
            client.gauge(hostile + ".gauge", 5L);
            client.timing(hostile + ".timer", 9);
            client.set(hostile + ".set", "x|y:z\n1");
            client.increment(base + ".end");
        });

        awaitLatest("derive-" + base + ".end", 1);
        awaitLatest("derive-" + sanitized, 1);
        awaitLatest("derive-" + sanitized + ".re.gi_on_e_u", 1);
        awaitLatest("gauge-" + sanitized + ".gauge", 5);
        assertThat(awaitIntervalValues("objects-" + sanitized + ".set", 0)).containsExactly(1.0);
        assertThat(awaitIntervalValues("latency-" + sanitized + ".timer-sum", Double.NaN))
                .singleElement()
                .satisfies(v -> assertThat(v).isCloseTo(0.009, within(SIX_DECIMALS)));
        // nothing else: no line was split into other keys
        assertThat(collectd.series("derive-" + base))
                .containsExactlyInAnyOrder(
                        "derive-" + base + ".end", "derive-" + sanitized, "derive-" + sanitized + ".re.gi_on_e_u");
        assertThat(collectd.series("gauge-" + base))
                .containsExactlyInAnyOrder("gauge-" + sanitized + ".gauge", "gauge-" + sanitized + ".timer-count");
    }
}
