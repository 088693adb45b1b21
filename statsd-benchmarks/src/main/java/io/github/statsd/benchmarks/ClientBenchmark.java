package io.github.statsd.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Every client under the same workload, UDP to a counting receiver on loopback: a counter with two tags over 1,000
 * pre-built names (1 and 2 threads; throughput, and call-site latency sampled), and a counter/gauge/timer mix.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
// 15 s: with the 2 cores taken by the callers, the sender and the receiver, C2 compiles our line-writing call
// (CallGate.metric, Engine.offerMetric) only 6-8 s into a fork; a shorter warm-up measures C1 code
@Warmup(iterations = 5, time = 3)
@Measurement(iterations = 3, time = 3)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+ExitOnOutOfMemoryError"})
public class ClientBenchmark {

    /** The caller's own work between two paced calls ({@link Blackhole#consumeCPU} tokens). */
    static final long PACE_TOKENS = 500;

    /**
     * A counter with two tags, one thread.
     *
     * @param state the client
     * @param caller this thread
     */
    @Benchmark
    @Threads(1)
    public void counter1T(ClientState state, Caller caller) {
        state.bench.increment(caller.next());
        caller.lines++;
    }

    /**
     * A counter with two tags, two threads.
     *
     * @param state the client
     * @param caller this thread
     */
    @Benchmark
    @Threads(2)
    public void counter2T(ClientState state, Caller caller) {
        state.bench.increment(caller.next());
        caller.lines++;
    }

    /**
     * A counter with two tags, two threads, call-site latency distribution (p50, p99...).
     *
     * @param state the client
     * @param caller this thread
     */
    @Benchmark
    @Threads(2)
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public void counter2TLatency(ClientState state, Caller caller) {
        state.bench.increment(caller.next());
        caller.lines++;
    }

    /**
     * A counter with two tags, two threads, each call followed by some work of the caller's own, so that the clients
     * keep up (about a million calls a second in all): the call-site latency of a client that is not overloaded, timed
     * around each call and printed in the trial summary. Throughput here is the pace, not a figure of merit.
     *
     * @param state the client
     * @param caller this thread
     */
    @Benchmark
    @Threads(2)
    public void counter2TPaced(ClientState state, Caller caller) {
        int i = caller.next();
        long start = System.nanoTime();
        state.bench.increment(i);
        caller.time(System.nanoTime() - start);
        caller.lines++;
        Blackhole.consumeCPU(PACE_TOKENS);
    }

    /**
     * A third each of counters, gauges and timers, two threads.
     *
     * @param state the client
     * @param caller this thread
     */
    @Benchmark
    @Threads(2)
    public void mix2T(ClientState state, Caller caller) {
        int i = caller.next();
        switch (i % 3) {
            case 0:
                state.bench.increment(i);
                caller.lines++;
                break;
            case 1:
                if (state.bench.gauge(i, i)) {
                    caller.lines++;
                }
                break;
            default:
                state.bench.timing(i, i & 63);
                caller.lines++;
        }
    }
}
