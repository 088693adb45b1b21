package io.github.statsd.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.NavigableMap;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Graphite's {@code carbon-relay} with {@code RELAY_METHOD = consistent-hashing} in front of two carbon-cache instances
 * ({@code a} and {@code b}), all from the Debian package {@code graphite-carbon}, for the tests of one class:
 * {@code @RegisterExtension static final CarbonRelayCluster relay = new CarbonRelayCluster();}.
 *
 * <p>One {@code carbon.conf} in a temp dir holds a {@code [cache]} section (every directory moved into the temp dir, a
 * 1 s / 1 h retention), a {@code [cache:a]} and a {@code [cache:b]} section with their own ports and their own whisper
 * directory (so that a test sees which cache stored a series), and a {@code [relay]} section whose TCP and UDP line
 * receivers take the metrics and hash each name to one cache, sent on over the caches' pickle ports. The caches start
 * first, then the relay; after the tests all three are stopped and the temp dir deleted.
 *
 * <p>When carbon-cache, carbon-relay or whisper-fetch is missing, the tests fail in CI and are skipped elsewhere.
 */
public final class CarbonRelayCluster implements BeforeAllCallback, AfterAllCallback {

    /** The carbon-cache instances behind the relay. */
    static final List<String> CACHES = List.of("a", "b");

    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private Path carbonCache;
    private Path carbonRelay;
    private Path whisperFetch;
    private Path dir;
    private Path config;
    private final List<Process> processes = new ArrayList<>();
    private int linePort;
    private int udpPort;

