package io.github.statsd.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.statsd.Protocol;
import io.github.statsd.StatsdClient;
import io.github.statsd.StatsdConfig;
import io.github.statsd.testing.TcpReceiver;
import io.github.statsd.testing.UdpReceiver;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class StatsdHealthTests {

    @Test
    void isUpWithCountsAndConnectedSenderWhenMetricsAreDelivered() throws Exception {
        try (UdpReceiver receiver = UdpReceiver.start();
                StatsdClient client = StatsdClient.create(StatsdConfig.builder()
                        .host("127.0.0.1")
                        .port(receiver.port())
                        .flushInterval(Duration.ofMillis(10))
                        .build())) {
            client.increment("marker");
            await().atMost(Duration.ofSeconds(10)).until(() -> receiver.lines().contains("marker:1|c"));
            StatsdHealth health = StatsdHealth.of(client);
            assertThat(health.degraded()).isFalse();
            assertThat(health.details())
                    .containsEntry("sent", 1L)
                    .containsEntry("aggregated", 0L)
                    .containsEntry("queuedPackets", 0)
                    .doesNotContainKey("reason");
            assertThat(map(health.details().get("dropped"))).containsEntry("total", 0L);
            assertThat(map(health.details().get("senders")))
                    .containsEntry("threads", 1)
                    .containsEntry("alive", 1)
                    .containsEntry("connected", 1)
                    .containsEntry("failed", 0);
        }
    }

    @Test
    void isDegradedWhenTheSenderThreadDied() throws Exception {
        AtomicBoolean thrown = new AtomicBoolean();
        try (TcpReceiver receiver = TcpReceiver.start()) {
            receiver.stop(); // refused: the sender reports an error, and the handler's Error ends its thread
            try (StatsdClient client = StatsdClient.create(StatsdConfig.builder()
                    .host("127.0.0.1")
                    .port(receiver.port())
                    .protocol(Protocol.TCP)
                    .flushInterval(Duration.ofMillis(10))
                    .errorHandler((error) -> {
                        if (thrown.compareAndSet(false, true)) {
                            throw new AssertionError("bug in the error handler");
                        }
                    })
                    .build())) {
                client.increment("lost");
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> client.senderStatus().failed() == 1);
                StatsdHealth health = StatsdHealth.of(client);
                assertThat(health.degraded()).isTrue();
                assertThat((String) health.details().get("reason")).contains("sender thread is not running");
                assertThat(map(health.details().get("senders")))
                        .containsEntry("alive", 0)
                        .containsEntry("failed", 1);
            }
        }
    }

    @Test
    void isDegradedWhileTheServerCannotBeReachedAndPacketsWait() throws Exception {
        try (TcpReceiver receiver = TcpReceiver.start()) {
            receiver.stop();
            try (StatsdClient client = StatsdClient.create(StatsdConfig.builder()
                    .host("127.0.0.1")
                    .port(receiver.port())
                    .protocol(Protocol.TCP)
                    .flushInterval(Duration.ofMillis(10))
                    .errorHandler((error) -> {})
                    .build())) {
                assertThat(StatsdHealth.of(client).degraded()).isFalse();
                // the sender holds one packet while it retries: the next ones wait in the queue
                await().atMost(Duration.ofSeconds(10)).until(() -> {
                    for (int i = 0; i < 1000; i++) {
                        client.increment("waiting");
                    }
                    return StatsdHealth.of(client).degraded();
                });
                StatsdHealth health = StatsdHealth.of(client);
                assertThat((String) health.details().get("reason")).contains("not connected");
                assertThat(map(health.details().get("senders")))
                        .containsEntry("alive", 1)
                        .containsEntry("connected", 0)
                        .containsEntry("failed", 0);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object detail) {
        assertThat(detail).isInstanceOf(Map.class);
        return (Map<String, Object>) detail;
    }
}
