package io.github.statsd.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import io.github.statsd.Protocol;
import io.github.statsd.StatsdClient;
import io.github.statsd.StatsdConfig;
import io.github.statsd.testing.TcpReceiver;
import io.github.statsd.testing.UdpReceiver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Creating and closing clients over and over leaves no sender thread and no socket behind. */
class NoLeakTest {

    private static final Path FDS = Path.of("/proc/self/fd");
    private static final int CYCLES = 1_000;
    /** Descriptors the JVM may open on its own meanwhile (class files, jars, epoll set-up). */
    private static final int FD_TOLERANCE = 10;

    @Test
    void thousandCreateCloseCyclesLeaveNoThreadsOrFileDescriptors() throws Exception {
        assumeThat(Files.isDirectory(FDS))
                .as("counting descriptors needs Linux /proc")
                .isTrue();
        try (UdpReceiver udp = UdpReceiver.start();
                TcpReceiver tcp = TcpReceiver.start()) {
            StatsdConfig udpConfig = config(Protocol.UDP, udp.port());
            StatsdConfig tcpConfig = config(Protocol.TCP, tcp.port());
            // warm up: load every class and let the JVM open what it keeps open
            cycles(udpConfig, tcpConfig, 20);
            await().atMost(Duration.ofSeconds(10)).until(() -> tcp.lines().size() == 20);
            long threadsBefore = senderThreads();
            long fdsBefore = openFileDescriptors();

            cycles(udpConfig, tcpConfig, CYCLES);

            await().atMost(Duration.ofSeconds(20)).until(() -> tcp.lines().size() == 20 + CYCLES);
            // every client was closed: its sender thread has ended and its socket is closed
            assertThat(senderThreads()).isEqualTo(threadsBefore);
            // the receiver closes its side of each connection when it reads the end of stream: wait for it
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(openFileDescriptors())
                    .isLessThanOrEqualTo(fdsBefore + FD_TOLERANCE));
            await().atMost(Duration.ofSeconds(10)).until(() -> udp.lineCount() == 20 + CYCLES);
        }
    }

    private static StatsdConfig config(Protocol protocol, int port) {
        return StatsdConfig.builder()
                .host("127.0.0.1")
                .port(port)
                .protocol(protocol)
                .flushInterval(Duration.ofMillis(5))
                .closeTimeout(Duration.ofSeconds(2))
                .build();
    }

    /** Each cycle creates a UDP and a TCP client that send one metric, which close() must deliver. */
    private static void cycles(StatsdConfig udp, StatsdConfig tcp, int n) {
        for (int i = 0; i < n; i++) {
            for (StatsdConfig config : new StatsdConfig[] {udp, tcp}) {
                StatsdClient client = StatsdClient.create(config);
                client.increment("cycle");
                client.close();
                assertThat(client.stats().sent())
                        .as("cycle %d over %s", i, config.protocol())
                        .isEqualTo(1);
            }
        }
    }

    private static long senderThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("statsd-sender-") && t.isAlive())
                .count();
    }

    private static long openFileDescriptors() {
        try (Stream<Path> fds = Files.list(FDS)) {
            return fds.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
