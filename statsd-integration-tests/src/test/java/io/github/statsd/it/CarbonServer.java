package io.github.statsd.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.NavigableMap;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Graphite carbon-cache (Debian package {@code graphite-carbon}) for the tests of one class: register it as a
 * static field, {@code @RegisterExtension static final CarbonServer carbon = new CarbonServer();}.
 *
 * <p>Before the class's tests it writes a {@code carbon.conf} into a temp dir (every directory moved there, line
 * receivers for TCP and UDP on free loopback ports, a 1 s / 1 h retention for every metric, no create or update
 * throttling) and starts {@code carbon-cache}; it is ready when the TCP line receiver accepts. After the tests (passed
 * or not) it stops it through its pidfile ({@code carbon-cache ... stop}), waits for the process and deletes the temp
 * dir.
 *
 * <p>Whisper files are read back with {@code whisper-fetch} (package {@code python3-whisper}): {@link #fetch},
 * {@link #valueAt}, {@link #awaitValueAt}, {@link #awaitPoints}.
 *
 * <p>When carbon-cache or whisper-fetch is missing, the tests fail in CI and are skipped elsewhere; see
 * {@code .ci/install-test-servers.sh}.
 */
public final class CarbonServer implements BeforeAllCallback, AfterAllCallback {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private Path carbonCache;
    private Path whisperFetch;
    private Path dir;
    private Path config;
    private Path pidFile;
    private Path log;
    private Path dataDir;
    private Process process;
    private int linePort;
    private int udpPort;

    /** Creates the extension; the server starts before the class's tests. */
    public CarbonServer() {}

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        if (process != null) {
            return;
        }
        carbonCache = ServerSupport.findExecutable(List.of("carbon-cache"), List.of("/usr/bin/carbon-cache"))
                .orElse(null);
        whisperFetch = ServerSupport.findExecutable(
                        List.of("whisper-fetch", "whisper-fetch.py"),
                        List.of("/usr/bin/whisper-fetch", "/usr/bin/whisper-fetch.py"))
                .orElse(null);
        if (carbonCache == null || whisperFetch == null) {
            ServerSupport.missing("Graphite carbon-cache/whisper-fetch not found on PATH or in /usr/bin: install them"
                    + " with .ci/install-test-servers.sh (Debian packages graphite-carbon, python3-whisper)");
        }
        IllegalStateException failure = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                start();
                return;
            } catch (IllegalStateException e) {
                // most likely a port taken between choosing and binding it: try fresh ports
                stopServer();
                failure = e;
            }
        }
        throw failure;
    }

    private void start() throws IOException {
        int[] ports = ServerSupport.freePorts(4);
        linePort = ports[0];
        udpPort = ports[1];
        dir = Files.createTempDirectory("carbon-it-");
        dataDir = dir.resolve("storage/whisper");
        Files.createDirectories(dataDir);
        Files.createDirectories(dir.resolve("log"));
        Files.createDirectories(dir.resolve("lists"));
        config = dir.resolve("carbon.conf");
        pidFile = dir.resolve("carbon.pid");
        log = dir.resolve("carbon-cache.out");
        Files.writeString(
                config,
                String.join(
                        "\n",
                        "[cache]",
                        "STORAGE_DIR = " + dir.resolve("storage") + "/",
                        "LOCAL_DATA_DIR = " + dataDir + "/",
                        "WHITELISTS_DIR = " + dir.resolve("lists") + "/",
                        "CONF_DIR = " + dir + "/",
                        "LOG_DIR = " + dir.resolve("log") + "/",
                        "PID_DIR = " + dir + "/",
                        "USER =",
                        "ENABLE_LOGROTATION = False",
                        "MAX_CACHE_SIZE = inf",
                        "MAX_UPDATES_PER_SECOND = inf",
                        "MAX_CREATES_PER_MINUTE = inf",
                        "ENABLE_TAGS = False",
                        "LINE_RECEIVER_INTERFACE = " + ServerSupport.HOST,
                        "LINE_RECEIVER_PORT = " + linePort,
                        "ENABLE_UDP_LISTENER = True",
                        "UDP_RECEIVER_INTERFACE = " + ServerSupport.HOST,
                        "UDP_RECEIVER_PORT = " + udpPort,
                        "PICKLE_RECEIVER_INTERFACE = " + ServerSupport.HOST,
                        "PICKLE_RECEIVER_PORT = " + ports[2],
                        "CACHE_QUERY_INTERFACE = " + ServerSupport.HOST,
                        "CACHE_QUERY_PORT = " + ports[3],
                        ""),
                StandardCharsets.UTF_8);
        Files.writeString(
                dir.resolve("storage-schemas.conf"),
                "[default]\npattern = .*\nretentions = 1s:1h\n",
                StandardCharsets.UTF_8);
        // in the foreground, so that this JVM owns (and reaps) the process; stopped through the pidfile
        process = new ProcessBuilder(
                        carbonCache.toString(),
                        "--config=" + config,
                        "--pidfile=" + pidFile,
                        "--logdir=" + dir.resolve("log"),
                        "--nodaemon",
                        "start")
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        Process started = process;
        Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly, "carbon-it-shutdown"));
        ServerSupport.awaitReady("carbon-cache", process, log, START_TIMEOUT, () -> ServerSupport.acceptsTcp(linePort));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stopServer();
    }

    private void stopServer() {
        try {
            if (process != null && process.isAlive() && Files.exists(pidFile)) {
                Process stop = new ProcessBuilder(
                                carbonCache.toString(), "--config=" + config, "--pidfile=" + pidFile, "stop")
                        .redirectErrorStream(true)
                        .redirectOutput(dir.resolve("carbon-stop.out").toFile())
                        .start();
                if (!stop.waitFor(20, TimeUnit.SECONDS)) {
                    stop.destroyForcibly();
                }
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (IOException e) {
            // fall through to the signal below
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            ServerSupport.stop(process, Duration.ofSeconds(10));
            process = null;
            ServerSupport.deleteTree(dir);
            dir = null;
        }
    }

    /** @return the host the receivers listen on */
    public String host() {
        return ServerSupport.HOST;
    }

    /** @return the TCP port of the plaintext line receiver ({@code path value timestamp\n}) */
    public int linePort() {
        return linePort;
    }

    /** @return the UDP port of the plaintext line receiver */
    public int udpPort() {
        return udpPort;
    }

    /** @return the directory holding the whisper files */
    public Path dataDir() {
        return dataDir;
    }

    /**
     * Returns the whisper file of a metric: dots become directories.
     *
     * @param metricPath the metric, like {@code a.b.c}
     * @return {@code <dataDir>/a/b/c.wsp}
     */
    public Path whisperFile(String metricPath) {
        return dataDir.resolve(metricPath.replace('.', '/') + ".wsp");
    }

    /**
     * Reads the points of a metric between two timestamps, both inclusive, with {@code whisper-fetch}.
     *
     * @param metricPath the metric
     * @param fromSeconds first timestamp (epoch seconds)
     * @param untilSeconds last timestamp (epoch seconds)
     * @return timestamp to value, empty points left out; empty when the file does not exist yet
     */
    public NavigableMap<Long, Double> fetch(String metricPath, long fromSeconds, long untilSeconds) {
        Path file = whisperFile(metricPath);
        if (!Files.exists(file)) {
            return Collections.emptyNavigableMap();
        }
        return ServerSupport.whisperFetch(whisperFetch, file, fromSeconds, untilSeconds);
    }

    /**
     * Reads the value of a metric at one timestamp.
     *
     * @param metricPath the metric
     * @param timestampSeconds the timestamp (epoch seconds; with the 1 s retention every second is a point)
     * @return the value, or empty when none was written (yet)
     */
    public OptionalDouble valueAt(String metricPath, long timestampSeconds) {
        Double v = fetch(metricPath, timestampSeconds, timestampSeconds).get(timestampSeconds);
        return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
    }

    /**
     * Waits until carbon has written a value for the metric at the timestamp (carbon writes its cache to disk within a
     * few seconds).
     *
     * @param metricPath the metric
     * @param timestampSeconds the timestamp (epoch seconds)
     * @param timeout how long to wait
     * @return the value
     */
    public double awaitValueAt(String metricPath, long timestampSeconds, Duration timeout) {
        AtomicReference<OptionalDouble> seen = new AtomicReference<>(OptionalDouble.empty());
        Awaitility.await(metricPath + " at " + timestampSeconds + " in " + whisperFile(metricPath))
                .atMost(timeout)
                .pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    seen.set(valueAt(metricPath, timestampSeconds));
                    return seen.get().isPresent();
                });
        return seen.get().getAsDouble();
    }

    /**
     * Waits until the points of a metric between two timestamps satisfy a condition.
     *
     * @param metricPath the metric
     * @param fromSeconds first timestamp, inclusive
     * @param untilSeconds last timestamp, inclusive (later than now is fine: whisper stops at now)
     * @param condition what the points must satisfy
     * @param timeout how long to wait
     * @return the points that satisfied it
     */
    public NavigableMap<Long, Double> awaitPoints(
            String metricPath,
            long fromSeconds,
            long untilSeconds,
            Predicate<? super NavigableMap<Long, Double>> condition,
            Duration timeout) {
        AtomicReference<NavigableMap<Long, Double>> seen = new AtomicReference<>(Collections.emptyNavigableMap());
        Awaitility.await(metricPath + " in " + whisperFile(metricPath))
                .atMost(timeout)
                .pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    seen.set(fetch(metricPath, fromSeconds, untilSeconds));
                    return condition.test(seen.get());
                });
        return seen.get();
    }

    /**
     * Lists the metrics carbon has created so far, for diagnosis.
     *
     * @return metric paths, dotted
     */
    public List<String> metrics() {
        List<String> names = new ArrayList<>();
        if (dataDir == null || !Files.exists(dataDir)) {
            return names;
        }
        try (var paths = Files.walk(dataDir)) {
            paths.filter(p -> p.toString().endsWith(".wsp")).forEach(p -> {
                String rel = dataDir.relativize(p).toString();
                names.add(rel.substring(0, rel.length() - 4).replace('/', '.'));
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Collections.sort(names);
        return names;
    }

    /** @return the server's output and log tail, for diagnosis */
    public String output() {
        return ServerSupport.tail(log);
    }

    @Override
    public String toString() {
        return "carbon-cache[line=" + linePort + ", udp=" + udpPort + ", data=" + dataDir + "]";
    }
}
