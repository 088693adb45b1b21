package io.github.statsd;

import static org.awaitility.Awaitility.await;

import io.github.statsd.testing.TcpReceiver;
import io.github.statsd.testing.UdpReceiver;
import java.time.Duration;
import java.util.List;
import org.awaitility.core.ConditionFactory;

/** Builders for clients pointed at the loopback test receivers, and waits for what a closed client sent. */
final class Loopback {

    static final Duration WAIT = Duration.ofSeconds(10);

    private Loopback() {}

    /** @return an Awaitility wait that checks at once and then often, bounded by {@link #WAIT} */
    static ConditionFactory awaiting() {
        return await().atMost(WAIT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(5));
    }

    /** Waits like {@link #awaiting()}, but answers whether the condition came true instead of failing. */
    static boolean awaitingQuietly(java.util.concurrent.Callable<Boolean> condition) {
        try {
            awaiting().until(condition);
            return true;
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            return false;
        }
    }

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
        awaiting().until(() -> receiver.packets().size() >= packets);
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
