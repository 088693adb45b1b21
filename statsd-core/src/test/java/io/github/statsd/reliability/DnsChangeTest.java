package io.github.statsd.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import io.github.statsd.Protocol;
import io.github.statsd.StatsdClient;
import io.github.statsd.StatsdConfig;
import io.github.statsd.StatsdStats;
import io.github.statsd.testing.TcpReceiver;
import io.github.statsd.testing.UdpReceiver;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.Security;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Name resolution that changes while the client runs. The JVM is told to read host names from a file the test rewrites
 * ({@code jdk.net.hosts.file}) and not to cache lookups; both must be set when the JVM starts, so this class runs in
 * its own surefire execution (see {@code statsd-core/pom.xml}) and is excluded from the default one.
 */
class DnsChangeTest {

    private static final String HOST = "statsd-server.test";
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Duration REFRESH = Duration.ofMillis(100);

    private Path hostsFile;

    @BeforeEach
    void checkJvmSetUp() {
        String file = System.getProperty("jdk.net.hosts.file");
        assumeThat(file)
                .as("run by the dns-hosts-file surefire execution, which sets jdk.net.hosts.file")
                .isNotNull();
        assertThat(Security.getProperty("networkaddress.cache.ttl")).isEqualTo("0");
        assertThat(Security.getProperty("networkaddress.cache.negative.ttl")).isEqualTo("0");
        hostsFile = Path.of(file);
    }

    @Test
    void udpClientMovesToAChangedAddressWithoutASendError() throws Exception {
        try (UdpReceiver before = UdpReceiver.startOn("127.0.0.2", 0);
                UdpReceiver after = UdpReceiver.startOn("127.0.0.1", before.port())) {
            writeHosts("127.0.0.2 " + HOST);
            List<Exception> errors = new CopyOnWriteArrayList<>();
            StatsdClient client = StatsdClient.create(StatsdConfig.builder()
                    .host(HOST)
                    .port(before.port())
                    .flushInterval(Duration.ofMillis(10))
                    .dnsRefreshInterval(REFRESH)
                    .errorHandler(errors::add)
                    .build());
            try {
                client.increment("before");
                await().atMost(WAIT).until(() -> before.lines().contains("before:1|c"));

                writeHosts("127.0.0.1 " + HOST);
                // both addresses have a live receiver, so no send ever fails: only the refresh can move the client
                await().atMost(WAIT).until(() -> {
                    client.increment("after");
                    return after.lines().contains("after:1|c");
                });
            } finally {
                client.close();
            }
            assertThat(errors).isEmpty();
            assertThat(after.lines()).doesNotContain("before:1|c");
            assertThat(client.stats().dropped()).isZero();
        }
    }

    @Test
    void udpClientWithTheRefreshOffStaysOnTheAddressItFirstResolved() throws Exception {
        staysOnTheFirstAddress(Duration.ZERO);
    }

    @Test
    void udpClientStaysOnItsAddressUntilTheRefreshIntervalHasPassed() throws Exception {
        staysOnTheFirstAddress(Duration.ofHours(1));
    }

    /**
     * Moves the name to a second live receiver while the refresh is not due: every datagram must still reach the first
     * one. All of them arriving there is the marker that none went elsewhere.
     */
    private void staysOnTheFirstAddress(Duration refresh) throws Exception {
        try (UdpReceiver first = UdpReceiver.startOn("127.0.0.2", 0);
                UdpReceiver second = UdpReceiver.startOn("127.0.0.1", first.port())) {
            writeHosts("127.0.0.2 " + HOST);
            StatsdClient client = StatsdClient.create(StatsdConfig.builder()
                    .host(HOST)
                    .port(first.port())
                    .dnsRefreshInterval(refresh)
                    .errorHandler(e -> {})
                    .build());
            int packets = 20;
            try {
                client.increment("first");
                assertThat(client.flush()).isTrue();
                await().atMost(WAIT).until(() -> first.lines().contains("first:1|c"));

                writeHosts("127.0.0.1 " + HOST);
                // one datagram each: a refresh, were it due, would look the name up before every one of them
                for (int i = 0; i < packets; i++) {
                    client.increment("stay");
                    assertThat(client.flush()).isTrue();
                }
                await().atMost(WAIT)
                        .until(() -> first.lines().stream()
                                        .filter("stay:1|c"::equals)
                                        .count()
                                == packets);
            } finally {
                client.close();
            }
            assertThat(second.lines()).isEmpty();
            assertThat(client.stats().dropped()).isZero();
        }
    }

