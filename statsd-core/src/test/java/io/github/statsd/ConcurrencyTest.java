package io.github.statsd;

import static io.github.statsd.Loopback.awaiting;
import static io.github.statsd.Loopback.awaitingQuietly;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.statsd.testing.KernelUdpStats;
import io.github.statsd.testing.TcpReceiver;
import io.github.statsd.testing.UdpReceiver;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Many threads at once: every call is counted exactly once, and what is counted as sent arrived. */
class ConcurrencyTest {

    private static final int THREADS = 8;
    private static final int PER_THREAD = 100_000;
    private static final long CALLS = (long) THREADS * PER_THREAD;

    /** Runs {@link #PER_THREAD} calls on each of {@link #THREADS} threads, started together. */
    private static void hammer(StatsdClient client) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            String name = "load.t" + t;
            String[] tags = {"thread:" + t};
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                    for (int i = 0; i < PER_THREAD; i++) {
                        switch (i & 3) {
                            case 0 -> client.increment(name, tags);
                            case 1 -> client.gauge(name, i, tags);
                            case 2 -> client.timing(name, i & 1023, tags);
                            default -> client.set(name, i, tags);
                        }
                    }
                } catch (Throwable e) {
                    failure.set(e);
                }
            });
            threads.add(thread);
            thread.start();
        }
        start.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(failure.get()).isNull();
    }

    @Test
    void everyCallIsSentOrCountedAsDroppedOverUdp() throws Exception {
        try (UdpReceiver receiver = UdpReceiver.startCounting()) {
            long kernelDropsBefore = KernelUdpStats.receiveBufferErrors();
            StatsdClient client = StatsdClient.create(Loopback.udp(receiver).build());
            hammer(client);
            client.close();

            StatsdStats stats = client.stats();
            assertThat(stats.sent() + stats.dropped()).as(stats::toString).isEqualTo(CALLS);
            assertThat(stats.droppedInvalid() + stats.droppedOversize() + stats.droppedClosed())
                    .isZero();
            assertThat(stats.sent()).isPositive();
            assertThat(stats.queuedPackets()).isZero();
            // UDP has no flow control: when the receiving socket's buffer overflows (a starved receiver thread on a
            // busy 2-core machine) the kernel drops datagrams the client did send. Only then is received < sent.
            if (awaitingQuietly(() -> receiver.lineCount() >= stats.sent())) {
                assertThat(receiver.lineCount()).as(stats::toString).isEqualTo(stats.sent());
            } else {
                assertThat(KernelUdpStats.receiveBufferErrors())
                        .as(
                                "lines missing (%d of %d) though the kernel dropped no datagram",
                                stats.sent() - receiver.lineCount(), stats.sent())
                        .isGreaterThan(kernelDropsBefore);
                assertThat(receiver.lineCount()).isLessThan(stats.sent());
            }
        }
    }

    @Test
    void everyCallIsSentOrCountedAsDroppedOverTcpWithSeveralConnections() throws Exception {
        try (TcpReceiver receiver = TcpReceiver.start()) {
            StatsdClient client =
                    StatsdClient.create(Loopback.tcp(receiver).senderThreads(2).build());
            hammer(client);
            client.close();

            StatsdStats stats = client.stats();
            assertThat(stats.sent() + stats.dropped()).as(stats::toString).isEqualTo(CALLS);
            assertThat(stats.droppedInvalid() + stats.droppedOversize() + stats.droppedClosed())
                    .isZero();
            assertThat(stats.sent()).isPositive();
            awaiting().until(() -> receiver.lineCount() >= stats.sent());
            assertThat(receiver.lineCount()).as(stats::toString).isEqualTo(stats.sent());
            assertThat(receiver.acceptedConnections()).isEqualTo(2);
        }
    }
}
