package io.github.statsd;

import static org.awaitility.Awaitility.await;

import io.github.statsd.testing.TcpReceiver;
import io.github.statsd.testing.UdpReceiver;
import java.time.Duration;
import java.util.List;

/** Builders for clients pointed at the loopback test receivers, and waits for what a closed client sent. */
final class Loopback {

    static final Duration WAIT = Duration.ofSeconds(10);

    private Loopback() {}

    static StatsdConfig.Builder udp(UdpReceiver receiver) {
        return StatsdConfig.builder().host("127.0.0.1").port(receiver.port());
    }

    static StatsdConfig.Builder tcp(TcpReceiver receiver) {
        return StatsdConfig.builder().host("127.0.0.1").port(receiver.port()).protocol(Protocol.TCP);
    }

    /**
     * Waits until every datagram a closed client reports as sent has arrived.
     *
     * @return the lines received
     */
    static List<String> receivedAfterClose(UdpReceiver receiver, StatsdClient closed) {
        long packets = closed.stats().packetsSent();
        await().atMost(WAIT).until(() -> receiver.packets().size() >= packets);
        return receiver.lines();
    }

    /**
     * Sends with a fresh client over UDP, closes it (which flushes) and returns the lines received.
     *
     * @return the lines received, in arrival order
     */
    static List<String> linesSentBy(StatsdConfig.Builder config, java.util.function.Consumer<StatsdClient> calls)
            throws Exception {
        try (UdpReceiver receiver = UdpReceiver.start()) {
            StatsdClient client = StatsdClient.create(
                    config.host("127.0.0.1").port(receiver.port()).build());
            try {
                calls.accept(client);
            } finally {
                client.close();
            }
            return receivedAfterClose(receiver, client);
        }
    }
}
