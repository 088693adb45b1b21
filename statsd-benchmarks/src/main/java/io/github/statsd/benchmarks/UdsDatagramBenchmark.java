package io.github.statsd.benchmarks;

import io.github.statsd.DogStatsdClient;
import io.github.statsd.Flavor;
import io.github.statsd.StatsdConfig;
import io.github.statsd.StatsdStats;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import jnr.unixsocket.UnixDatagramChannel;
import jnr.unixsocket.UnixSocketAddress;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.infra.ThreadParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * Our client over a Unix datagram socket (the Datadog Agent's {@code dogstatsd_socket}) against UDP on loopback, in the
 * same run: DATADOG flavour, a counter with two tags over 1,000 pre-built names, 1 and 2 threads. Each fork prints one
 * {@code STATSD-BENCH |} line: calls, lines received, drops the client counted, unaccounted loss and delivered lines/s.
 * On Java 17-21 the client sends through jnr-unixsocket (here from java-dogstatsd-client's dependencies), on Java 22+
 * through the FFM API; the Unix receiver reads through jnr-unixsocket on both.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
// as ClientBenchmark: C2 compiles the line-writing call only several seconds into a fork on 2 cores
@Warmup(iterations = 5, time = 3)
@Measurement(iterations = 3, time = 3)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+ExitOnOutOfMemoryError", "--enable-native-access=ALL-UNNAMED"})
public class UdsDatagramBenchmark {

    /**
     * A counter with two tags, one thread.
     *
     * @param trial the client and receiver
     * @param caller this thread
     */
    @Benchmark
    @Threads(1)
    public void counter1T(Trial trial, Names caller) {
        int i = caller.next();
        trial.client.increment(trial.workload.names[i], trial.workload.tags[i]);
        caller.lines++;
    }

    /**
     * A counter with two tags, two threads.
     *
     * @param trial the client and receiver
     * @param caller this thread
     */
    @Benchmark
    @Threads(2)
    public void counter2T(Trial trial, Names caller) {
        int i = caller.next();
        trial.client.increment(trial.workload.names[i], trial.workload.tags[i]);
        caller.lines++;
    }

    /** One client and one counting receiver per fork. */
    @State(Scope.Benchmark)
    public static class Trial {

        /** {@code udp} (loopback) or {@code unixDatagram} (a socket file in a temporary directory). */
        @Param({"udp", "unixDatagram"})
        public String transport;

        final Workload workload = new Workload();
        DogStatsdClient client;
        private LineCountingReceiver udp;
        private UnixReceiver unix;
        private final List<Names> callers = new CopyOnWriteArrayList<>();
        private boolean measuring;
        private long iterationStartNanos;
        private long iterationStartLines;
        private long measuredNanos;
        private long measuredLines;
        private long trialStartNanos;

        /**
         * Starts the receiver and the client.
         *
         * @throws IOException when the receiver cannot bind
         */
        @Setup(Level.Trial)
        public void start() throws IOException {
            StatsdConfig.Builder config = StatsdConfig.builder().flavor(Flavor.DATADOG);
            if (transport.equals("udp")) {
                udp = new LineCountingReceiver();
                config.host("127.0.0.1").port(udp.port());
            } else if (transport.equals("unixDatagram")) {
                unix = new UnixReceiver(
                        Files.createTempDirectory("statsd-bench").resolve("dsd.socket"));
                config.host("unix://" + unix.path);
            } else {
                throw new IllegalArgumentException("unknown transport " + transport);
            }
            client = DogStatsdClient.create(config.build());
            trialStartNanos = System.nanoTime();
        }

        private long received() {
            return udp != null ? udp.lines() : unix.lines;
        }

        /**
         * Notes where the receiver stands.
         *
         * @param iteration the iteration about to run
         */
        @Setup(Level.Iteration)
        public void startIteration(IterationParams iteration) {
            measuring = iteration.getType() == IterationType.MEASUREMENT;
            iterationStartLines = received();
            iterationStartNanos = System.nanoTime();
        }

        /** Adds up what the receiver got during a measurement iteration. */
        @TearDown(Level.Iteration)
        public void endIteration() {
            if (measuring) {
                measuredNanos += System.nanoTime() - iterationStartNanos;
                measuredLines += received() - iterationStartLines;
            }
        }

        /**
         * Closes the client, waits for the last datagrams and prints the summary.
         *
         * @param params the benchmark that ran
         * @throws IOException when the receiver fails to close
         */
        @TearDown(Level.Trial)
        public void end(BenchmarkParams params) throws IOException {
            long closeStart = System.nanoTime();
            client.close();
            long closeNanos = System.nanoTime() - closeStart;
            if (udp != null) {
                udp.awaitQuiet(500, 20_000);
            } else {
                unix.awaitQuiet(500, 20_000);
            }
            long trialNanos = System.nanoTime() - trialStartNanos;
            long calls = 0;
            for (Names c : callers) {
                calls += c.published;
            }
            long received = received();
            StatsdStats stats = client.stats();
            long unaccounted = calls - received - stats.dropped();
            String bench = params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1);
            System.out.println();
            System.out.println(String.format(
                    Locale.ROOT,
                    "STATSD-BENCH | %-22s | %-20s | threads=%d | calls=%d | received=%d | clientDrops=%d"
                            + " (queueFull=%d ioError=%d) | unaccounted=%d (%.2f%%)"
                            + " | delivered(measurement)=%.0f lines/s | delivered(trial)=%.0f lines/s | close=%d ms"
                            + " | java=%d",
                    bench,
                    transport,
                    params.getThreads(),
                    calls,
                    received,
                    stats.dropped(),
                    stats.droppedQueueFull(),
                    stats.droppedIoError(),
                    unaccounted,
                    calls == 0 ? 0.0 : 100.0 * unaccounted / calls,
                    measuredNanos == 0 ? 0.0 : measuredLines * 1e9 / measuredNanos,
                    received * 1e9 / trialNanos,
                    closeNanos / 1_000_000,
                    Runtime.version().feature()));
            if (udp != null) {
                udp.close();
            } else {
                unix.close();
            }
        }
    }

    /** Per benchmark thread: the next name, and how many calls should make a line. */
    @State(Scope.Thread)
    public static class Names {

        private int index;
        /** Calls made by this thread (plain field: one writer). */
        long lines;
        /** {@link #lines} as of the end of the last iteration. */
        volatile long published;

        /**
         * Joins the trial and starts each thread at a different name.
         *
         * @param trial the trial
         * @param thread this thread
         */
        @Setup(Level.Trial)
        public void join(Trial trial, ThreadParams thread) {
            index = (thread.getThreadIndex() * 500) % Workload.NAMES;
            trial.callers.add(this);
        }

        /** Publishes the count. */
        @TearDown(Level.Iteration)
        public void publish() {
            published = lines;
        }

        int next() {
            int n = index + 1;
            if (n == Workload.NAMES) {
                n = 0;
            }
            index = n;
            return n;
        }
    }

    /** A Unix datagram socket that counts the non-empty lines of what it receives, read through jnr-unixsocket. */
    static final class UnixReceiver implements AutoCloseable {

        final Path path;
        private final UnixDatagramChannel channel;
        private final Thread thread;
        private volatile boolean closing;
        volatile long lines;
        private volatile long lastReceiveNanos = System.nanoTime();

        UnixReceiver(Path path) throws IOException {
            this.path = path;
            channel = UnixDatagramChannel.open();
            channel.bind(new UnixSocketAddress(path.toFile()));
            thread = new Thread(this::receive, "bench-uds-receiver");
            thread.setDaemon(true);
            thread.start();
        }

        private void receive() {
            ByteBuffer buf = ByteBuffer.allocateDirect(65536);
            long myLines = 0;
            try {
                while (!closing) {
                    buf.clear();
                    channel.receive(buf);
                    buf.flip();
                    boolean inLine = false;
                    for (int i = buf.position(); i < buf.limit(); i++) {
                        if (buf.get(i) == '\n') {
                            inLine = false;
                        } else if (!inLine) {
                            inLine = true;
                            myLines++;
                        }
                    }
                    // single writer: plain volatile stores are enough
                    lines = myLines;
                    lastReceiveNanos = System.nanoTime();
                }
            } catch (IOException e) {
                if (!closing) {
                    System.err.println("bench receiver stopped: " + e);
                }
            }
        }

        void awaitQuiet(long quietMillis, long maxMillis) {
            LineCountingReceiver.awaitQuiet(() -> lastReceiveNanos, quietMillis, maxMillis);
        }

        @Override
        public void close() throws IOException {
            closing = true;
            // a blocked receive ends on a datagram, not on close: send it an empty line
            try (UnixDatagramChannel waker = UnixDatagramChannel.open()) {
                ByteBuffer nl = ByteBuffer.allocateDirect(1);
                nl.put((byte) '\n').flip();
                waker.send(nl, new UnixSocketAddress(path.toFile()));
            }
            try {
                thread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            channel.close();
            Files.deleteIfExists(path);
            Files.deleteIfExists(path.getParent());
        }
    }
}
