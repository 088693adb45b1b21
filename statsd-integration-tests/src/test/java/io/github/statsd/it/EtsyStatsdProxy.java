package io.github.statsd.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.statsd.Protocol;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Etsy StatsD's cluster proxy ({@code proxy.js} of the same npm package) in front of several {@link EtsyStatsdServer}
 * nodes, for the tests of one class. Register the nodes first ({@code @Order}), then this:
 * {@code @RegisterExtension @Order(4) static final EtsyStatsdProxy proxy = new EtsyStatsdProxy(Protocol.UDP, a, b,
 * c);}.
 *
 * <p>The proxy listens on one transport, UDP or TCP (one proxy process per listener type), hashes each metric name to
 * one node (a consistent-hashing ring over the nodes' {@code host:port}) and forwards the line to it over UDP. It
 * health-checks every node's management port every {@link #CHECK_INTERVAL} and takes a node that stops answering out of
 * the ring, so that node's names move to the others; {@link #ring()} reads the ring from the proxy's own management
 * port ({@code status}).
 */
public final class EtsyStatsdProxy implements BeforeAllCallback, AfterAllCallback {

    /** How often the proxy checks its nodes' health. */
    static final Duration CHECK_INTERVAL = Duration.ofMillis(500);

    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

    private final Protocol listener;
    private final List<EtsyStatsdServer> nodes;

    private Path dir;
    private Path log;
    private Process process;
    private int port;
    private int managementPort;

    /**
     * Creates the extension; the proxy starts before the class's tests, after the nodes.
     *
     * @param listener the transport the proxy listens on: {@link Protocol#UDP} or {@link Protocol#TCP}
     * @param nodes the StatsD nodes behind it, registered (and so started) before this extension
     */
    public EtsyStatsdProxy(Protocol listener, EtsyStatsdServer... nodes) {
        if (listener != Protocol.UDP && listener != Protocol.TCP) {
            throw new IllegalArgumentException("the proxy listens on UDP or TCP, not " + listener);
        }
        this.listener = listener;
        this.nodes = List.of(nodes);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        if (process != null) {
            return;
        }
        Path proxyJs = EtsyStatsdServer.statsdHome().resolve("node_modules/statsd/proxy.js");
        Path node = ServerSupport.findExecutable(List.of("node", "nodejs"), List.of("/usr/bin/node"))
                .orElse(null);
        if (!Files.isRegularFile(proxyJs) || node == null) {
            ServerSupport.missing(
                    "Etsy StatsD's proxy not found (" + proxyJs + (node == null ? ", no node on PATH" : "")
                            + "): install it with .ci/install-test-servers.sh (STATSD_TEST_HOME selects the directory)");
        }
        for (EtsyStatsdServer n : nodes) {
            if (n.managementPort() == 0) {
                throw new IllegalStateException("register the EtsyStatsdServer nodes before the proxy (@Order)");
            }
        }
        IllegalStateException failure = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                start(node, proxyJs);
                return;
            } catch (IllegalStateException e) {
                // most likely a port taken between choosing and binding it: try fresh ports
                stopProxy();
                failure = e;
            }
        }
        throw failure;
    }

    private void start(Path node, Path proxyJs) throws IOException {
        int[] ports = ServerSupport.freePorts(2);
        port = ports[0];
        managementPort = ports[1];
        dir = Files.createTempDirectory("statsd-proxy-it-");
        log = dir.resolve("proxy.out");
        String host = "\"" + ServerSupport.HOST + "\"";
        StringBuilder cfg = new StringBuilder("{\n  nodes: [\n");
        for (EtsyStatsdServer n : nodes) {
            cfg.append("    { host: ")
                    .append(host)
                    .append(", port: ")
                    .append(n.udpPort())
                    .append(", adminport: ")
                    .append(n.managementPort())
                    .append(" },\n");
        }
        cfg.append("  ],\n  server: \"./servers/")
                .append(listener == Protocol.UDP ? "udp" : "tcp")
                .append("\",\n  udp_version: \"udp4\",\n  address: ")
                .append(host)
                .append(",\n  host: ")
                .append(host)
                .append(",\n  port: ")
                .append(port)
                .append(",\n  mgmt_address: ")
                .append(host)
                .append(",\n  mgmt_port: ")
                .append(managementPort)
                .append(",\n  forkCount: 0,\n  checkInterval: ")
                .append(CHECK_INTERVAL.toMillis())
                .append(",\n  cacheSize: 10000\n}\n");
        Path config = dir.resolve("proxy-config.js");
        Files.writeString(config, cfg, StandardCharsets.UTF_8);
        process = new ProcessBuilder(node.toString(), proxyJs.toString(), config.toString())
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        Process started = process;
        Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly, "statsd-proxy-it-shutdown"));
        ServerSupport.awaitReady(
                "Etsy StatsD proxy (" + listener + ")",
                process,
                log,
                START_TIMEOUT,
                () -> ring().size() == nodes.size() && (listener == Protocol.UDP || ServerSupport.acceptsTcp(port)));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stopProxy();
    }

    private void stopProxy() {
        ServerSupport.stop(process, Duration.ofSeconds(10));
        process = null;
        ServerSupport.deleteTree(dir);
        dir = null;
    }

    /** @return the host the proxy listens on */
    public String host() {
        return ServerSupport.HOST;
    }

    /** @return the port metrics are sent to, over this proxy's {@link #listener()} */
    public int port() {
        return port;
    }

    /** @return the transport this proxy listens on */
    public Protocol listener() {
        return listener;
    }

    /**
     * Returns the nodes in the proxy's hashing ring now, from its management command {@code status} (a line
     * {@code nodes: host:port host:port ...}).
     *
     * @return the nodes as {@code host:udpPort}
     */
    public Set<String> ring() {
        String status = command("status");
        for (String line : status.split("\n")) {
            if (line.startsWith("nodes:")) {
                Set<String> ring = new LinkedHashSet<>(
                        Arrays.asList(line.substring("nodes:".length()).trim().split("\\s+")));
                ring.remove("");
                return ring;
            }
        }
        throw new IllegalStateException("no nodes line in the proxy's status: " + status);
    }

    /**
     * Returns how the proxy names a node in its ring.
     *
     * @param node one of the nodes
     * @return {@code host:udpPort}
     */
    static String ringName(EtsyStatsdServer node) {
        return node.host() + ":" + node.udpPort();
    }

    /**
     * Waits until every expected series is held by exactly one of the nodes, with the expected value.
     *
     * @param nodes the nodes to read
     * @param read reads one node's series (like {@link EtsyStatsdServer#counters()})
     * @param expected series name to value
     * @param timeout how long to wait
     * @return series name to the index in {@code nodes} of the node holding it
     */
    static Map<String, Integer> awaitEachOnExactlyOneNode(
            List<EtsyStatsdServer> nodes,
            Function<EtsyStatsdServer, Map<String, ?>> read,
            Map<String, ?> expected,
            Duration timeout) {
        AtomicReference<Map<String, Integer>> holders = new AtomicReference<>();
        Awaitility.await(expected.size() + " series, each on exactly one node")
                .atMost(timeout)
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> {
                    List<Map<String, ?>> seen = new ArrayList<>();
                    for (EtsyStatsdServer node : nodes) {
                        seen.add(read.apply(node));
                    }
                    Map<String, Integer> found = new TreeMap<>();
                    for (Map.Entry<String, ?> series : expected.entrySet()) {
                        List<Integer> on = new ArrayList<>();
                        for (int i = 0; i < seen.size(); i++) {
                            if (seen.get(i).containsKey(series.getKey())) {
                                on.add(i);
                            }
                        }
                        assertThat(on)
                                .as("the nodes holding %s", series.getKey())
                                .hasSize(1);
                        assertThat(seen.get(on.get(0)).get(series.getKey()))
                                .as(series.getKey())
                                .isEqualTo(series.getValue());
                        found.put(series.getKey(), on.get(0));
                    }
                    holders.set(found);
                });
        return holders.get();
    }

    private String command(String command) {
        // status answers "uptime: N\nnodes: ...\n"; anything else is one line
        return ServerSupport.managementCommand(
                managementPort, command, text -> !command.equals("status") || text.contains("nodes:"));
    }

    /** @return the proxy's output, for diagnosis */
    public String output() {
        return ServerSupport.tail(log);
    }

    @Override
    public String toString() {
        return "etsy-statsd-proxy[" + listener + "=" + port + ", mgmt=" + managementPort + ", nodes=" + nodes.size()
                + "]";
    }
}
