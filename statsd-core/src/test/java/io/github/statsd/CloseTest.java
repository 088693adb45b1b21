package io.github.statsd;

import static io.github.statsd.Loopback.awaiting;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.statsd.testing.TcpReceiver;
import io.github.statsd.testing.UdpReceiver;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class CloseTest {

    /** Long enough that nothing is sent before close unless a packet fills up. */
    private static final Duration NO_FLUSH = Duration.ofSeconds(60);
    /** Generous bound on close() for tests where it must give up; far above the close timeouts used. */
    private static final Duration CLOSE_BOUND = Duration.ofSeconds(15);

    @Test
    void drainsEverythingQueuedOverTcp() throws Exception {
        int n = 20_000;
        try (TcpReceiver receiver = TcpReceiver.start()) {
            StatsdClient client = StatsdClient.create(
                    Loopback.tcp(receiver).flushInterval(NO_FLUSH).build());
            for (int i = 0; i < n; i++) {
                client.increment("hits");
            }
            client.close();

            assertThat(client.stats().sent()).isEqualTo(n);
            assertThat(client.stats().dropped()).isZero();
            assertThat(client.stats().queuedPackets()).isZero();
            awaiting().until(() -> receiver.lines().size() == n);
            assertThat(receiver.lines()).containsOnly("hits:1|c");
        }
    }

    @Test
    void drainsEverythingQueuedOverUdp() throws Exception {
        int n = 5_000;
        try (UdpReceiver receiver = UdpReceiver.start()) {
            StatsdClient client = StatsdClient.create(
                    Loopback.udp(receiver).flushInterval(NO_FLUSH).build());
            for (int i = 0; i < n; i++) {
                client.increment("hits");
            }
            client.close();

            assertThat(client.stats().sent()).isEqualTo(n);
            assertThat(Loopback.receivedAfterClose(receiver, client)).hasSize(n);
        }
    }

    @Test
    void countsMetricsGivenAfterCloseAsDroppedClosed() throws Exception {
        try (UdpReceiver receiver = UdpReceiver.start()) {
            StatsdClient client = StatsdClient.create(Loopback.udp(receiver).build());
            Batch batch = client.batch().count("b", 1).count("c", 2);
            StatsdClient.Timing timing = client.time("scope");
            client.close();

            assertThatCode(() -> {
                        client.increment("hits");
                        client.gauge("temp", 1.5);
                        client.set("users", "alice");
                        client.timing("latency", Duration.ofMillis(3));
                        client.time("task", () -> {});
                        timing.close();
                        batch.send();
                    })
                    .doesNotThrowAnyException();

            assertThat(client.stats().droppedClosed()).isEqualTo(8);
            assertThat(client.stats().sent()).isZero();
        }
    }

    @Test
    void closeIsIdempotent() throws Exception {
        try (UdpReceiver receiver = UdpReceiver.start()) {
            StatsdClient client = StatsdClient.create(Loopback.udp(receiver).build());
            client.increment("hits");
            client.close();
            StatsdStats once = client.stats();

            assertThatNoException().isThrownBy(client::close);
            assertThatNoException().isThrownBy(client::close);
            assertThat(client.stats()).isEqualTo(once);
            assertThat(once.sent()).isEqualTo(1);
        }
    }

    @Test
    void givesUpWithinTheCloseTimeoutWhenNothingListensAndCountsTheRest() throws Exception {
        int n = 500;
        StatsdClient client = StatsdClient.create(StatsdConfig.builder()
                .host("127.0.0.1")
                .port(freePort())
                .protocol(Protocol.TCP)
                .maxPacketSize(64)
                .connectTimeout(Duration.ofSeconds(30))
                .closeTimeout(Duration.ofMillis(300))
                .errorHandler(e -> {})
                .build());
        for (int i = 0; i < n; i++) {
            client.increment("lost");
        }

        assertTimeoutPreemptively(CLOSE_BOUND, client::close);

        StatsdStats stats = client.stats();
        assertThat(stats.sent()).isZero();
        assertThat(stats.sent() + stats.dropped()).isEqualTo(n);
        assertThat(stats.droppedClosed() + stats.droppedQueueFull()).isEqualTo(n);
    }

    @Test
    void givesUpWithinTheCloseTimeoutWhenTheServerStopsReading() throws Exception {
        // a listening socket that never accepts: connections complete, then the buffers fill and writes block
        try (ServerSocket stalled = new ServerSocket()) {
            stalled.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
            int n = 20_000;
            String name = "stalled." + "x".repeat(1000);
            StatsdClient client = StatsdClient.create(StatsdConfig.builder()
                    .host("127.0.0.1")
                    .port(stalled.getLocalPort())
                    .protocol(Protocol.TCP)
                    .closeTimeout(Duration.ofMillis(300))
                    .errorHandler(e -> {})
                    .build());
            for (int i = 0; i < n; i++) {
                client.increment(name);
            }

            assertTimeoutPreemptively(CLOSE_BOUND, client::close);

            StatsdStats stats = client.stats();
            assertThat(stats.sent() + stats.dropped()).as(stats.toString()).isEqualTo(n);
            assertThat(stats.droppedClosed() + stats.droppedIoError()).isPositive();
            assertThat(senderThreads()).isEmpty();
        }
    }

    @Test
    void endsItsSenderThreads() throws Exception {
        Set<Thread> before = senderThreads();
        try (UdpReceiver receiver = UdpReceiver.start()) {
            StatsdClient client =
                    StatsdClient.create(Loopback.udp(receiver).senderThreads(3).build());
            client.increment("hits");
            Set<Thread> started = new HashSet<>(senderThreads());
            started.removeAll(before);

            assertThat(started).hasSize(3).allSatisfy(t -> assertThat(t.isDaemon())
                    .isTrue());

            client.close();

            assertThat(started).noneMatch(Thread::isAlive);
        }
    }

    @Test
    void leavesNoSocketOpen() throws Exception {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        assumeTrue(os instanceof com.sun.management.UnixOperatingSystemMXBean, "needs a count of open files");
        com.sun.management.UnixOperatingSystemMXBean unix = (com.sun.management.UnixOperatingSystemMXBean) os;
        try (TcpReceiver tcp = TcpReceiver.start();
                UdpReceiver udp = UdpReceiver.start()) {
            // one of each first, so that lazily opened JDK resources are not counted as leaks
            openSendClose(Loopback.tcp(tcp).build());
            openSendClose(Loopback.udp(udp).build());
            awaiting().until(() -> tcp.lines().size() == 1);
            long baseline = unix.getOpenFileDescriptorCount();

            for (int i = 0; i < 20; i++) {
                openSendClose(Loopback.tcp(tcp).build());
                openSendClose(Loopback.udp(udp).senderThreads(2).build());
            }

            awaiting().until(() -> tcp.lines().size() == 21);
            // the receiver closes its side when the client's connection ends
            awaiting().untilAsserted(() -> assertThat(unix.getOpenFileDescriptorCount())
                    .isLessThanOrEqualTo(baseline + 2));
        }
    }

    private static void openSendClose(StatsdConfig config) {
        try (StatsdClient client = StatsdClient.create(config)) {
            client.increment("hits");
        }
    }

    private static Set<Thread> senderThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("statsd-sender-") && t.isAlive())
                .collect(Collectors.toSet());
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
