package io.github.statsd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimingTest {

    private static final String MILLIS = "\\d+(\\.\\d{1,6})?\\|ms";
    private static final long SLEEP_MILLIS = 50;

    @Test
    void timingScopeRecordsOnceWhenClosed() throws Exception {
        List<String> lines = Loopback.linesSentBy(StatsdConfig.builder().flavor(Flavor.DATADOG), c -> {
            try (StatsdClient.Timing timing = c.time("checkout", "region:eu")) {
                assertThat(timing.elapsed().isNegative()).isFalse();
            }
            StatsdClient.Timing twice = c.time("twice");
            twice.close();
            twice.close();
        });

        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).matches("checkout:" + MILLIS + "\\|#region:eu");
        assertThat(lines.get(1)).matches("twice:" + MILLIS);
    }

    @Test
    void taskHelpersRecordAlsoWhenTheTaskThrows() throws Exception {
        List<String> lines = Loopback.linesSentBy(StatsdConfig.builder(), c -> {
            c.time("run", () -> {});
            assertThat(c.time("supply", () -> 42)).isEqualTo(42);
            assertThatThrownBy(() -> c.time("fails", (Runnable) () -> {
                        throw new IllegalStateException("boom");
                    }))
                    .hasMessage("boom");
        });

        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).matches("run:" + MILLIS);
        assertThat(lines.get(1)).matches("supply:" + MILLIS);
        assertThat(lines.get(2)).matches("fails:" + MILLIS);
    }

    @Test
    void sendsTheTimeTakenInMillisecondsAroundAKnownSleep() throws Exception {
        List<String> lines = Loopback.linesSentBy(StatsdConfig.builder(), c -> {
            c.time("run", () -> sleep(SLEEP_MILLIS));
            c.time("supply", () -> {
                sleep(SLEEP_MILLIS);
                return 1;
            });
            StatsdClient.Timing timing = c.time("scope");
            sleep(SLEEP_MILLIS);
            assertThat(timing.elapsed()).isBetween(Duration.ofMillis(SLEEP_MILLIS), Duration.ofSeconds(30));
            timing.close();
        });

        // a lower bound only, as a sleep is never shorter than asked; the upper bound is far above any slow machine's
        // delay and only tells milliseconds from nanoseconds or a sum of two clock readings
        assertThat(lines).hasSize(3);
        for (String line : lines) {
            double millis = Double.parseDouble(line.substring(line.indexOf(':') + 1, line.indexOf('|')));
            assertThat(millis).as(line).isBetween((double) SLEEP_MILLIS, SLEEP_MILLIS + 30_000d);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void timingsUseTheConfiguredSampleRate() throws Exception {
        List<String> lines = Loopback.linesSentBy(StatsdConfig.builder().sampleRate(0.5), c -> {
            for (int i = 0; i < 200; i++) {
                c.time("task", () -> {});
            }
        });

        // none of 200 at 0.5 has a probability of 2^-200
        assertThat(lines).isNotEmpty().hasSizeLessThan(200).allMatch(l -> l.matches("task:" + MILLIS + "\\|@0\\.5"));
    }
}
