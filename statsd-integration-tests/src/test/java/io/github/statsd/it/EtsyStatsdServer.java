package io.github.statsd.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Etsy StatsD 0.9.0 (npm package {@code statsd}, run with node) for the tests of one class: register it as a
 * static field, {@code @RegisterExtension static final EtsyStatsdServer statsd = new EtsyStatsdServer();}.
 *
 * <p>Before the class's tests it writes a config into a temp dir (UDP and TCP servers and the management port on free
 * loopback ports) and starts {@code node stats.js}; it is ready when the management port answers {@code health} with
 * {@code up} and the TCP server accepts. After the tests (passed or not) the process is terminated and waited for.
 *
 * <p>By default the flush interval is an hour and there is no backend, so counters keep their values for reading back
 * through the management port: {@link #counters()}, {@link #gauges()}, {@link #timers()}. StatsD 0.9.0 has no
 * {@code sets} management command: read sets through the graphite backend ({@link #graphite(CarbonServer)}, then
 * {@code stats.sets.<name>.count} in carbon).
 *
 * <p>StatsD is looked up in {@code $STATSD_TEST_HOME/node_modules/statsd/stats.js} (default
 * {@code ~/.cache/statsd-java-it}, where {@code .ci/install-test-servers.sh} installs it), node on PATH. When either is
 * missing the tests fail in CI and are skipped elsewhere.
 */
public final class EtsyStatsdServer implements BeforeAllCallback, AfterAllCallback {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

    private Duration flushInterval = Duration.ofHours(1);
    private CarbonServer carbon;

    private Path dir;
    private Path log;
    private Process process;
    private int udpPort;
    private int tcpPort;
    private int managementPort;

    /** Creates the extension; the server starts before the class's tests. */
    public EtsyStatsdServer() {}

    /**
     * Sets how often StatsD flushes (and resets counters, timers and sets). Default one hour.
     *
     * @param interval the flush interval
     * @return this
     */
    public EtsyStatsdServer flushInterval(Duration interval) {
        this.flushInterval = interval;
        return this;
    }

    /**
     * Flushes to carbon through StatsD's graphite backend ({@code ./backends/graphite}, plaintext over TCP, legacy
     * namespace: counters as {@code stats_counts.<name>} and {@code stats.<name>} per second, gauges as
     * {@code stats.gauges.<name>}, sets as {@code stats.sets.<name>.count}, timers as
     * {@code stats.timers.<name>.<stat>}). Register the carbon extension before this one, so that it is started first.
     *
     * @param carbon the carbon to flush to
     * @return this
     */
    public EtsyStatsdServer graphite(CarbonServer carbon) {
        this.carbon = carbon;
        return this;
    }

    /** @return the directory holding StatsD, from {@code STATSD_TEST_HOME} or its default */
    static Path statsdHome() {
        String home = System.getenv("STATSD_TEST_HOME");
        if (home != null && !home.isBlank()) {
            return Path.of(home);
        }
        return Path.of(System.getProperty("user.home"), ".cache", "statsd-java-it");
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        if (process != null) {
            return;
        }
        Path statsJs = statsdHome().resolve("node_modules/statsd/stats.js");
        Path node = ServerSupport.findExecutable(List.of("node", "nodejs"), List.of("/usr/bin/node"))
                .orElse(null);
        if (!Files.isRegularFile(statsJs) || node == null) {
            ServerSupport.missing("Etsy StatsD not found (" + statsJs + (node == null ? ", no node on PATH" : "")
                    + "): install it with .ci/install-test-servers.sh (STATSD_TEST_HOME selects the directory)");
        }
        if (carbon != null && carbon.linePort() == 0) {
            throw new IllegalStateException("register the CarbonServer extension before the EtsyStatsdServer");
        }
        IllegalStateException failure = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                start(node, statsJs);
                return;
            } catch (IllegalStateException e) {
                // most likely a port taken between choosing and binding it: try fresh ports
                stopServer();
                failure = e;
            }
        }
        throw failure;
    }

    private void start(Path node, Path statsJs) throws IOException {
        int[] ports = ServerSupport.freePorts(3);
        udpPort = ports[0];
        tcpPort = ports[1];
        managementPort = ports[2];
        dir = Files.createTempDirectory("statsd-it-");
        log = dir.resolve("statsd.out");
        Path config = dir.resolve("config.js");
        String host = js(ServerSupport.HOST);
        StringBuilder cfg = new StringBuilder("{\n")
                .append("  port: ")
                .append(udpPort)
                .append(",\n  address: ")
                .append(host)
                .append(",\n  mgmt_port: ")
                .append(managementPort)
                .append(",\n  mgmt_address: ")
                .append(host)
                .append(",\n  flushInterval: ")
                .append(flushInterval.toMillis())
                .append(",\n  servers: [\n    { server: \"./servers/udp\", address: ")
                .append(host)
                .append(", port: ")
                .append(udpPort)
                .append(" },\n    { server: \"./servers/tcp\", address: ")
                .append(host)
                .append(", port: ")
                .append(tcpPort)
                .append(" }\n  ],\n");
        if (carbon != null) {
            cfg.append("  backends: [\"./backends/graphite\"],\n  graphiteHost: ")
                    .append(js(carbon.host()))
                    .append(",\n  graphitePort: ")
                    .append(carbon.linePort())
                    .append(",\n");
        } else {
            cfg.append("  backends: [],\n");
        }
        cfg.append("}\n");
        Files.writeString(config, cfg, StandardCharsets.UTF_8);
        process = new ProcessBuilder(node.toString(), statsJs.toString(), config.toString())
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        Process started = process;
        Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly, "statsd-it-shutdown"));
        ServerSupport.awaitReady(
                "Etsy StatsD",
                process,
                log,
                START_TIMEOUT,
                () -> command("health").trim().equals("health: up") && ServerSupport.acceptsTcp(tcpPort));
    }

    private static String js(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stopServer();
    }

    /** Stops the server now, as when a node goes away; {@link #afterAll} then has nothing left to do. */
    public void stop() {
        stopServer();
    }

    private void stopServer() {
        ServerSupport.stop(process, Duration.ofSeconds(10));
        process = null;
        ServerSupport.deleteTree(dir);
        dir = null;
    }

    /** @return the host the servers listen on */
    public String host() {
        return ServerSupport.HOST;
    }

    /** @return the UDP port for metrics */
    public int udpPort() {
        return udpPort;
    }

    /** @return the TCP port for metrics (newline-terminated lines) */
    public int tcpPort() {
        return tcpPort;
    }

    /** @return the management port (text commands) */
    public int managementPort() {
        return managementPort;
    }

    /**
     * Sends one management command on a fresh connection and returns the answer: up to and including the {@code END}
     * line for {@code stats}, {@code counters}, {@code gauges} and {@code timers}, the first line for {@code health},
     * or {@code ERROR} for an unknown command.
     *
     * @param command the command, like {@code counters}
     * @return the answer
     */
    public String command(String command) {
        boolean oneLine = command.startsWith("health");
        return ServerSupport.managementCommand(
                managementPort,
                command,
                text -> oneLine || text.endsWith("\nEND\n") || text.equals("END\n") || text.equals("ERROR\n"));
    }

    /** @return the current counters, StatsD's own ({@code statsd.bad_lines_seen}, ...) included */
    public Map<String, Double> counters() {
        return numbers("counters");
    }

    /** @return the current gauges */
    public Map<String, Double> gauges() {
        return numbers("gauges");
    }

    /** @return the values received by each timer since the last flush, in arrival order */
    public Map<String, List<Double>> timers() {
        Map<String, List<Double>> result = new LinkedHashMap<>();
        parse("timers").forEach((k, v) -> {
            if (!(v instanceof List<?> list)) {
                throw new IllegalStateException("timer " + k + " is not a list: " + v);
            }
            List<Double> values = new ArrayList<>();
            for (Object o : list) {
                values.add((Double) o);
            }
            result.put(k, values);
        });
        return result;
    }

    /**
     * Returns StatsD's {@code stats} answer as key/value pairs, like {@code messages.bad_lines_seen}.
     *
     * @return the stats
     */
    public Map<String, String> stats() {
        Map<String, String> result = new LinkedHashMap<>();
        for (String line : command("stats").split("\n")) {
            int colon = line.indexOf(": ");
            if (colon > 0) {
                result.put(line.substring(0, colon), line.substring(colon + 2).trim());
            }
        }
        return result;
    }

    /** @return the number of lines StatsD rejected since it started ({@code messages.bad_lines_seen}) */
    public long badLinesSeen() {
        String value = stats().get("messages.bad_lines_seen");
        if (value == null) {
            throw new IllegalStateException("no messages.bad_lines_seen in the stats answer");
        }
        return Long.parseLong(value);
    }

    /** @return the server's output, for diagnosis */
    public String output() {
        return ServerSupport.tail(log);
    }

    private Map<String, Double> numbers(String command) {
        Map<String, Double> result = new LinkedHashMap<>();
        parse(command).forEach((k, v) -> {
            if (!(v instanceof Double d)) {
                throw new IllegalStateException(command + " " + k + " is not a number: " + v);
            }
            result.put(k, d);
        });
        return result;
    }

    private Map<String, Object> parse(String command) {
        String answer = command(command);
        if (!answer.endsWith("END\n")) {
            throw new IllegalStateException("unexpected answer to " + command + ": " + answer);
        }
        return InspectParser.parse(answer.substring(0, answer.length() - "END\n".length()));
    }

    @Override
    public String toString() {
        return "etsy-statsd[udp=" + udpPort + ", tcp=" + tcpPort + ", mgmt=" + managementPort + "]";
    }
}