    /** Creates the extension; the relay and its caches start before the class's tests. */
    public CarbonRelayCluster() {}

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        if (!processes.isEmpty()) {
            return;
        }
        carbonCache = ServerSupport.findExecutable(List.of("carbon-cache"), List.of("/usr/bin/carbon-cache"))
                .orElse(null);
        carbonRelay = ServerSupport.findExecutable(List.of("carbon-relay"), List.of("/usr/bin/carbon-relay"))
                .orElse(null);
        whisperFetch = ServerSupport.findExecutable(
                        List.of("whisper-fetch", "whisper-fetch.py"),
                        List.of("/usr/bin/whisper-fetch", "/usr/bin/whisper-fetch.py"))
                .orElse(null);
        if (carbonCache == null || carbonRelay == null || whisperFetch == null) {
            ServerSupport.missing("Graphite carbon-cache/carbon-relay/whisper-fetch not found on PATH or in /usr/bin:"
                    + " install them with .ci/install-test-servers.sh (Debian packages graphite-carbon,"
                    + " python3-whisper)");
        }
        IllegalStateException failure = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                start();
                return;
            } catch (IllegalStateException e) {
                // most likely a port taken between choosing and binding it: try fresh ports
                stopAll();
                failure = e;
            }
        }
        throw failure;
    }

    private void start() throws IOException {
        int[] ports = ServerSupport.freePorts(2 + 3 * CACHES.size() + 1);
        linePort = ports[0];
        udpPort = ports[1];
        dir = Files.createTempDirectory("carbon-relay-it-");
        for (String sub : List.of("storage", "log", "lists")) {
            Files.createDirectories(dir.resolve(sub));
        }
        config = dir.resolve("carbon.conf");
        String host = ServerSupport.HOST;
        List<String> conf = new ArrayList<>(List.of(
                "[cache]",
                "STORAGE_DIR = " + dir.resolve("storage") + "/",
                "LOCAL_DATA_DIR = " + dir.resolve("storage/whisper") + "/",
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
                "ENABLE_UDP_LISTENER = False",
                "LINE_RECEIVER_INTERFACE = " + host,
                "PICKLE_RECEIVER_INTERFACE = " + host,
                "CACHE_QUERY_INTERFACE = " + host,
                ""));
        List<String> destinations = new ArrayList<>();
        for (int i = 0; i < CACHES.size(); i++) {
            String cache = CACHES.get(i);
            int pickle = ports[3 + 3 * i + 1];
            Files.createDirectories(dataDir(cache));
            conf.addAll(List.of(
                    "[cache:" + cache + "]",
                    "LOCAL_DATA_DIR = " + dataDir(cache) + "/",
                    "LINE_RECEIVER_PORT = " + ports[3 + 3 * i],
                    "PICKLE_RECEIVER_PORT = " + pickle,
                    "CACHE_QUERY_PORT = " + ports[3 + 3 * i + 2],
                    ""));
            destinations.add(host + ":" + pickle + ":" + cache);
        }
        conf.addAll(List.of(
                "[relay]",
                "USER =",
                "LINE_RECEIVER_INTERFACE = " + host,
                "LINE_RECEIVER_PORT = " + linePort,
                "ENABLE_UDP_LISTENER = True",
                "UDP_RECEIVER_INTERFACE = " + host,
                "UDP_RECEIVER_PORT = " + udpPort,
                "PICKLE_RECEIVER_INTERFACE = " + host,
                "PICKLE_RECEIVER_PORT = " + ports[2],
                "RELAY_METHOD = consistent-hashing",
                "REPLICATION_FACTOR = 1",
                "DESTINATIONS = " + String.join(", ", destinations),
                ""));
        Files.writeString(config, String.join("\n", conf), StandardCharsets.UTF_8);
        Files.writeString(
                dir.resolve("storage-schemas.conf"),
                "[default]\npattern = .*\nretentions = 1s:1h\n",
                StandardCharsets.UTF_8);
        for (int i = 0; i < CACHES.size(); i++) {
            String cache = CACHES.get(i);
            int pickle = ports[3 + 3 * i + 1];
            startProcess(
                    carbonCache,
                    "carbon-cache-" + cache,
                    "--instance=" + cache,
                    () -> ServerSupport.acceptsTcp(pickle));
        }
        startProcess(carbonRelay, "carbon-relay", null, () -> ServerSupport.acceptsTcp(linePort));
    }

    private void startProcess(Path executable, String name, String instance, ServerSupport.Probe ready)
            throws IOException {
        Path log = dir.resolve(name + ".out");
        List<String> command = new ArrayList<>(List.of(
                executable.toString(),
                "--config=" + config,
                "--pidfile=" + dir.resolve(name + ".pid"),
                "--logdir=" + dir.resolve("log"),
                "--nodaemon"));
        if (instance != null) {
            command.add(instance);
        }
        command.add("start");
        // in the foreground, so that this JVM owns (and reaps) the process
        Process process = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        processes.add(process);
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, name + "-it-shutdown"));
        ServerSupport.awaitReady(name, process, log, START_TIMEOUT, ready);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stopAll();
    }

    private void stopAll() {
        // the relay first, so that it flushes to the caches while they still listen
        List<Process> reversed = new ArrayList<>(processes);
        Collections.reverse(reversed);
        for (Process process : reversed) {
            ServerSupport.stop(process, Duration.ofSeconds(10));
        }
        processes.clear();
        ServerSupport.deleteTree(dir);
        dir = null;
    }

    /** @return the host the relay listens on */
    public String host() {
        return ServerSupport.HOST;
    }

    /** @return the relay's TCP line receiver port */
    public int linePort() {
        return linePort;
    }

    /** @return the relay's UDP line receiver port */
    public int udpPort() {
        return udpPort;
    }

    private Path dataDir(String cache) {
        return dir.resolve("storage/whisper-" + cache);
    }

    /**
     * Returns the whisper file a cache would hold for a metric: dots become directories.
     *
     * @param cache {@code a} or {@code b}
     * @param metricPath the metric
     * @return the file, which may not exist
     */
    public Path whisperFile(String cache, String metricPath) {
        return dataDir(cache).resolve(metricPath.replace('.', '/') + ".wsp");
    }

    /**
     * Returns the caches that hold a whisper file for the metric.
     *
     * @param metricPath the metric
     * @return the caches' names, in {@link #CACHES} order
     */
    public List<String> cachesHolding(String metricPath) {
        List<String> holding = new ArrayList<>();
        for (String cache : CACHES) {
            if (Files.exists(whisperFile(cache, metricPath))) {
                holding.add(cache);
            }
        }
        return holding;
    }

    /**
     * Reads the points of a metric in one cache between two timestamps, both inclusive, with {@code whisper-fetch}.
     *
     * @param cache {@code a} or {@code b}
     * @param metricPath the metric
     * @param fromSeconds first timestamp (epoch seconds)
     * @param untilSeconds last timestamp (epoch seconds)
     * @return timestamp to value, empty points left out; empty when the file does not exist
     */
    public NavigableMap<Long, Double> fetch(String cache, String metricPath, long fromSeconds, long untilSeconds) {
        Path file = whisperFile(cache, metricPath);
        if (!Files.exists(file)) {
            return Collections.emptyNavigableMap();
        }
        return ServerSupport.whisperFetch(whisperFetch, file, fromSeconds, untilSeconds);
    }

    /** @return the tails of the relay's and the caches' output, for diagnosis */
    public String output() {
        StringBuilder out = new StringBuilder();
        for (String name : List.of("carbon-relay", "carbon-cache-a", "carbon-cache-b")) {
            out.append("--- ")
                    .append(name)
                    .append('\n')
                    .append(ServerSupport.tail(dir == null ? null : dir.resolve(name + ".out")))
                    .append('\n');
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return "carbon-relay[line=" + linePort + ", udp=" + udpPort + ", caches=" + CACHES + "]";
    }
}
