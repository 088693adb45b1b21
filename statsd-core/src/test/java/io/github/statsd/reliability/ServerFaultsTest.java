package io.github.statsd.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.statsd.Protocol;
import io.github.statsd.StatsdClient;
import io.github.statsd.StatsdConfig;
import io.github.statsd.StatsdStats;
import io.github.statsd.testing.TcpReceiver;
import io.github.statsd.testing.UdpReceiver;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/** Servers that are down, die, come back, or hang: the client delivers when it can and counts what it cannot. */
class ServerFaultsTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    @Test
    void udpClientDeliversOnceTheServerAppears() throws Exception {
        int port;
        try (UdpReceiver probe = UdpReceiver.start()) {
            port = probe.port();
        }
        long calls = 0;
        StatsdClient client = StatsdClient.create(StatsdConfig.builder()
                .host("127.0.0.1")
                .port(port)
                .flushInterval(Duration.ofMillis(20))
                .closeTimeout(Duration.ofSeconds(2))
                .build());
        try {
            // nothing listens: datagrams vanish (or the kernel reports the port unreachable, a counted I/O drop)
            for (int i = 0; i < 50; i++) {
                client.increment("early");
                calls++;
            }
            try (UdpReceiver receiver = UdpReceiver.start(port)) {
                long[] probes = {0};
                await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> {
                    client.increment("probe");
                    probes[0]++;
                    return receiver.lines().contains("probe:1|c");
                });
                calls += probes[0];
                for (int i = 0; i < 100; i++) {
                    client.increment("late");
                }
                calls += 100;
                client.close();
                StatsdStats stats = client.stats();

                assertThat(stats.sent() + stats.dropped()).isEqualTo(calls);
                await().atMost(WAIT).untilAsserted(() -> assertThat(receiver.lines().stream()
                                .filter("late:1|c"::equals)
                                .count())
                        .isEqualTo(100));
                // datagrams sent before the server was bound are counted as sent but lost: UDP cannot know
                assertThat((long) receiver.lines().size()).isLessThanOrEqualTo(stats.sent());
            }
        } finally {
            client.close();
        }
    }

    @Test
    void tcpClientQueuesWhileTheServerIsDownAndDeliversWhenItComesUp() throws Exception {
        try (TcpReceiver receiver = TcpReceiver.start()) {
            receiver.stop();
            Socket holder = holdPort(receiver.port());
            int queueCapacity = 4;
            int calls = 5_000;
            List<Exception> errors = new CopyOnWriteArrayList<>();
            StatsdClient client = StatsdClient.create(StatsdConfig.builder()
                    .host("127.0.0.1")
                    .port(receiver.port())
                    .protocol(Protocol.TCP)
                    .maxPacketSize(256)
                    .queueCapacity(queueCapacity)
                    .connectTimeout(Duration.ofMillis(500))
                    .closeTimeout(Duration.ofSeconds(5))
                    .errorHandler(errors::add)
                    .build());
            try {
                // first the sender gets a (flushed) packet and holds it, retrying the connection with backoff
                client.increment("down");
                await().atMost(WAIT).until(() -> errors.size() >= 2);
                for (int i = 1; i < calls; i++) {
                    client.increment("down");
                }
                // then the queue fills, and the rest is counted
                await().atMost(WAIT).untilAsserted(() -> assertThat(client.stats())
                        .extracting(StatsdStats::queuedPackets)
                        .as("%s", client.stats())
                        .isEqualTo(queueCapacity));
                StatsdStats whileDown = client.stats();
                assertThat(whileDown.sent()).isZero();
                assertThat(whileDown.droppedQueueFull()).isPositive();

                holder.close();
                receiver.restart();
                await().atMost(WAIT).until(() -> client.stats().sent() > 0);
            } finally {
                client.close();
            }
            StatsdStats stats = client.stats();

            assertThat(stats.sent() + stats.dropped()).isEqualTo(calls);
            // a queued 256-byte packet holds 28 lines of "down:1|c\n", or 21 calls kept as records (one per 12 bytes):
            // at least the queued packets (and the one the sender held) must arrive
            assertThat(stats.sent()).isGreaterThanOrEqualTo(queueCapacity * 21L + 1);
            await().atMost(WAIT)
                    .untilAsserted(
                            () -> assertThat((long) receiver.lines().size()).isEqualTo(stats.sent()));
            assertThat(receiver.lines()).containsOnly("down:1|c");
        }
    }

    @Test
    void tcpClientRecoversWhenTheServerIsKilledMidStreamAndRestarted() throws Exception {
        try (TcpReceiver receiver = TcpReceiver.start()) {
            StatsdClient client = StatsdClient.create(StatsdConfig.builder()
                    .host("127.0.0.1")
                    .port(receiver.port())
                    .protocol(Protocol.TCP)
                    .queueCapacity(16)
                    .connectTimeout(Duration.ofMillis(500))
                    .closeTimeout(Duration.ofSeconds(5))
                    .build());
            AtomicBoolean streaming = new AtomicBoolean(true);
            AtomicLong streamed = new AtomicLong();
            Thread streamer = new Thread(
                    () -> {
                        while (streaming.get()) {
                            for (int i = 0; i < 10; i++) {
                                client.increment("stream");
                            }
                            streamed.addAndGet(10);
                            LockSupport.parkNanos(50_000); // a steady stream, not a flood
                        }
                    },
                    "test-streamer");
            long calls;
            try {
                streamer.start();
                await().atMost(WAIT).until(() -> receiver.lines().size() > 1_000);

                receiver.stop();
                await().atMost(WAIT).until(() -> client.stats().droppedQueueFull() > 0);
                receiver.restart();
                await().atMost(WAIT).until(() -> receiver.acceptedConnections() >= 2);
                int before = receiver.lines().size();
                await().atMost(WAIT).until(() -> receiver.lines().size() > before + 1_000);

                streaming.set(false);
                streamer.join();
                for (int i = 0; i < 100; i++) {
                    client.increment("after");
                }
                calls = streamed.get() + 100;
            } finally {
                streaming.set(false);
                client.close();
            }
            StatsdStats stats = client.stats();

            assertThat(stats.sent() + stats.dropped()).isEqualTo(calls);
            await().atMost(WAIT).untilAsserted(() -> assertThat(receiver.lines().stream()
                            .filter("after:1|c"::equals)
                            .count())
                    .isEqualTo(100));
            // lines written into the connection the server dropped are counted as sent but were never read: TCP
            // acknowledges bytes to the kernel, not to the application
            assertThat((long) receiver.lines().size()).isLessThanOrEqualTo(stats.sent());
        }
    }

    /**
     * Keeps a stopped server's port bound, without listening, so that connections to it are refused. Left free, the
     * port could meanwhile be taken by another process on a busy CI machine, or be picked by the kernel as the client's
     * own ephemeral port, connecting the client to itself (TCP simultaneous open).
     */
    static Socket holdPort(int port) throws IOException {
        Socket holder = new Socket();
        holder.setReuseAddress(true);
        holder.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        return holder;
    }

    @Test
    void serverThatNeverReadsNeitherBlocksCallersNorClose() throws Exception {
        neverReadingServer(Duration.ofMillis(200));
    }

    @Test
    void serverThatNeverReadsDoesNotHangCloseWithoutSendTimeout() throws Exception {
        neverReadingServer(Duration.ZERO);
    }

    private static void neverReadingServer(Duration sendTimeout) throws Exception {
        Duration closeTimeout = Duration.ofSeconds(1);
        try (NonReadingServer server = new NonReadingServer()) {
            List<Exception> errors = new CopyOnWriteArrayList<>();
            StatsdClient client = StatsdClient.create(StatsdConfig.builder()
                    .host("127.0.0.1")
                    .port(server.port())
                    .protocol(Protocol.TCP)
                    .queueCapacity(4)
                    .sendTimeout(sendTimeout)
                    .closeTimeout(closeTimeout)
                    .errorHandler(errors::add)
                    .build());
            AtomicLong calls = new AtomicLong();
            AtomicLong slowestCallNanos = new AtomicLong();
            boolean expectTimeouts = !sendTimeout.isZero();
            // call until the stall shows: a send timeout (when set), else a full queue behind a stalled write
            Thread caller = new Thread(
                    () -> {
                        long limit = 50_000_000;
                        while (calls.get() < limit) {
                            for (int i = 0; i < 1_000; i++) {
                                long t0 = System.nanoTime();
                                client.count("stall", i);
                                slowestCallNanos.accumulateAndGet(System.nanoTime() - t0, Math::max);
                            }
                            calls.addAndGet(1_000);
                            StatsdStats s = client.stats();
                            if (expectTimeouts ? s.droppedIoError() > 0 : stalled(s)) {
                                return;
                            }
                        }
                    },
                    "test-caller");
            caller.start();
            // a bound on a hang, not a timing assertion: every call returns, so the loop ends
            await().atMost(Duration.ofSeconds(60)).until(() -> !caller.isAlive());
            StatsdStats beforeClose = client.stats();
            assertThat(calls.get()).isLessThan(50_000_000);
            if (expectTimeouts) {
                assertThat(beforeClose.droppedIoError()).isPositive();
                // the sender reconnects for the next packet it writes: wait for the server to accept it
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(server.acceptedConnections())
                        .as("reconnects after a timed-out write")
                        .isGreaterThan(1));
            }

            int errorsBeforeClose = errors.size();
            Thread closer = new Thread(client::close, "test-closer");
            closer.start();
            await().atMost(closeTimeout.plusSeconds(10)).until(() -> !closer.isAlive());
            StatsdStats stats = client.stats();

            assertThat(stats.sent() + stats.dropped()).isEqualTo(calls.get());
            // close() aborting the stalled write once its timeout ran out is ours: no error of the server's
            assertThat(errors.subList(errorsBeforeClose, errors.size()))
                    .as("errors reported during close")
                    .isEmpty();
            System.out.printf(
                    "never-reading server, sendTimeout %s: %d calls, slowest %d us, %s%n",
                    sendTimeout, calls.get(), slowestCallNanos.get() / 1_000, stats);
        }
    }

    /** The sender is stuck on a write: nothing more is sent and the queue is full. */
    private static boolean stalled(StatsdStats s) {
        return s.queuedPackets() == 4 && s.droppedQueueFull() > 1_000_000;
    }
}
