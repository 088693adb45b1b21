package io.github.statsd.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.statsd.Flavor;
import io.github.statsd.Protocol;
import io.github.statsd.StatsdClient;
import io.github.statsd.StatsdConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Our client sends to Etsy StatsD's cluster proxy, over UDP and over TCP (one proxy per listener type), in front of
 * three StatsD nodes: every counter, gauge and timer lands on exactly one node, with what was sent, read back from the
 * nodes' management ports. The nodes flush once an hour, so nothing is reset in between.
 */
class EtsyStatsdProxyTest {

    private static final Duration ARRIVAL = Duration.ofSeconds(15);
    private static final int SERIES = 40;

    @RegisterExtension
    @Order(1)
    static final EtsyStatsdServer node1 = new EtsyStatsdServer();

    @RegisterExtension
    @Order(2)
    static final EtsyStatsdServer node2 = new EtsyStatsdServer();

    @RegisterExtension
    @Order(3)
    static final EtsyStatsdServer node3 = new EtsyStatsdServer();

    @RegisterExtension
    @Order(4)
    static final EtsyStatsdProxy udpProxy = new EtsyStatsdProxy(Protocol.UDP, node1, node2, node3);

    @RegisterExtension
    @Order(5)
    static final EtsyStatsdProxy tcpProxy = new EtsyStatsdProxy(Protocol.TCP, node1, node2, node3);

    private static List<EtsyStatsdServer> nodes() {
        return List.of(node1, node2, node3);
    }

    @AfterEach
    void noNodeSawABadLine() {
        for (EtsyStatsdServer node : nodes()) {
            assertThat(node.badLinesSeen())
                    .as("%s; its output:\n%s", node, node.output())
                    .isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = Protocol.class,
            names = {"UDP", "TCP"})
    void everySeriesLandsOnExactlyOneNodeWithWhatWasSent(Protocol protocol) {
        EtsyStatsdProxy proxy = protocol == Protocol.UDP ? udpProxy : tcpProxy;
        String prefix = "it.proxy." + protocol.name().toLowerCase(Locale.ROOT);
        Map<String, Double> counters = new LinkedHashMap<>();
        Map<String, Double> gauges = new LinkedHashMap<>();
        Map<String, List<Double>> timers = new LinkedHashMap<>();
        StatsdClient client = StatsdClient.create(StatsdConfig.builder()
                .host(proxy.host())
                .port(proxy.port())
                .protocol(protocol)
                .flavor(Flavor.ETSY)
                .build());
        try (client) {
            for (int i = 0; i < SERIES; i++) {
                String counter = prefix + ".orders" + i;
                client.count(counter, i + 1);
                client.increment(counter);
                counters.put(counter, i + 2.0);

                String gauge = prefix + ".level" + i;
                client.gauge(gauge, i * 10L);
                client.gaugeDelta(gauge, 2.5);
                gauges.put(gauge, i * 10 + 2.5);

                String timer = prefix + ".latency" + i;
                client.timing(timer, i);
                client.timing(timer, i + 100);
                timers.put(timer, List.of((double) i, i + 100.0));
            }
        }
        assertThat(client.stats().dropped()).as("%s", client.stats()).isZero();

        Map<String, Integer> counterNodes =
                EtsyStatsdProxy.awaitEachOnExactlyOneNode(nodes(), EtsyStatsdServer::counters, counters, ARRIVAL);
        Map<String, Integer> gaugeNodes =
                EtsyStatsdProxy.awaitEachOnExactlyOneNode(nodes(), EtsyStatsdServer::gauges, gauges, ARRIVAL);
        Map<String, Integer> timerNodes =
                EtsyStatsdProxy.awaitEachOnExactlyOneNode(nodes(), node -> sorted(node.timers()), timers, ARRIVAL);

        // the proxy spreads the names over the nodes: with 120 names, every one of the three gets some
        Set<Integer> used = new HashSet<>(counterNodes.values());
        used.addAll(gaugeNodes.values());
        used.addAll(timerNodes.values());
        assertThat(used).containsExactlyInAnyOrder(0, 1, 2);
    }

    /** Timer values in ascending order: the proxy forwards each line on its own, so arrival order is not ours. */
    private static Map<String, List<Double>> sorted(Map<String, List<Double>> timers) {
        Map<String, List<Double>> result = new LinkedHashMap<>();
        timers.forEach((name, values) -> {
            List<Double> copy = new ArrayList<>(values);
            copy.sort(null);
            result.put(name, copy);
        });
        return result;
    }
}
