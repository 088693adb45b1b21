package io.github.statsd;

import static io.github.statsd.Loopback.awaiting;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.statsd.testing.UdpReceiver;
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

/** The debug option logs every line sent at DEBUG (java.util.logging FINE, the System.Logger default). */
class DebugLoggingTest {

    private final Logger logger = Logger.getLogger("io.github.statsd");
    private final List<String> messages = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        private final SimpleFormatter formatter = new SimpleFormatter();

        @Override
        public void publish(LogRecord record) {
            messages.add(formatter.formatMessage(record));
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

    @Test
    void logsEveryLineSentWhenDebugIsOn() throws Exception {
        try (UdpReceiver receiver = UdpReceiver.start()) {
            StatsdClient client =
                    StatsdClient.create(Loopback.udp(receiver).debug(true).build());
            client.increment("hits");
            client.gauge("temp", 1.5);
            client.close();

            awaiting().until(() -> messages.size() >= 2);
            assertThat(messages).contains("statsd sent: hits:1|c", "statsd sent: temp:1.5|g");
        }
    }

    @Test
    void logsNothingWhenDebugIsOff() throws Exception {
        try (UdpReceiver receiver = UdpReceiver.start()) {
            StatsdClient client = StatsdClient.create(Loopback.udp(receiver).build());
            client.increment("hits");
            client.close();

            assertThat(Loopback.receivedAfterClose(receiver, client)).containsExactly("hits:1|c");
            assertThat(messages).noneMatch(m -> m.startsWith("statsd sent"));
        }
    }
}
