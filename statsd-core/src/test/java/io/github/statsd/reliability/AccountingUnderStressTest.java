package io.github.statsd.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.statsd.Protocol;
import io.github.statsd.StatsdClient;
import io.github.statsd.StatsdConfig;
import io.github.statsd.StatsdStats;
import io.github.statsd.testing.TcpReceiver;
import io.github.statsd.testing.UdpReceiver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

/**
 * Many threads against a deliberately tiny queue: every call must end up exactly once in {@code sent} or in a
 * {@code dropped} count, and what the server receives must be what was counted as sent.
 *
 * <p>8 threads x {@value #CALLS_PER_THREAD} calls per protocol, as the issue asks: about 3 s per protocol on a 2-core
 * machine, because nearly every call is a cheap, counted queue-full drop.
 */
class AccountingUnderStressTest {

    static final int THREADS = 8;
    static final int CALLS_PER_THREAD = 1_000_000;
    static final int QUEUE_CAPACITY = 2;

    @Test
    void everyCallIsSentOrCountedOverTcp() throws Exception {
        try (TcpReceiver receiver = TcpReceiver.startCounting()) {
            StatsdStats stats = hammer(Protocol.TCP, receiver.port());

            assertEverySentOrDroppedForAFullQueue(stats);
            // TCP loses nothing between a written packet and the server: every line counted as sent arrives
            await().atMost(Duration.ofSeconds(20))
                    .untilAsserted(() -> assertThat(receiver.lineCount()).isEqualTo(stats.sent()));
        }
    }

    @Test
    void everyCallIsSentOrCountedOverUdp() throws Exception {
        try (UdpReceiver receiver = UdpReceiver.startCounting()) {
            StatsdStats stats = hammer(Protocol.UDP, receiver.port());

            assertEverySentOrDroppedForAFullQueue(stats);
            // A datagram that the kernel accepted is counted as sent, but the kernel may still drop it when the
            // receiver's socket buffer is full (UDP has no flow control). The receiver asks for an 8 MB buffer, so
            // on loopback this is rare, yet it is a property of the kernel, not of the client: exact equality is
            // asserted for TCP only, and here only that nothing arrives that was not counted as sent.
            awaitStable(receiver::lineCount, stats.sent());
            assertThat(receiver.lineCount()).isLessThanOrEqualTo(stats.sent());
            System.out.printf(
                    "UDP stress: sent %d, received %d, dropped %d%n",
                    stats.sent(), receiver.lineCount(), stats.dropped());
        }
    }

    /** Every call was sent or dropped, the tiny queue overflowed, and nothing was lost for another reason. */
    private static void assertEverySentOrDroppedForAFullQueue(StatsdStats stats) {
        assertThat(stats.sent() + stats.dropped()).isEqualTo((long) THREADS * CALLS_PER_THREAD);
        assertThat(stats.droppedQueueFull()).as("the tiny queue must overflow").isPositive();
        assertThat(stats.sent()).isPositive();
        assertThat(stats.droppedIoError() + stats.droppedInvalid() + stats.droppedOversize())
                .isZero();
    }

    private static StatsdStats hammer(Protocol protocol, int port) throws InterruptedException {
        StatsdClient client = StatsdClient.create(StatsdConfig.builder()
                .host("127.0.0.1")
                .port(port)
                .protocol(protocol)
                .queueCapacity(QUEUE_CAPACITY)
                .closeTimeout(Duration.ofSeconds(10))
                .build());
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            String name = "stress.thread" + t;
            String tag = "t:" + t;
            Thread thread = new Thread(
                    () -> {
                        try {
                            start.await();
                        } catch (InterruptedException e) {
                            return;
                        }
                        for (int i = 0; i < CALLS_PER_THREAD; i++) {
                            client.count(name, i & 7, tag);
                        }
                    },
                    "stress-caller-" + t);
            threads.add(thread);
            thread.start();
        }
        start.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        client.close();
        return client.stats();
    }

    /** Waits until the receiver has the expected count, or its count stops growing (then the caller asserts). */
    static void awaitStable(LongSupplier received, long expected) {
        long[] last = {-1};
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    long now = received.getAsLong();
                    boolean stable = now == last[0];
                    last[0] = now;
                    return now >= expected || stable;
                });
    }
}
