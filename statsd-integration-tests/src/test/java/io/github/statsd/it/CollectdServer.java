package io.github.statsd.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real collectd (Debian package {@code collectd-core}) with its {@code statsd} plugin, a StatsD server written
 * independently of Etsy's, for the tests of one class: {@code @RegisterExtension static final CollectdServer collectd =
 * new CollectdServer();}.
 *
 * <p>Before the class's tests it writes a config into a temp dir (the statsd plugin on a free loopback UDP port, a
 * one-second interval, the {@code csv} plugin writing raw values into the temp dir) and runs {@code collectd -f -C
 * <file>} in the foreground; it is ready when its log says the statsd plugin listens and initialization is complete.
 * After the tests (passed or not) the process is terminated and waited for.
 *
 * <p>Every interval collectd writes one row per series into {@code <dataDir>/it/statsd/<type>-<name>-<date>}: read them
 * with {@link #values}. The series of the statsd plugin: a counter is {@code derive-<name>}, a gauge
 * {@code gauge-<name>}, a set {@code objects-<name>}, a timer
 * {@code latency-<name>-average|lower|upper|sum|percentile-90} and {@code gauge-<name>-count}.
 *
 * <p>When collectd or its plugins are missing the tests fail in CI and are skipped elsewhere; see
 * {@code .ci/install-test-servers.sh}.
 */
public final class CollectdServer implements BeforeAllCallback, AfterAllCallback {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
    private static final Path PLUGIN_DIR = Path.of("/usr/lib/collectd");
    private static final Path TYPES_DB = Path.of("/usr/share/collectd/types.db");

    private Path dir;
    private Path log;
    private Path dataDir;
    private Process process;
    private int port;

    /** Creates the extension; collectd starts before the class's tests. */
    public CollectdServer() {}

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        if (process != null) {
            return;
        }
        Path collectd = ServerSupport.findExecutable(List.of("collectd"), List.of("/usr/sbin/collectd"))
                .orElse(null);
        if (collectd == null
                || !Files.isRegularFile(PLUGIN_DIR.resolve("statsd.so"))
                || !Files.isRegularFile(PLUGIN_DIR.resolve("csv.so"))
                || !Files.isRegularFile(TYPES_DB)) {
            ServerSupport.missing("collectd with its statsd and csv plugins not found (on PATH, /usr/sbin, "
                    + PLUGIN_DIR + "): install it with .ci/install-test-servers.sh (Debian package collectd-core)");
        }
        IllegalStateException failure = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                start(collectd);
                return;
            } catch (IllegalStateException e) {
                // most likely a port taken between choosing and binding it: try a fresh one
                stopServer();
                failure = e;
            }
        }
        throw failure;
    }

    private void start(Path collectd) throws IOException {
        port = ServerSupport.freePorts(1)[0];
        dir = Files.createTempDirectory("collectd-it-");
        dataDir = dir.resolve("csv");
        Files.createDirectories(dataDir);
        log = dir.resolve("collectd.out");
        Path config = dir.resolve("collectd.conf");
        Files.writeString(
                config,
                String.join(
                        "\n",
                        "Hostname \"it\"",
                        "FQDNLookup false",
                        "BaseDir \"" + dir + "\"",
                        "PIDFile \"" + dir.resolve("collectd.pid") + "\"",
                        "PluginDir \"" + PLUGIN_DIR + "\"",
                        "TypesDB \"" + TYPES_DB + "\"",
                        "Interval 1",
                        "LoadPlugin logfile",
                        "<Plugin logfile>",
                        "  LogLevel info",
                        "  File STDOUT",
                        "</Plugin>",
                        "LoadPlugin statsd",
                        "<Plugin statsd>",
                        "  Host \"" + ServerSupport.HOST + "\"",
                        "  Port \"" + port + "\"",
                        "  DeleteSets false",
                        "  TimerPercentile 90",
                        "  TimerLower true",
                        "  TimerUpper true",
                        "  TimerSum true",
                        "  TimerCount true",
                        "</Plugin>",
                        "LoadPlugin csv",
                        "<Plugin csv>",
                        "  DataDir \"" + dataDir + "\"",
                        // counters as their running total, not as a rate
                        "  StoreRates false",
                        "</Plugin>",
                        ""),
                StandardCharsets.UTF_8);
        process = new ProcessBuilder(collectd.toString(), "-f", "-C", config.toString())
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        Process started = process;
        Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly, "collectd-it-shutdown"));
        ServerSupport.awaitReady("collectd", process, log, START_TIMEOUT, () -> {
            String out = Files.readString(log, StandardCharsets.UTF_8);
            if (out.contains("statsd plugin: Bind") || out.contains("statsd plugin: getaddrinfo")) {
                throw new IllegalStateException("collectd's statsd plugin cannot listen: " + out);
            }
            return out.contains("statsd plugin: Listening on") && out.contains("Initialization complete");
        });
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stopServer();
    }

    private void stopServer() {
        ServerSupport.stop(process, Duration.ofSeconds(10));
        process = null;
        ServerSupport.deleteTree(dir);
        dir = null;
    }

    /** @return the host the statsd plugin listens on */
    public String host() {
        return ServerSupport.HOST;
    }

    /** @return the UDP port of the statsd plugin (it has no TCP listener) */
    public int port() {
        return port;
    }

    /**
     * Returns every value the csv plugin wrote for one series so far, oldest first ({@code NaN} for an interval without
     * data, as collectd writes it for a timer nothing was timed in).
     *
     * @param series the type and instance, like {@code derive-app.orders} or {@code latency-app.db-sum}
     * @return the values, empty when the series was not written yet
     */
    public List<Double> values(String series) {
        Path statsd = dataDir.resolve("it/statsd");
        List<Double> values = new ArrayList<>();
        if (!Files.isDirectory(statsd)) {
            return values;
        }
        // one file per day: <series>-YYYY-MM-DD
        Pattern file = Pattern.compile(Pattern.quote(series) + "-\\d{4}-\\d{2}-\\d{2}");
        try (Stream<Path> files = Files.list(statsd)) {
            for (Path f : files.filter(
                            p -> file.matcher(p.getFileName().toString()).matches())
                    .sorted()
                    .toList()) {
                for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                    String[] cols = line.split(",");
                    if (cols.length == 2 && !cols[0].equals("epoch")) {
                        values.add(cols[1].equals("nan") ? Double.NaN : Double.parseDouble(cols[1]));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return values;
    }

    /**
     * Lists the series written so far whose name starts with the given text, without their date suffix.
     *
     * @param start the beginning of the file name, like {@code derive-it.collectd.}
     * @return the series, sorted
     */
    public List<String> series(String start) {
        Path statsd = dataDir.resolve("it/statsd");
        if (!Files.isDirectory(statsd)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(statsd)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith(start))
                    .map(n -> n.replaceFirst("-\\d{4}-\\d{2}-\\d{2}$", ""))
                    .distinct()
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the server's output, for diagnosis */
    public String output() {
        return ServerSupport.tail(log);
    }

    @Override
    public String toString() {
        return "collectd[statsd udp=" + port + ", csv=" + dataDir + "]";
    }
}
