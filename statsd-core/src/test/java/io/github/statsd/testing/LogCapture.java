package io.github.statsd.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Captures what the client logs through {@code System.Logger} (java.util.logging by default) from FINE (DEBUG) up, for
 * one test: register it with {@code @RegisterExtension}. The logger's level is restored after the test.
 */
public final class LogCapture implements BeforeEachCallback, AfterEachCallback {

    private final Logger logger;
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
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

    /** @param loggerName the logger to capture, e.g. {@code io.github.statsd} */
    public LogCapture(String loggerName) {
        this.logger = Logger.getLogger(loggerName);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        previous = logger.getLevel();
        logger.setLevel(Level.FINE);
        handler.setLevel(Level.ALL);
        logger.addHandler(handler);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        logger.removeHandler(handler);
        logger.setLevel(previous);
    }

    /** @return the messages logged so far at any level, formatted, in order */
    public List<String> messages() {
        SimpleFormatter formatter = new SimpleFormatter();
        return records.stream().map(formatter::formatMessage).toList();
    }

    /** @return the messages logged so far at {@code level} that start with {@code prefix}, formatted, in order */
    public List<String> messages(Level level, String prefix) {
        SimpleFormatter formatter = new SimpleFormatter();
        return records.stream()
                .filter(r -> r.getLevel().equals(level))
                .map(formatter::formatMessage)
                .filter(m -> m.startsWith(prefix))
                .toList();
    }
}
