package io.github.statsd;

import static io.github.statsd.Loopback.awaiting;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.statsd.testing.LogCapture;
import io.github.statsd.testing.UdpReceiver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The debug option logs every line sent at DEBUG (java.util.logging FINE, the System.Logger default). */
class DebugLoggingTest {

    @RegisterExtension
    final LogCapture log = new LogCapture("io.github.statsd");

    @Test
    void logsEveryLineSentWhenDebugIsOn() throws Exception {
        try (UdpReceiver receiver = UdpReceiver.start()) {
            StatsdClient client =
                    StatsdClient.create(Loopback.udp(receiver).debug(true).build());
            client.increment("hits");
            client.gauge("temp", 1.5);
            client.close();

            awaiting().until(() -> log.messages().size() >= 2);
            assertThat(log.messages()).contains("statsd sent: hits:1|c", "statsd sent: temp:1.5|g");
        }
    }

    @Test
    void logsNothingWhenDebugIsOff() throws Exception {
        try (UdpReceiver receiver = UdpReceiver.start()) {
            StatsdClient client = StatsdClient.create(Loopback.udp(receiver).build());
            client.increment("hits");
            client.close();

            assertThat(Loopback.receivedAfterClose(receiver, client)).containsExactly("hits:1|c");
            assertThat(log.messages()).noneMatch(m -> m.startsWith("statsd sent"));
        }
    }
}
