package io.github.statsd.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.statsd.Protocol;
import io.github.statsd.StatsdClient;
import io.github.statsd.StatsdConfig;
import io.github.statsd.StatsdStats;
import io.github.statsd.testing.TcpReceiver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** What happens to metrics recorded before, and while, the client closes. */
class ShutdownTest {

    @Test
    void backlogTheServerCannotTakeInTimeIsCountedAsDroppedOnClose() throws Exception {
        Duration closeTimeout = Duration.ofMillis(500);
        try (SlowServer server = new SlowServer()) {
            StatsdClient client = StatsdClient.create(StatsdConfig.builder()
                    .host("127.0.0.1")
                    .port(server.port())
                    .protocol(Protocol.TCP)
                    .queueCapacity(2_048)
                    .flushInterval(Duration.ofSeconds(30))
                    .closeTimeout(closeTimeout)
                    .build());
            // about 12 MB of lines: more than the socket buffers hold and the server reads in the close timeout
            int calls = 500_000;
            for (int i = 0; i < calls; i++) {
                client.count("backlog.metric", i);
            }
            assertThat(client.stats().droppedQueueFull())
                    .as("the queue holds the whole backlog")
                    .isZero();

            Thread closer = new Thread(client::close, "test-closer");
            closer.start();
            // a bound on a hang, not a timing assertion
            await().atMost(closeTimeout.plusSeconds(10)).until(() -> !closer.isAlive());
            StatsdStats stats = client.stats();

            assertThat(stats.sent() + stats.dropped()).isEqualTo(calls);
            assertThat(stats.sent()).as("delivered while closing").isPositive();
            assertThat(stats.droppedClosed())
                    .as("still queued when the close timeout ran out")
                    .isPositive();
            assertThat(stats.droppedQueueFull() + stats.droppedInvalid() + stats.droppedOversize())
                    .isZero();
            assertThat(server.lineCount()).isLessThanOrEqualTo(stats.sent());
            System.out.println("slow server close: " + stats);
        }
    }

    @Test
    void closeReturnsOnceDrainedEvenWhenTheFlushIntervalIsLong() throws Exception {
        try (TcpReceiver receiver = TcpReceiver.start()) {
            StatsdClient client = StatsdClient.create(StatsdConfig.builder()
                    .host("127.0.0.1")
                    .port(receiver.port())
                    .protocol(Protocol.TCP)
                    .flushInterval(Duration.ofMinutes(1))
                    .closeTimeout(Duration.ofMinutes(1))
                    .build());
            // fill a packet, so that the sender is connected and idle (waiting for the next one) when close() comes
            int calls = 1_000;
            for (int i = 0; i < calls; i++) {
                client.increment("last.words");
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> client.stats().sent() > 0);

            Thread closer = new Thread(client::close, "test-closer");
            closer.start();
            // not a timing assertion: a bound far below the flush interval and the close timeout, which is what an
            // idle sender would otherwise sleep through before noticing the close
            await().atMost(Duration.ofSeconds(15)).until(() -> !closer.isAlive());

            assertThat(client.stats().sent()).isEqualTo(calls);
            await().atMost(Duration.ofSeconds(5)).until(() -> receiver.lines().size() == calls);
        }
    }

    @Test
    void metricsRecordedWhileClosingAreSentOrCountedAsClosed() throws Exception {
        try (TcpReceiver receiver = TcpReceiver.startCounting()) {
            StatsdClient client = StatsdClient.create(StatsdConfig.builder()
                    .host("127.0.0.1")
                    .port(receiver.port())
                    .protocol(Protocol.TCP)
                    .queueCapacity(64)
                    .closeTimeout(Duration.ofSeconds(5))
                    .build());
            int threads = 4;
            AtomicLong calls = new AtomicLong();
            CountDownLatch running = new CountDownLatch(threads);
            List<Thread> callers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Thread caller = new Thread(
                        () -> {
                            running.countDown();
                            // keep recording until well after close() has returned
                            long n = 0;
                            while (!(client.stats().droppedClosed() > 10_000)) {
                                for (int i = 0; i < 100; i++) {
                                    client.increment("racing");
                                }
                                n += 100;
                            }
                            calls.addAndGet(n);
                        },
                        "test-racer-" + t);
                callers.add(caller);
                caller.start();
            }
            running.await();
            await().atMost(Duration.ofSeconds(10)).until(() -> client.stats().sent() > 10_000);
            client.close();
            for (Thread caller : callers) {
                caller.join();
            }
            StatsdStats stats = client.stats();

            assertThat(stats.sent() + stats.dropped()).isEqualTo(calls.get());
            assertThat(stats.droppedIoError() + stats.droppedInvalid() + stats.droppedOversize())
                    .isZero();
            await().atMost(Duration.ofSeconds(15))
                    .untilAsserted(() -> assertThat(receiver.lineCount()).isEqualTo(stats.sent()));
        }
    }
}
