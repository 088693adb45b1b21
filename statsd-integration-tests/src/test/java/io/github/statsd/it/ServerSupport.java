package io.github.statsd.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Assumptions;

/** What the server extensions share: finding binaries, free ports, readiness polling, clean-up. */
final class ServerSupport {

    /** The loopback address every test server binds to. */
    static final String HOST = "127.0.0.1";

    private ServerSupport() {}

    /**
     * Returns whether the tests run in CI, where a missing server is a failure and not a skip: {@code CI} or
     * {@code STATSD_CI} (which surefire sets from Maven's {@code env.CI}) is {@code true} or {@code 1}.
     */
    static boolean inCi() {
        return isTrue(System.getenv("CI")) || isTrue(System.getenv("STATSD_CI"));
    }

    private static boolean isTrue(String value) {
        return value != null
                && (value.trim().equalsIgnoreCase("true") || value.trim().equals("1"));
    }

    /**
     * Called when a server cannot be found: fails in CI, skips the tests (an aborted assumption) elsewhere.
     *
     * @param message what is missing and how to install it
     */
    static void missing(String message) {
        if (inCi()) {
            throw new IllegalStateException(message + " (required in CI: CI/STATSD_CI is true)");
        }
        // surefire counts a class whose beforeAll was aborted as 0 tests: say it where it shows
        System.err.println("SKIPPED: " + message + " (not in CI)");
        Assumptions.abort(message + " (skipped: not in CI)");
    }

    /**
     * Finds an executable on PATH, then in the given fallback locations.
     *
     * @param names the executable's names, tried in order
     * @param fallbacks absolute paths tried after PATH
     * @return the executable, if found
     */
    static Optional<Path> findExecutable(List<String> names, List<String> fallbacks) {
        String pathEnv = System.getenv("PATH");
        if (pathEnv != null) {
            for (String name : names) {
                for (String dir : pathEnv.split(java.io.File.pathSeparator)) {
                    if (dir.isEmpty()) {
                        continue;
                    }
                    Path candidate = Path.of(dir, name);
                    if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                        return Optional.of(candidate);
                    }
                }
            }
        }
        return fallbacks.stream()
                .map(Path::of)
                .filter(p -> Files.isRegularFile(p) && Files.isExecutable(p))
                .findFirst();
    }

    /**
     * Picks loopback ports that are free for both TCP and UDP at the time of the call. All sockets are held until every
     * port is chosen, so the ports are distinct; they are ephemeral ports, never a server's default.
     *
     * @param count how many ports
     * @return the ports
     */
    static int[] freePorts(int count) {
        List<AutoCloseable> held = new ArrayList<>();
        int[] ports = new int[count];
        try {
            InetAddress loopback = InetAddress.getByName(HOST);
            int found = 0;
            int attempts = 0;
            while (found < count) {
                if (++attempts > 100) {
                    throw new IllegalStateException("no free loopback ports");
                }
                ServerSocket tcp = new ServerSocket();
                tcp.setReuseAddress(false);
                tcp.bind(new InetSocketAddress(loopback, 0));
                held.add(tcp);
                try {
                    held.add(new DatagramSocket(new InetSocketAddress(loopback, tcp.getLocalPort())));
                } catch (IOException udpTaken) {
                    continue;
                }
                ports[found++] = tcp.getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            for (AutoCloseable c : held) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // best effort
                }
            }
        }
    }

    /**
     * Returns whether a TCP connection to the loopback port is accepted.
     *
     * @param port the port
     * @return true when something listens
     */
    static boolean acceptsTcp(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(HOST, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A readiness probe that may throw. */
    interface Probe {
        boolean ready() throws Exception;
    }

    /**
     * Polls until the probe answers true, failing early when the server process has exited.
     *
     * @param what the server, for messages
     * @param process the server process
     * @param log the server's output, shown on failure
     * @param timeout how long to wait
     * @param probe the readiness check
     */
    static void awaitReady(String what, Process process, Path log, Duration timeout, Probe probe) {
        AtomicReference<Exception> last = new AtomicReference<>();
        try {
            Awaitility.await(what + " readiness")
                    .atMost(timeout)
                    .pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException(what + " exited with " + process.exitValue()
                                    + " before it was ready; output:\n" + tail(log));
                        }
                        try {
                            return probe.ready();
                        } catch (Exception e) {
                            last.set(e);
                            return false;
                        }
                    });
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException(
                    what + " not ready within " + timeout
                            + (last.get() == null ? "" : " (last probe error: " + last.get() + ")") + "; output:\n"
                            + tail(log),
                    e);
        }
    }

    /**
     * Stops a process: SIGTERM, then SIGKILL if it does not exit in time. Waits for it, so it is reaped.
     *
     * @param process the process, may be null
     * @param grace how long it may take to exit after SIGTERM
     */
    static void stop(Process process, Duration grace) {
        if (process == null) {
            return;
        }
        try {
            if (process.isAlive()) {
                process.destroy();
                if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(5, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Returns the last lines of a log file, for failure messages.
     *
     * @param log the file
     * @return up to its last 40 lines
     */
    static String tail(Path log) {
        try {
            if (log == null || !Files.exists(log)) {
                return "(no output)";
            }
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    /**
     * Deletes a directory tree, best effort.
     *
     * @param dir the directory, may be null
     */
    static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort
                }
            });
        } catch (IOException ignored) {
            // best effort
        }
    }

    /**
     * Sends one command to a StatsD management port on a fresh connection and reads the answer line by line.
     *
     * @param port the management port
     * @param command the command, like {@code counters}
     * @param complete whether the answer read so far, which ends with a newline, is whole
     * @return the answer
     */
    static String managementCommand(int port, String command, Predicate<String> complete) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, port), 2000);
            socket.setSoTimeout(5000);
            socket.getOutputStream().write((command + "\n").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) >= 0) {
                answer.write(b);
                if (b == '\n' && complete.test(answer.toString(StandardCharsets.UTF_8))) {
                    return answer.toString(StandardCharsets.UTF_8);
                }
            }
            throw new IllegalStateException("management connection on port " + port
                    + " closed before the end of the answer to " + command + ": "
                    + answer.toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("management command " + command + " on port " + port + " failed", e);
        }
    }

    /**
     * Reads the points of a whisper file with {@code whisper-fetch}.
     *
     * @param whisperFetch the {@code whisper-fetch} executable
     * @param file the whisper file, which exists
     * @param fromSeconds first timestamp (epoch seconds)
     * @param untilSeconds last timestamp (epoch seconds)
     * @return timestamp to value, empty points left out
     */
    static NavigableMap<Long, Double> whisperFetch(Path whisperFetch, Path file, long fromSeconds, long untilSeconds) {
        // whisper.fetch(from, until) returns the points after `from` up to and including `until`.
        // Never use --drop: whisper-fetch then prints the remaining values with shifted timestamps.
        List<String> command = List.of(
                whisperFetch.toString(), "--from=" + (fromSeconds - 1), "--until=" + untilSeconds, file.toString());
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("whisper-fetch timed out: " + command);
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(
                        "whisper-fetch failed (" + p.exitValue() + "): " + command + "\n" + out);
            }
            NavigableMap<Long, Double> points = new TreeMap<>();
            for (String line : out.split("\n")) {
                String[] cols = line.trim().split("\\s+");
                if (cols.length == 2 && cols[0].matches("\\d+") && !cols[1].equals("None")) {
                    points.put(Long.parseLong(cols[0]), Double.parseDouble(cols[1]));
                }
            }
            return points;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
