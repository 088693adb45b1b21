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

/**
 * Micrometer's meters, registered up front, under the same workload as {@link ClientBenchmark}:
 * {@code counter.increment()} and {@code timer.record()}, two threads, DATADOG over UDP to the counting receiver. Meant
 * for {@code -p client=oursMicrometer,micrometer}: statsd-micrometer's registry against micrometer-registry-statsd's.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
// as ClientBenchmark: C2 compiles the line-writing call only several seconds into a fork on 2 cores
@Warmup(iterations = 5, time = 3)
@Measurement(iterations = 3, time = 3)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+ExitOnOutOfMemoryError"})
public class MicrometerBenchmark {

    /**
     * {@code Counter.increment()} on the counter of each name in turn, two threads.
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
     * {@code Timer.record(amount, MILLISECONDS)} on the timer of each name in turn, two threads.
     *
     * @param state the client
     * @param caller this thread
     */
    @Benchmark
    @Threads(2)
    public void timer2T(ClientState state, Caller caller) {
        int i = caller.next();
        state.bench.timing(i, i & 63);
        caller.lines++;
    }
}
