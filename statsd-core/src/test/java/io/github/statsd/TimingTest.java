package io.github.statsd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TimingTest {

    private static final String MILLIS = "\\d+(\\.\\d{1,6})?\\|ms";

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
