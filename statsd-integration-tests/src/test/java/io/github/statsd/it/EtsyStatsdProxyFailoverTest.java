package io.github.statsd.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.statsd.Flavor;
import io.github.statsd.Protocol;
import io.github.statsd.StatsdClient;
import io.github.statsd.StatsdConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One of three StatsD nodes behind Etsy StatsD's cluster proxy goes away: the proxy's health check takes it out of its
 * ring, its series move to the other nodes, the others' series stay where they were, and our clients (one over UDP, one
 * over TCP, to one proxy each) go on sending with no restart and no error.
 */
class EtsyStatsdProxyFailoverTest {

    private static final Duration ARRIVAL = Duration.ofSeconds(15);
    private static final int SERIES = 30;

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

    private static StatsdClient client(EtsyStatsdProxy proxy, List<Exception> errors) {
        return StatsdClient.create(StatsdConfig.builder()
                .host(proxy.host())
                .port(proxy.port())
                .protocol(proxy.listener())
                .flavor(Flavor.ETSY)
                .errorHandler(errors::add)
                .build());
    }

    private static void countAll(StatsdClient udp, StatsdClient tcp, List<String> names, long delta) {
        for (String name : names) {
            (name.startsWith("it.failover.udp.") ? udp : tcp).count(name, delta);
        }
    }

    @Test
    void aStoppedNodesSeriesMoveToAnotherNodeAndTheClientsGoOn() {
        List<EtsyStatsdServer> nodes = List.of(node1, node2, node3);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < SERIES; i++) {
            names.add("it.failover.udp.orders" + i);
            names.add("it.failover.tcp.orders" + i);
        }
        List<Exception> errors = new CopyOnWriteArrayList<>();
        StatsdClient udp = client(udpProxy, errors);
        StatsdClient tcp = client(tcpProxy, errors);
        try (udp;
                tcp) {
            countAll(udp, tcp, names, 1);
            Map<String, Double> once = new LinkedHashMap<>();
            names.forEach(name -> once.put(name, 1.0));
            Map<String, Integer> before =
                    EtsyStatsdProxy.awaitEachOnExactlyOneNode(nodes, EtsyStatsdServer::counters, once, ARRIVAL);

            // the node holding the most series goes away
            int victim = 0;
            for (int i = 1; i < nodes.size(); i++) {
                if (count(before, i) > count(before, victim)) {
                    victim = i;
                }
            }
            String victimName = EtsyStatsdProxy.ringName(nodes.get(victim));
            nodes.get(victim).stop();
            for (EtsyStatsdProxy proxy : List.of(udpProxy, tcpProxy)) {
                await(proxy + " drops " + victimName)
                        .atMost(ARRIVAL)
                        .untilAsserted(() -> assertThat(proxy.ring()).hasSize(2).doesNotContain(victimName));
            }

            // the same clients, no restart
            countAll(udp, tcp, names, 10);
            List<EtsyStatsdServer> survivors = new ArrayList<>(nodes);
            survivors.remove(victim);
            Map<String, Double> expected = new LinkedHashMap<>();
            for (String name : names) {
                // a moved series starts afresh on its new node; the others add to what they had
                expected.put(name, before.get(name) == victim ? 10.0 : 11.0);
            }
            Map<String, Integer> after =
                    EtsyStatsdProxy.awaitEachOnExactlyOneNode(survivors, EtsyStatsdServer::counters, expected, ARRIVAL);

            assertThat(count(before, victim)).as("series on the stopped node").isPositive();
            for (String name : names) {
                if (before.get(name) != victim) {
                    assertThat(survivors.get(after.get(name)))
                            .as("%s stays on its node", name)
                            .isSameAs(nodes.get(before.get(name)));
                }
            }
            for (EtsyStatsdServer node : survivors) {
                assertThat(node.badLinesSeen()).as("%s", node).isZero();
            }
        }
        assertThat(errors).isEmpty();
        assertThat(udp.stats().dropped()).as("%s", udp.stats()).isZero();
        assertThat(tcp.stats().dropped()).as("%s", tcp.stats()).isZero();
    }

    private static long count(Map<String, Integer> holders, int node) {
        return holders.values().stream().filter(n -> n == node).count();
    }
}
