package io.github.statsd.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.statsd.GraphiteClient;
import io.github.statsd.GraphiteConfig;
import io.github.statsd.Protocol;
import io.github.statsd.StatsdStats;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Our {@link GraphiteClient} against a real carbon-cache: data points sent over TCP and UDP land in whisper files at
 * the timestamps aligned down to the client's interval (carbon keeps one point per second for an hour here, so the
 * exact second is checked).
 */
class GraphiteClientCarbonTest {

    private static final Duration LANDING = Duration.ofSeconds(30);

    @RegisterExtension
    static final CarbonServer carbon = new CarbonServer();

    private static GraphiteConfig.Builder config(Protocol protocol) {
        return GraphiteConfig.builder()
                .host(carbon.host())
                .port(protocol == Protocol.UDP ? carbon.udpPort() : carbon.linePort())
                .protocol(protocol);
    }

    private static String lower(Protocol protocol) {
        return protocol.name().toLowerCase(Locale.ROOT);
    }

    /** A timestamp a few minutes ago, well inside carbon's one-hour retention, that is not a multiple of 10. */
    private static long unalignedRecentSecond() {
        long t = Instant.now().getEpochSecond() - 300;
        return (t % 10 == 0) ? t - 3 : t;
    }

    private static void assertAllSent(GraphiteClient client, long lines) {
        StatsdStats stats = client.stats();
        assertThat(stats.sent()).as("%s", stats).isEqualTo(lines);
        assertThat(stats.dropped()).as("%s", stats).isZero();
    }

    @ParameterizedTest
    @EnumSource(
            value = Protocol.class,
            names = {"TCP", "UDP"})
    void valuesLandAtTheTimestampAlignedDownToTheInterval(Protocol protocol) {
        long t = unalignedRecentSecond();
        long aligned = t - t % 10;
        String prefix = "it.graphite." + lower(protocol);
        GraphiteClient client = GraphiteClient.create(
                config(protocol).prefix(prefix).interval(Duration.ofSeconds(10)).build());
        try (client) {
            client.send("latency", 42.5, t);
            client.send("temperature", -7.25, t);
            client.send("requests", 1234567, t);
        }
        assertAllSent(client, 3);

        assertThat(carbon.awaitValueAt(prefix + ".latency", aligned, LANDING)).isEqualTo(42.5);
        assertThat(carbon.awaitValueAt(prefix + ".temperature", aligned, LANDING))
                .isEqualTo(-7.25);
        assertThat(carbon.awaitValueAt(prefix + ".requests", aligned, LANDING)).isEqualTo(1234567.0);
        // nothing at the unaligned second nor anywhere else around it
        assertThat(carbon.fetch(prefix + ".latency", aligned - 20, aligned + 20))
                .containsExactly(Map.entry(aligned, 42.5));
    }

    @Test
    void currentTimeFromTheClockIsAlignedDownToTheInterval() {
        long now = Instant.now().getEpochSecond() - 60;
        long t = now - now % 5 + 4; // the last second of a 5 s interval
        GraphiteClient client = GraphiteClient.create(config(Protocol.TCP)
                .interval(Duration.ofSeconds(5))
                .clock(Clock.fixed(Instant.ofEpochSecond(t, 999_000_000), ZoneOffset.UTC))
                .build());
        try (client) {
            client.send("it.graphite.clock.hits", 3);
        }
        assertAllSent(client, 1);

        assertThat(carbon.awaitValueAt("it.graphite.clock.hits", t - 4, LANDING))
                .isEqualTo(3.0);
        assertThat(carbon.fetch("it.graphite.clock.hits", t - 10, t + 10)).containsOnlyKeys(t - 4);
    }

    @Test
    void everyValuePackedInOneUdpDatagramArrives() {
        long t = Instant.now().getEpochSecond() - 200;
        int points = 20;
        GraphiteClient client = GraphiteClient.create(config(Protocol.UDP)
                .prefix("it.graphite.packed")
                .interval(Duration.ofSeconds(1))
                // only close() sends the part-filled packet: every line goes into one datagram
                .flushInterval(Duration.ofHours(1))
                .build());
        try (client) {
            for (int i = 0; i < points; i++) {
                client.send("series", i * 1.5, t + i);
            }
        }
        assertAllSent(client, points);
        assertThat(client.stats().packetsSent()).as("datagrams").isEqualTo(1);

        NavigableMap<Long, Double> expected = new TreeMap<>();
        for (int i = 0; i < points; i++) {
            expected.put(t + i, i * 1.5);
        }
        NavigableMap<Long, Double> landed = carbon.awaitPoints(
                "it.graphite.packed.series", t - 5, t + points + 5, (p) -> p.size() >= points, LANDING);
        assertThat(landed).containsExactlyEntriesOf(expected);
    }

    @ParameterizedTest
    @EnumSource(
            value = Protocol.class,
            names = {"TCP", "UDP"})
    void hostilePathsLandSanitizedWithoutInjectingLines(Protocol protocol) {
        long t = Instant.now().getEpochSecond() - 100;
        String root = "it.graphite.hostile." + lower(protocol);
        GraphiteClient client = GraphiteClient.create(
                config(protocol).interval(Duration.ofSeconds(1)).build());
        try (client) {
            client.send(root + ".with space\tand tab", 1, t);
            // a newline must not start a second line: "injected 666 <t>" would otherwise be a data point of its own
            client.send(root + ".evil\n" + root + ".injected 666 " + t + "\n" + root + ".rest", 2, t);
            client.send(root + ".semi;colon\u0000nul", 3, t);
        }
        assertAllSent(client, 3);

        String spaced = root + ".with_space_and_tab";
        String evil = root + ".evil_" + root + ".injected_666_" + t + "_" + root + ".rest";
        String semi = root + ".semi_colon_nul";
        assertThat(carbon.awaitValueAt(spaced, t, LANDING)).isEqualTo(1.0);
        assertThat(carbon.awaitValueAt(evil, t, LANDING)).isEqualTo(2.0);
        assertThat(carbon.awaitValueAt(semi, t, LANDING)).isEqualTo(3.0);
        assertThat(carbon.metrics())
                .filteredOn((m) -> m.startsWith(root))
                .containsExactlyInAnyOrder(spaced, evil, semi);
    }
}