    @Test
    void tcpClientPicksUpAChangedAddressOnReconnect() throws Exception {
        try (TcpReceiver receiver = TcpReceiver.start()) {
            // 127.0.0.2 is loopback too, but the receiver listens on 127.0.0.1 only: connections are refused
            writeHosts("127.0.0.2 " + HOST);
            List<Exception> errors = new CopyOnWriteArrayList<>();
            StatsdClient client = StatsdClient.create(StatsdConfig.builder()
                    .host(HOST)
                    .port(receiver.port())
                    .protocol(Protocol.TCP)
                    .connectTimeout(Duration.ofMillis(500))
                    .errorHandler(errors::add)
                    .build());
            try {
                for (int i = 0; i < 10; i++) {
                    client.increment("moved");
                }
                await().atMost(WAIT).until(() -> errors.stream().anyMatch(e -> e instanceof ConnectException));
                assertThat(receiver.acceptedConnections()).isZero();

                writeHosts("127.0.0.1 " + HOST);
                await().atMost(WAIT).until(() -> receiver.lines().size() == 10);
            } finally {
                client.close();
            }
            StatsdStats stats = client.stats();
            assertThat(stats.sent()).isEqualTo(10);
            assertThat(stats.dropped()).isZero();
            assertThat(receiver.lines()).containsOnly("moved:1|c");
        }
    }

    @Test
    void udpClientPicksUpAChangedAddressAfterThePortIsReportedUnreachable() throws Exception {
        try (UdpReceiver receiver = UdpReceiver.start()) {
            writeHosts("127.0.0.2 " + HOST);
            List<Exception> errors = new CopyOnWriteArrayList<>();
            StatsdClient client = StatsdClient.create(StatsdConfig.builder()
                    .host(HOST)
                    .port(receiver.port())
                    .flushInterval(Duration.ofMillis(20))
                    .errorHandler(errors::add)
                    .build());
            long calls = 0;
            try {
                // datagrams to 127.0.0.2 come back as ICMP port unreachable, which the next send reports
                long[] probes = {0};
                await().atMost(WAIT).pollInterval(Duration.ofMillis(30)).until(() -> {
                    client.increment("old");
                    probes[0]++;
                    return !errors.isEmpty();
                });
                calls += probes[0];
                writeHosts("127.0.0.1 " + HOST);
                probes[0] = 0;
                await().atMost(WAIT).pollInterval(Duration.ofMillis(30)).until(() -> {
                    client.increment("new");
                    probes[0]++;
                    return receiver.lines().contains("new:1|c");
                });
                calls += probes[0];
            } finally {
                client.close();
            }
            StatsdStats stats = client.stats();
            assertThat(stats.sent() + stats.dropped()).isEqualTo(calls);
            // datagrams sent to the old address are lost (counted as sent, or as I/O errors when reported)
            assertThat((long) receiver.lines().size()).isLessThanOrEqualTo(stats.sent());
        }
    }

    @Test
    void nameThatResolvesOnlyLaterIsDeliveredTo() throws Exception {
        try (TcpReceiver receiver = TcpReceiver.start()) {
            writeHosts("");
            List<Exception> errors = new CopyOnWriteArrayList<>();
            StatsdClient client = StatsdClient.create(StatsdConfig.builder()
                    .host(HOST)
                    .port(receiver.port())
                    .protocol(Protocol.TCP)
                    .errorHandler(errors::add)
                    .build());
            try {
                for (int i = 0; i < 10; i++) {
                    client.increment("late");
                }
                await().atMost(WAIT).until(() -> errors.stream().anyMatch(e -> e instanceof UnknownHostException));

                writeHosts("127.0.0.1 " + HOST);
                await().atMost(WAIT).until(() -> receiver.lines().size() == 10);
            } finally {
                client.close();
            }
            assertThat(client.stats().sent()).isEqualTo(10);
            assertThat(client.stats().dropped()).isZero();
        }
    }

    /** Replaces the hosts file in one step, so that a lookup never reads half a file. */
    private void writeHosts(String line) throws IOException {
        Path tmp = Files.createTempFile(hostsFile.toAbsolutePath().getParent(), "hosts", ".tmp");
        Files.writeString(tmp, "127.0.0.1 localhost\n" + line + "\n");
        Files.move(tmp, hostsFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
