package io.github.statsd;

import static io.github.statsd.Loopback.awaiting;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.statsd.testing.LogCapture;
import io.github.statsd.testing.TcpReceiver;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Without an error handler, sender errors go to the log: the first one as a warning, the ones within the next ten
 * seconds at DEBUG only (java.util.logging FINE), so that a server that stays down does not flood the log.
 */
@Timeout(60)
class ErrorLoggingTest {

    @RegisterExtension
    final LogCapture log = new LogCapture("io.github.statsd");

    private List<String> messages(Level level) {
        return log.messages(level, "statsd sender error");
    }

    @Test
    void logsTheFirstSenderErrorAsAWarningAndTheNextOnesAtDebug() throws Exception {
        try (TcpReceiver receiver = TcpReceiver.start()) {
            receiver.stop(); // connections to its port are refused: the sender retries with backoff
            try (StatsdClient client = StatsdClient.create(
                    Loopback.tcp(receiver).flushInterval(Duration.ofMillis(10)).build())) {
                client.increment("lost");
                // the marker: retries keep failing, each one reported
                awaiting()
                        .until(() -> messages(Level.WARNING).size()
                                        + messages(Level.FINE).size()
                                >= 4);
            }
        }
        List<String> warnings = messages(Level.WARNING);
        assertThat(warnings).hasSize(1);
        assertThat(warnings.get(0))
                .startsWith("statsd sender error (metrics lost are counted in stats(); 0 similar errors not logged): ")
                .contains("Connection refused");
        assertThat(messages(Level.FINE))
                .allSatisfy(
                        m -> assertThat(m).startsWith("statsd sender error: ").contains("Connection refused"));
    }
}
