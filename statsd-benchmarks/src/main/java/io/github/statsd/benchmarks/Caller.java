package io.github.statsd.benchmarks;

import java.lang.management.ManagementFactory;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.infra.ThreadParams;
import org.openjdk.jmh.runner.IterationType;

/** Per benchmark thread: the next name to use and how many lines this thread's calls should produce. */
@State(Scope.Thread)
public class Caller {

    private int index;
    /** Calls that produce a line, counted by the benchmark method (plain field: one writer). */
    long lines;
    /** {@link #lines} as of the end of the last iteration, for the trial summary. */
    volatile long published;
    /** Calls and bytes this thread allocated during measurement iterations. */
    volatile long measuredCalls;

    volatile long measuredBytes;
    private long iterationStartCalls;
    private long iterationStartBytes;
    private boolean measuring;
    /** Call durations this thread timed itself during measurement iterations (paced benchmark only). */
    final LatencyHistogram latency = new LatencyHistogram();

    /**
     * Joins the trial's client state and starts each thread at a different name.
     *
     * @param state the client state
     * @param thread this thread
     */
    @Setup(Level.Trial)
    public void join(ClientState state, ThreadParams thread) {
        index = (thread.getThreadIndex() * 500) % Workload.NAMES;
        state.register(this);
    }

    /**
     * Notes this thread's allocated bytes before a measurement iteration.
     *
     * @param iteration the iteration about to run
     */
    @Setup(Level.Iteration)
    public void startIteration(IterationParams iteration) {
        measuring = iteration.getType() == IterationType.MEASUREMENT;
        iterationStartCalls = lines;
        iterationStartBytes = allocatedBytes();
    }

    /** Publishes the counts. */
    @TearDown(Level.Iteration)
    public void publish() {
        if (measuring) {
            measuredBytes += allocatedBytes() - iterationStartBytes;
            measuredCalls += lines - iterationStartCalls;
        }
        published = lines;
    }

    /** Bytes allocated by the calling thread so far (HotSpot), or -1. */
    static long allocatedBytes() {
        java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        if (mx instanceof com.sun.management.ThreadMXBean) {
            return ((com.sun.management.ThreadMXBean) mx)
                    .getThreadAllocatedBytes(Thread.currentThread().getId());
        }
        return -1;
    }

    /**
     * Records one call's duration, during measurement iterations only.
     *
     * @param nanos how long the call took
     */
    void time(long nanos) {
        if (measuring) {
            latency.record(nanos);
        }
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
