package io.github.statsd;

import static io.github.statsd.Loopback.awaiting;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.statsd.testing.TcpReceiver;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Without an error handler, sender errors go to the log: the first one as a warning, the ones within the next ten
 * seconds at DEBUG only (java.util.logging FINE), so that a server that stays down does not flood the log.
 */
@Timeout(60)
class ErrorLoggingTest {

    private final Logger logger = Logger.getLogger("io.github.statsd");
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };
    private Level previous;

    @BeforeEach
    void captureLog() {
        previous = logger.getLevel();
        logger.setLevel(Level.FINE);
        capture.setLevel(Level.ALL);
        logger.addHandler(capture);
    }

    @AfterEach
    void restoreLog() {
        logger.removeHandler(capture);
        logger.setLevel(previous);
    }

    private List<String> messages(Level level) {
        SimpleFormatter formatter = new SimpleFormatter();
        return records.stream()
                .filter(r -> r.getLevel().equals(level))
                .map(formatter::formatMessage)
                .filter(m -> m.startsWith("statsd sender error"))
                .toList();
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
