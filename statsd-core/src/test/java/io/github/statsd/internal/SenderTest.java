package io.github.statsd.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.statsd.StatsdClient;
import io.github.statsd.StatsdConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What a sender packs from deferred calls (its own packet) goes out in the order the calls were made, before a later
 * packet of lines, before a flush returns, and at close, whichever sender packed it. A line sink (run on the sender
 * thread) holds the senders where a test needs them: no timing.
 */
@Timeout(60)
class SenderTest {

    /** Records per packet with these settings: 4 datagrams x 1432 / 12 bytes. */
    private static final int RECORDS_PER_PACKET = 476;

    private static StatsdConfig.Builder config(int senders) {
        return StatsdConfig.builder()
                .senderThreads(senders)
                .maxPacketSize(1_432)
                .queueCapacity(64)
                // no periodic flush during a test: only what the test does hands packets over
                .flushInterval(Duration.ofMinutes(10));
    }

    @Test
    void whatASenderPackedFromDeferredCallsGoesOutBeforeALaterPacketOfLines() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        CountDownLatch blocked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean first = new AtomicBoolean(true);
        Consumer<String> sink = line -> {
            lines.add(line);
            if (first.compareAndSet(true, false)) {
                blocked.countDown();
                await(release);
            }
        };
        int calls = 3 * RECORDS_PER_PACKET + 2_000;
        StatsdClient client = StatsdClient.create(config(1).build(), sink);
        try {
            int i = 0;
            // a full packet of deferred calls, handed over by the next call: the sender packs it, and stops in the
            // sink at the first datagram of its own packet
            for (; i <= RECORDS_PER_PACKET; i++) {
                client.count("n", i);
            }
            assertThat(blocked.await(10, TimeUnit.SECONDS)).isTrue();
            // the queue backs up meanwhile: after a packet or two of deferred calls, the caller encodes lines itself
            for (; i < calls; i++) {
                client.count("n", i);
            }
        } finally {
            release.countDown();
            client.close();
        }
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            expected.add("n:" + i + "|c");
        }
        assertThat(client.stats().dropped()).isZero();
        assertThat(lines).containsExactlyElementsOf(expected);
    }

    /**
     * Both senders pack a full packet of deferred calls, each keeping some lines of it in its own packet; the
     * part-filled packet handed over by the flush or the close reaches only one of them.
     */
    private static StatsdClient twoSendersWithPackedLines(List<String> lines) throws Exception {
        CyclicBarrier bothInSink = new CyclicBarrier(2);
        Set<Thread> arrived = ConcurrentHashMap.newKeySet();
        Consumer<String> sink = line -> {
            lines.add(line);
            if (arrived.add(Thread.currentThread())) {
                try {
                    // the first sender waits in the sink until the second one took the second packet
                    bothInSink.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (BrokenBarrierException | TimeoutException e) {
                    throw new AssertionError("the second sender never sent", e);
                }
            }
        };
        StatsdClient client = StatsdClient.create(config(2).build(), sink);
        // 476 lines "ab:1|c" fill the sender's own datagram twice (204 each) and leave 68 in it
        for (int i = 0; i < 2 * RECORDS_PER_PACKET + 1; i++) {
            client.count("ab", 1);
        }
        Loopback.await(() -> arrived.size() == 2);
        return client;
    }

    @Test
    void aFlushReturnsOnlyWhenEverySenderHasSentWhatItPacked() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        StatsdClient client = twoSendersWithPackedLines(lines);
        try {
            assertThat(client.flush()).isTrue();
            assertThat(lines).hasSize(2 * RECORDS_PER_PACKET + 1).containsOnly("ab:1|c");
        } finally {
            client.close();
        }
    }

    @Test
    void closeSendsWhatEverySenderPacked() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        StatsdClient client = twoSendersWithPackedLines(lines);
        client.close();

        assertThat(client.stats().droppedClosed()).isZero();
        assertThat(client.stats().sent()).isEqualTo(2 * RECORDS_PER_PACKET + 1);
        assertThat(lines).hasSize(2 * RECORDS_PER_PACKET + 1).containsOnly("ab:1|c");
    }

    @Test
    void aPacketOfSeveralDatagramsThatCannotBeSentByTheCloseDeadlineIsCountedWhole() {
        // Graphite's lines are encoded by the callers into packets of several datagrams; the host never resolves, so
        // the sender holds the first packet, reconnecting, until close() gives up on it
        io.github.statsd.GraphiteClient client =
                io.github.statsd.GraphiteClient.create(io.github.statsd.GraphiteConfig.builder()
                        .host("statsd.invalid")
                        .protocol(io.github.statsd.Protocol.UDP)
                        .maxPacketSize(64)
                        .queueCapacity(64)
                        .closeTimeout(Duration.ofMillis(200))
                        .errorHandler(e -> {})
                        .build());
        int calls = 200;
        for (int i = 0; i < calls; i++) {
            client.send("a.b", i, 1_700_000_000L);
        }
        client.close();

        io.github.statsd.StatsdStats stats = client.stats();
        assertThat(stats.sent()).isZero();
        assertThat(stats.dropped()).isEqualTo(calls);
        assertThat(stats.droppedClosed() + stats.droppedQueueFull()).isEqualTo(calls);
    }

    @Test
    void closeKeepsReconnectingUntilItsTimeoutAndSendsToAServerThatCameBack() throws Exception {
        List<Exception> errors = new CopyOnWriteArrayList<>();
        try (io.github.statsd.testing.TcpReceiver receiver = io.github.statsd.testing.TcpReceiver.start()) {
            StatsdClient client = StatsdClient.create(StatsdConfig.builder()
                    .host("127.0.0.1")
                    .port(receiver.port())
                    .protocol(io.github.statsd.Protocol.TCP)
                    .flushInterval(Duration.ofMillis(10))
                    .closeTimeout(Duration.ofSeconds(30))
                    .errorHandler(errors::add)
                    .build());
            client.increment("before");
            Loopback.await(() -> receiver.lines().contains("before:1|c"));
            receiver.stop();
            // probes until the sender has found the server gone (a write into the closed connection may be lost)
            Loopback.await(() -> {
                client.increment("probe");
                return errors.stream().anyMatch(e -> e instanceof java.net.ConnectException);
            });
            for (int i = 0; i < 10; i++) {
                client.increment("held");
            }

            Thread closing = new Thread(client::close, "test-closing");
            closing.start();
            Loopback.await(() -> java.util.Arrays.stream(closing.getStackTrace())
                    .anyMatch(f -> f.getMethodName().equals("joinUntil")));
            // a reconnect has failed while close() waits: the sender must go on trying until the close timeout
            int seen = errors.size();
            Loopback.await(() -> errors.size() > seen);
            receiver.restart();
            closing.join(TimeUnit.SECONDS.toMillis(40));

            assertThat(closing.isAlive()).isFalse();
            Loopback.await(
                    () -> receiver.lines().stream().filter("held:1|c"::equals).count() == 10);
            assertThat(client.stats().droppedClosed()).isZero();
            // the connection the server closed was found (and reported) before a reconnect was tried
            assertThat(errors).hasAtLeastOneElementOfType(StreamTransport.PeerClosedException.class);
        }
    }

    @Test
    void aSenderThatFailsInTheMiddleOfAPacketCountsEveryEntryOfIt() throws Exception {
        int port;
        try (java.net.DatagramSocket closed = new java.net.DatagramSocket(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0))) {
            port = closed.getLocalPort();
        }
        AtomicBoolean thrown = new AtomicBoolean();
        // nobody listens: after the first datagram, a write fails (port unreachable), and the handler throws an Error,
        // which ends the sender in the middle of a packet of several datagrams
        io.github.statsd.GraphiteClient client =
                io.github.statsd.GraphiteClient.create(io.github.statsd.GraphiteConfig.builder()
                        .host("127.0.0.1")
                        .port(port)
                        .protocol(io.github.statsd.Protocol.UDP)
                        .maxPacketSize(64)
                        .queueCapacity(64)
                        .errorHandler(e -> {
                            if (thrown.compareAndSet(false, true)) {
                                throw new AssertionError("the handler fails", e);
                            }
                        })
                        .build());
        int calls = 200;
        try {
            for (int i = 0; i < calls; i++) {
                client.send("a.b", i, 1_700_000_000L);
            }
            Loopback.await(() -> client.senderStatus().failed() == 1);
        } finally {
            client.close();
        }
        io.github.statsd.StatsdStats stats = client.stats();
        assertThat(stats.droppedSenderFailed()).isPositive();
        assertThat(stats.sent() + stats.dropped()).isEqualTo(calls);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A bounded wait without Awaitility's thread: the condition is read often, for at most 10 s. */
    private static final class Loopback {
        static void await(java.util.concurrent.Callable<Boolean> condition) throws Exception {
            org.awaitility.Awaitility.await()
                    .atMost(Duration.ofSeconds(10))
                    .pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(5))
                    .until(condition);
        }
    }
}
