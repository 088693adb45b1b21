package io.github.statsd.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.statsd.testing.LogCapture;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The throttling of sender errors on a stepped clock: one warning per ten seconds at most, which tells how many errors
 * were logged at DEBUG only since the last one; or every error to the user's handler.
 */
class ErrorLogTest {

    private static final long SECOND = 1_000_000_000L;

    @RegisterExtension
    final LogCapture log = new LogCapture("io.github.statsd");

    /** The stepped clock, starting far from zero so that no arithmetic near 0 hides a sign. */
    private long now = 1_000 * SECOND;

    private List<String> messages(Level level) {
        return log.messages(level, "statsd sender error");
    }

    private static String warning(long suppressed, int error) {
        return "statsd sender error (metrics lost are counted in stats(); " + suppressed
                + " similar errors not logged): java.io.IOException: error " + error;
    }

    @Test
    void warnsAtOnceThenTellsAtTheNextWarningHowManyErrorsWereLoggedAtDebugOnly() {
        ErrorLog log = new ErrorLog(null, () -> now);

        log.report(new IOException("error 1"));
        now += 1;
        log.report(new IOException("error 2"));
        now += 5 * SECOND;
        log.report(new IOException("error 3"));
        now += 5 * SECOND - 2; // 10 s less 1 ns after the warning
        log.report(new IOException("error 4"));
        assertThat(messages(Level.WARNING)).containsExactly(warning(0, 1));
        assertThat(messages(Level.FINE))
                .containsExactly(
                        "statsd sender error: java.io.IOException: error 2",
                        "statsd sender error: java.io.IOException: error 3",
                        "statsd sender error: java.io.IOException: error 4");

        now += 1; // exactly 10 s after the warning: the quiet period is over
        log.report(new IOException("error 5"));
        assertThat(messages(Level.WARNING)).containsExactly(warning(0, 1), warning(3, 5));

        // the count starts again from the second warning, and the quiet period too
        now += 10 * SECOND - 1;
        log.report(new IOException("error 6"));
        now += 1;
        log.report(new IOException("error 7"));
        assertThat(messages(Level.WARNING)).containsExactly(warning(0, 1), warning(3, 5), warning(1, 7));
        assertThat(messages(Level.FINE)).hasSize(4);
    }

    @Test
    void warnsAtTheFirstErrorWhateverTheClockReads() {
        now = Long.MIN_VALUE + 5; // nanoTime may be any value, negative too: the first error is never quiet
        ErrorLog log = new ErrorLog(null, () -> now);
        log.report(new IOException("error 1"));
        assertThat(messages(Level.WARNING)).containsExactly(warning(0, 1));
    }

    @Test
    void givesEveryErrorToTheHandlerAndLogsNone() {
        List<Exception> handled = new ArrayList<>();
        ErrorLog log = new ErrorLog(handled::add, () -> now);
        IOException first = new IOException("error 1");
        IOException second = new IOException("error 2");
        log.report(first);
        log.report(second);
        assertThat(handled).containsExactly(first, second);
        assertThat(messages(Level.WARNING)).isEmpty();
        assertThat(messages(Level.FINE)).isEmpty();
    }

    @Test
    void keepsGoingWhenTheHandlerThrows() {
        List<Exception> handled = new ArrayList<>();
        ErrorLog log = new ErrorLog(
                e -> {
                    handled.add(e);
                    throw new IllegalStateException("handler failed");
                },
                () -> now);
        log.report(new IOException("error 1"));
        log.report(new IOException("error 2"));
        assertThat(handled).hasSize(2);
        assertThat(messages(Level.WARNING)).isEmpty();
    }
}
