package io.github.statsd.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.statsd.GraphiteClient;
import io.github.statsd.GraphiteConfig;
import io.github.statsd.Protocol;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Our {@link GraphiteClient} sends to Graphite's carbon-relay (consistent hashing) in front of two carbon-caches, over
 * TCP and over UDP: every series is stored by exactly one cache, with the values sent at the timestamps aligned down to
 * the client's interval, read back with {@code whisper-fetch}.
 */
class GraphiteClientCarbonRelayTest {

    private static final Duration LANDING = Duration.ofSeconds(30);
    private static final int SERIES = 30;

    @RegisterExtension
    static final CarbonRelayCluster relay = new CarbonRelayCluster();

    @ParameterizedTest
    @EnumSource(
            value = Protocol.class,
            names = {"TCP", "UDP"})
    void everySeriesIsStoredByExactlyOneCacheWithItsValuesAligned(Protocol protocol) {
        long now = Instant.now().getEpochSecond() - 300;
        long aligned = now - now % 10;
        String prefix = "it.relay." + protocol.name().toLowerCase(Locale.ROOT);
        GraphiteClient client = GraphiteClient.create(GraphiteConfig.builder()
                .host(relay.host())
                .port(protocol == Protocol.UDP ? relay.udpPort() : relay.linePort())
                .protocol(protocol)
                .prefix(prefix)
                .interval(Duration.ofSeconds(10))
                .build());
        try (client) {
            for (int i = 0; i < SERIES; i++) {
                // unaligned seconds: the client writes them at the start of their 10 s interval
                client.send("series" + i, i * 1.5, aligned + 3);
                client.send("series" + i, -i - 0.25, aligned + 10 + 9);
            }
        }
        assertThat(client.stats().sent()).as("%s", client.stats()).isEqualTo(2L * SERIES);
        assertThat(client.stats().dropped()).as("%s", client.stats()).isZero();

        Set<String> used = new HashSet<>();
        for (int i = 0; i < SERIES; i++) {
            String path = prefix + ".series" + i;
            Map<Long, Double> expected = Map.of(aligned, i * 1.5, aligned + 10, -i - 0.25);
            await(path + " in exactly one cache; " + relay)
                    .atMost(LANDING)
                    .pollInterval(Duration.ofMillis(250))
                    .untilAsserted(() -> {
                        List<String> holding = relay.cachesHolding(path);
                        assertThat(holding).as("the caches holding %s", path).hasSize(1);
                        assertThat(relay.fetch(holding.get(0), path, aligned - 20, aligned + 30))
                                .as("%s in cache %s", path, holding.get(0))
                                .containsExactlyInAnyOrderEntriesOf(expected);
                    });
            used.addAll(relay.cachesHolding(path));
        }
        // the relay spreads the names: with 30 of them, both caches get some
        assertThat(used).as("%s", relay.output()).containsExactlyInAnyOrderElementsOf(CarbonRelayCluster.CACHES);
    }
}
