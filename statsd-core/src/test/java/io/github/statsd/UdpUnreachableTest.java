package io.github.statsd;

import static io.github.statsd.Loopback.awaiting;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class UdpUnreachableTest {

    @Test
    void portUnreachableIsCountedAndTheSenderGoesOn() throws Exception {
        List<Exception> errors = new CopyOnWriteArrayList<>();
        int port;
        try (DatagramChannel probe = DatagramChannel.open()) {
            probe.bind(new InetSocketAddress("127.0.0.1", 0));
            port = ((InetSocketAddress) probe.getLocalAddress()).getPort();
        }
        StatsdClient client = StatsdClient.create(StatsdConfig.builder()
                .host("127.0.0.1")
                .port(port)
                .flushInterval(Duration.ofMillis(5))
                .errorHandler(errors::add)
                .build());
        AtomicInteger calls = new AtomicInteger();
        // nothing listens: the kernel answers with ICMP port unreachable, seen by a later write
        awaiting().until(() -> {
            client.increment("lost");
            calls.incrementAndGet();
            return errors.stream().anyMatch(e -> e instanceof PortUnreachableException);
        });
        assertThat(client.stats().droppedIoError()).isPositive();

        try (DatagramChannel server = DatagramChannel.open()) {
            server.bind(new InetSocketAddress("127.0.0.1", port));
            server.configureBlocking(false);
            ByteBuffer buf = ByteBuffer.allocate(2048);
            StringBuilder received = new StringBuilder();
            awaiting().until(() -> {
                client.increment("found");
                calls.incrementAndGet();
                buf.clear();
                if (server.receive(buf) != null) {
                    buf.flip();
                    received.append(StandardCharsets.UTF_8.decode(buf)).append('\n');
                }
                return received.toString().contains("found:1|c");
            });
            client.close();
        }

        StatsdStats stats = client.stats();
        assertThat(stats.sent() + stats.dropped()).isEqualTo(calls.get());
    }
}
