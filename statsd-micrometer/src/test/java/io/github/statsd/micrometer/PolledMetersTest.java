package io.github.statsd.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.statsd.Flavor;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.TimeGauge;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Gauges, function meters and long task timers: read and sent at each step, on the registry's poll thread. */
class PolledMetersTest {

    private LineReceiver receiver;
    private StatsdClientMeterRegistry registry;

    @BeforeEach
    void start() throws Exception {
        receiver = LineReceiver.start();
        registry = StatsdClientMeterRegistry.builder(
                        Wire.udp(receiver, Flavor.DATADOG).build())
                .step(Wire.FAST)
                .build();
    }

    @AfterEach
    void stop() {
        registry.close();
        receiver.close();
    }

    @Test
    void gaugesAndTimeGaugesAreSentAtEachStep() {
        AtomicInteger queue = registry.gauge("queue.size", new AtomicInteger(7));
        AtomicLong uptime = new AtomicLong(2);
        TimeGauge.builder("uptime", uptime, TimeUnit.SECONDS, AtomicLong::get).register(registry);

        receiver.awaitLine("queue.size:7|g|#statistic:value");
        receiver.awaitLine("uptime:2000|g|#statistic:value");
        queue.set(-3);
        receiver.awaitLine("queue.size:-3|g|#statistic:value");
    }

    @Test
    void functionCountersSendTheirIncrease() {
        AtomicLong requests = new AtomicLong(5);
        FunctionCounter.builder("requests", requests, AtomicLong::get).register(registry);

        receiver.awaitLine("requests:5|c|#statistic:count");
        requests.set(9);
        receiver.awaitLine("requests:4|c|#statistic:count");
    }

    @Test
    void functionTimersSendTheIncreaseOfCountAndTotalTime() {
        AtomicLong count = new AtomicLong(3);
        AtomicLong totalSeconds = new AtomicLong(12);
        FunctionTimer.builder("jobs", count, AtomicLong::get, c -> totalSeconds.get(), TimeUnit.SECONDS)
                .register(registry);

        receiver.awaitLine("jobs:3|c|#statistic:count");
        receiver.awaitLine("jobs:12000|c|#statistic:total");
        count.set(4);
        totalSeconds.set(13);
        receiver.awaitLine("jobs:1|c|#statistic:count");
        receiver.awaitLine("jobs:1000|c|#statistic:total");
    }

    @Test
    void longTaskTimersSendActiveTasksAndDurations() {
        LongTaskTimer timer = LongTaskTimer.builder("batch").register(registry);
        LongTaskTimer.Sample task = timer.start();

        receiver.awaitLine("batch:1|g|#statistic:active");
        receiver.awaitMatching(l -> l.matches("batch:[0-9.]+\\|g\\|#statistic:duration"));
        receiver.awaitMatching(l -> l.matches("batch:[0-9.]+\\|g\\|#statistic:max"));
        task.stop();
        receiver.awaitLine("batch:0|g|#statistic:active");
    }

    @Test
    void pollsRunOnTheRegistrysDaemonThread() {
        Set<Thread> readers = ConcurrentHashMap.newKeySet();
        Gauge.builder("reads", () -> {
                    readers.add(Thread.currentThread());
                    return 1;
                })
                .register(registry);

        receiver.awaitLine("reads:1|g|#statistic:value");
        registry.close();

        assertThat(readers)
                .isNotEmpty()
                .allSatisfy(t -> assertThat(t.getName()).matches("statsd-micrometer-poll-\\d+"))
                .allSatisfy(t -> assertThat(t.isDaemon()).isTrue())
                .doesNotContain(Thread.currentThread());
    }

    @Test
    void aGaugeWhoseObjectWasCollectedIsPolledNoMore() {
        Gauge.builder("weak", new Object(), o -> 1).register(registry);
        assertThat(registry.polledMeters()).isEqualTo(1);

        LineReceiver.awaiting().until(() -> {
            System.gc();
            return registry.polledMeters() == 0;
        });
    }

    @Test
    void aRemovedMeterIsPolledNoMore() {
        Gauge gauge = Gauge.builder("removed", () -> 1).register(registry);
        FunctionCounter counter = FunctionCounter.builder("kept", new AtomicLong(1), AtomicLong::get)
                .register(registry);
        assertThat(registry.polledMeters()).isEqualTo(2);

        registry.remove(gauge);

        assertThat(registry.polledMeters()).isEqualTo(1);
        assertThat(registry.find("kept").functionCounter()).isSameAs(counter);
    }

    @Test
    void nanAndFailingValuesAreSkippedAndCounted() {
        Gauge.builder("nan", () -> Double.NaN).register(registry);
        Gauge.builder("fails", () -> {
                    throw new IllegalStateException("no value");
                })
                .register(registry);
        // registered last: once it is on the wire, the two above were polled
        Gauge.builder("marker", () -> 1).register(registry);

        receiver.awaitLine("marker:1|g|#statistic:value");

        assertThat(registry.skippedValues()).isGreaterThanOrEqualTo(2);
        assertThat(receiver.lines()).allMatch(l -> l.startsWith("marker:"));
        assertThat(registry.client().stats().droppedInvalid()).isZero();
        // still polled: a gauge's function may have a value later
        assertThat(registry.polledMeters()).isEqualTo(3);
    }
}
