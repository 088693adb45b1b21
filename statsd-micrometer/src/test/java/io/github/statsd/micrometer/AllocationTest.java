package io.github.statsd.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.statsd.Flavor;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Timer;
import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The push meters' recording path reuses the name and tags encoded at registration: it allocates nothing per call. */
class AllocationTest {

    private static final int CALLS = 20_000;

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /**
     * Bytes this thread allocates per call of the task, after a warm-up of as many calls: the least of a few rounds, as
     * a per-call object shows in every round, and the client's occasional packet buffer in one.
     */
    private static double bytesPerCall(Runnable call) {
        for (int i = 0; i < CALLS; i++) {
            call.run();
        }
        double least = Double.MAX_VALUE;
        for (int round = 0; round < 5; round++) {
            long before = THREADS.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < CALLS; i++) {
                call.run();
            }
            least = Math.min(least, (THREADS.getCurrentThreadAllocatedBytes() - before) / (double) CALLS);
        }
        return least;
    }

    @Test
    void countersTimersAndSummariesAllocateNothingPerCall() throws Exception {
        try (LineReceiver receiver = LineReceiver.start()) {
            StatsdClientMeterRegistry registry = StatsdClientMeterRegistry.builder(
                            Wire.udp(receiver, Flavor.DATADOG).queueCapacity(16).build())
                    .build();
            Counter counter = registry.counter("orders", "region", "eu", "shop", "main");
            Timer timer = registry.timer("latency", "region", "eu", "shop", "main");
            DistributionSummary summary = registry.summary("size", "region", "eu", "shop", "main");

            assertThat(bytesPerCall(counter::increment)).isLessThan(1);
            assertThat(bytesPerCall(() -> timer.record(3, TimeUnit.MILLISECONDS)))
                    .isLessThan(1);
            assertThat(bytesPerCall(() -> summary.record(512))).isLessThan(1);
            registry.close();
        }
    }
}
