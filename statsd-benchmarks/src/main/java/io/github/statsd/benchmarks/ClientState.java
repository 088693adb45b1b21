package io.github.statsd.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * One client and one counting receiver per trial (fork). Measures the delivered lines per second during the measurement
 * iterations and, at the end of the trial, closes the client, waits until the receiver stops receiving and prints one
 * summary line: calls, lines received, drops the client counted, and unaccounted loss (calls - received - counted
 * drops).
 */
@State(Scope.Benchmark)
public class ClientState {

    /** Which client: see {@link BenchClient#create}. */
    @Param({
        "ours",
        "oursMeters",
        "ours2Senders",
        "oursAggregating",
        "dogstatsd",
        "dogstatsdBlocking",
        "dogstatsdAggregating",
        "micrometer",
        "oursMicrometer"
    })
    public String client;

    BenchClient bench;
    LineCountingReceiver receiver;
    final Workload workload = new Workload();
    private final List<Caller> callers = new CopyOnWriteArrayList<>();

    private long iterationStartNanos;
    private long iterationStartLines;
    private boolean measuring;
    private long measuredNanos;
    private long measuredLines;
    private long trialStartNanos;
    private long[] udpStart;

    void register(Caller c) {
        callers.add(c);
    }

    /**
     * Starts the receiver and the client.
     *
     * @throws IOException when the receiver cannot bind
     */
    @Setup(Level.Trial)
    public void startTrial() throws IOException {
        receiver = new LineCountingReceiver();
        bench = BenchClient.create(client, workload, receiver.port());
        udpStart = udpCounters();
        trialStartNanos = System.nanoTime();
    }

    /**
     * Notes where the receiver stands.
     *
     * @param iteration the iteration about to run
     */
    @Setup(Level.Iteration)
    public void startIteration(IterationParams iteration) {
        measuring = iteration.getType() == IterationType.MEASUREMENT;
        iterationStartLines = receiver.lines();
        iterationStartNanos = System.nanoTime();
    }

    /** Adds up what the receiver got during a measurement iteration. */
    @TearDown(Level.Iteration)
    public void endIteration() {
        if (measuring) {
            measuredNanos += System.nanoTime() - iterationStartNanos;
            measuredLines += receiver.lines() - iterationStartLines;
        }
    }

    /**
     * Closes the client, waits for the last datagrams and prints the summary.
     *
     * @param params the benchmark that ran
     * @throws IOException when the receiver fails to close
     */
    @TearDown(Level.Trial)
    public void endTrial(BenchmarkParams params) throws IOException {
        String cpu = threadCpu();
        long closeStart = System.nanoTime();
        bench.close();
        long closeNanos = System.nanoTime() - closeStart;
        receiver.awaitQuiet(500, 20_000);
        long trialNanos = System.nanoTime() - trialStartNanos;
        long calls = 0;
        long measuredCalls = 0;
        long measuredBytes = 0;
        LatencyHistogram latency = new LatencyHistogram();
        for (Caller c : callers) {
            calls += c.published;
            measuredCalls += c.measuredCalls;
            measuredBytes += c.measuredBytes;
            latency.add(c.latency);
        }
        long received = receiver.lines();
        long drops = bench.reportedDrops();
        long merged = bench.mergedCalls();
        // every call is a line received, a drop the client counted, or (aggregation) merged into another's line
        long unaccounted = calls - received - drops - merged;
        long[] udpEnd = udpCounters();
        String bench = params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1);
        System.out.println();
        System.out.println(String.format(
                Locale.ROOT,
                "STATSD-BENCH | %-22s | %-20s | threads=%d | calls=%d | received=%d | counterSum=%d"
                        + " | callerAlloc=%.2f B/call"
                        + " | clientDrops=%d | merged=%d | unaccounted=%d (%.2f%%) | unaccountedBySum=%d"
                        + " | delivered(measurement)=%.0f lines/s"
                        + " | delivered(trial)=%.0f lines/s | close=%d ms | kernel RcvbufErrors+%d SndbufErrors+%d",
                bench,
                client,
                params.getThreads(),
                calls,
                received,
                receiver.counterSum(),
                measuredCalls == 0 ? 0.0 : (double) measuredBytes / measuredCalls,
                drops,
                merged,
                unaccounted,
                calls == 0 ? 0.0 : 100.0 * unaccounted / calls,
                // counter workloads with aggregation: a line carries many calls, so compare the summed values
                calls - receiver.counterSum() - drops,
                measuredNanos == 0 ? 0.0 : measuredLines * 1e9 / measuredNanos,
                received * 1e9 / trialNanos,
                closeNanos / 1_000_000,
                udpEnd[0] - udpStart[0],
                udpEnd[1] - udpStart[1]));
        if (latency.count() > 0) {
            System.out.println(
                    "STATSD-BENCH | " + client + " call latency, timed around each call: " + latency.summary());
        }
        System.out.println("STATSD-BENCH | " + client + " drops: " + this.bench.dropsNote());
        System.out.println("STATSD-BENCH | " + client + " cpu ms by thread over the trial: " + cpu);
        receiver.close();
    }

    /** CPU time of the busiest threads of this JVM, as {@code name=ms}. */
    private static String threadCpu() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Map<String, Long> byName = new TreeMap<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            long ns = mx.getThreadCpuTime(t.getId());
            if (ns > 50_000_000L) {
                byName.merge(t.getName(), ns / 1_000_000, Long::sum);
            }
        }
        return byName.toString();
    }

    /** Host-wide UDP RcvbufErrors and SndbufErrors from /proc/net/snmp (Linux), or zeros. */
    private static long[] udpCounters() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/net/snmp"));
            for (int i = 0; i + 1 < lines.size(); i++) {
                if (lines.get(i).startsWith("Udp:") && lines.get(i + 1).startsWith("Udp:")) {
                    String[] names = lines.get(i).split("\\s+");
                    String[] values = lines.get(i + 1).split("\\s+");
                    long rcv = 0;
                    long snd = 0;
                    for (int k = 1; k < names.length && k < values.length; k++) {
                        if (names[k].equals("RcvbufErrors")) {
                            rcv = Long.parseLong(values[k]);
                        } else if (names[k].equals("SndbufErrors")) {
                            snd = Long.parseLong(values[k]);
                        }
                    }
                    return new long[] {rcv, snd};
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: no kernel figures
        }
        return new long[] {0, 0};
    }
}
