package io.github.statsd.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.statsd.Flavor;
import io.github.statsd.StatsdClient;
import io.github.statsd.StatsdStats;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** close(): the polled meters are published once more, and only a client the registry made is closed. */
class CloseTest {

    @Test
    void closePublishesPolledMetersOnceAndSendsEverythingRecordedBefore() throws Exception {
        try (LineReceiver receiver = LineReceiver.start()) {
            StatsdClientMeterRegistry registry = Wire.closing(receiver, Flavor.DATADOG);
            AtomicInteger size = registry.gauge("queue.size", new AtomicInteger(42));
            AtomicLong requests = new AtomicLong(5);
            FunctionCounter.builder("requests", requests, AtomicLong::get).register(registry);
            Counter counter = registry.counter("orders");
            Timer timer = registry.timer("latency");
            for (int i = 0; i < 500; i++) {
                counter.increment();
                timer.record(i, TimeUnit.MILLISECONDS);
            }

            registry.close();
            registry.close();

            StatsdStats stats = registry.client().stats();
            List<String> lines = receiver.afterSent(stats.packetsSent());
            assertThat(lines).filteredOn(l -> l.startsWith("orders:")).hasSize(500);
            assertThat(lines).filteredOn(l -> l.startsWith("latency:")).hasSize(500);
            assertThat(lines)
                    .filteredOn(l -> l.startsWith("queue.size:"))
                    .containsExactly("queue.size:42|g|#statistic:value");
            assertThat(lines)
                    .filteredOn(l -> l.startsWith("requests:"))
                    .containsExactly("requests:5|c|#statistic:count");
            assertThat(stats.sent()).isEqualTo(1002);
            assertThat(stats.dropped()).isZero();
            assertThat(size).hasValue(42);
        }
    }

    @Test
    void aClientTheRegistryMadeIsClosedWithIt() throws Exception {
        try (LineReceiver receiver = LineReceiver.start()) {
            StatsdClientMeterRegistry registry = Wire.closing(receiver, Flavor.DATADOG);
            registry.close();

            registry.client().increment("after");

            assertThat(registry.isClosed()).isTrue();
            assertThat(registry.client().stats().droppedClosed()).isEqualTo(1);
        }
    }

    @Test
    void aClientTheCallerOwnsStaysOpen() throws Exception {
        try (LineReceiver receiver = LineReceiver.start();
                StatsdClient client =
                        StatsdClient.create(Wire.udp(receiver, Flavor.DATADOG).build())) {
            StatsdClientMeterRegistry registry = new StatsdClientMeterRegistry(client);
            registry.gauge("queue.size", new AtomicInteger(1));
            registry.close();

            client.increment("after");

            // the poller's last publish and the caller's line travel in packets of their own, in either order
            receiver.awaitLine("after:1|c");
            receiver.awaitLine("queue.size:1|g|#statistic:value");
            assertThat(client.stats().droppedClosed()).isZero();
        }
    }
}
