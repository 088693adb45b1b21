package io.github.statsd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.statsd.testing.TcpReceiver;
import io.github.statsd.testing.UdpReceiver;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SmokeTest {

    @Test
    void sendsCounterOverUdp() throws Exception {
        try (UdpReceiver receiver = UdpReceiver.start();
                StatsdClient client = StatsdClient.create(StatsdConfig.builder()
                        .host("127.0.0.1")
                        .port(receiver.port())
                        .flavor(Flavor.DATADOG)
                        .build())) {
            client.count("orders", 3, "region:eu");
            client.gauge("temp", -1.5);
            await().atMost(Duration.ofSeconds(5)).until(() -> receiver.lines().size() == 2);
            assertThat(receiver.lines()).containsExactly("orders:3|c|#region:eu", "temp:-1.5|g");
        }
    }

    @Test
    void sendsOverTcpAndDrainsOnClose() throws Exception {
        try (TcpReceiver receiver = TcpReceiver.start()) {
            StatsdClient client = StatsdClient.create(StatsdConfig.builder()
                    .host("127.0.0.1")
                    .port(receiver.port())
                    .protocol(Protocol.TCP)
                    .flushInterval(Duration.ofSeconds(30))
                    .build());
            for (int i = 0; i < 10_000; i++) {
                client.increment("hits");
            }
            client.close();
            assertThat(client.stats().sent()).isEqualTo(10_000);
            await().atMost(Duration.ofSeconds(5)).until(() -> receiver.lines().size() == 10_000);
        }
    }
}
