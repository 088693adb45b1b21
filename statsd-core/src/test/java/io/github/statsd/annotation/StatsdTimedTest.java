package io.github.statsd.annotation;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.statsd.StatsdClient;
import io.github.statsd.StatsdConfig;
import io.github.statsd.testing.UdpReceiver;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class StatsdTimedTest {

    @Test
    void sampleRateDefaultsToTheClientsRate() throws Exception {
        double defaultRate = (double) StatsdTimed.class.getMethod("sampleRate").getDefaultValue();
        assertThat(defaultRate).isEqualTo(StatsdTimed.CLIENT_SAMPLE_RATE);
    }

    @Test
    void clientSampleRateIsNoRateTheClientAccepts() throws Exception {
        // were the sentinel a valid rate, an explicit rate equal to it could not be told from the default
        try (UdpReceiver receiver = UdpReceiver.start();
                StatsdClient client = StatsdClient.create(StatsdConfig.builder()
                        .host("127.0.0.1")
                        .port(receiver.port())
                        .build())) {
            client.timing("t", Duration.ofMillis(1), StatsdTimed.CLIENT_SAMPLE_RATE);
            assertThat(client.stats().droppedInvalid()).isEqualTo(1);
        }
    }

    @Test
    void sendsTimersByDefault() throws Exception {
        assertThat(StatsdTimed.class.getMethod("histogram").getDefaultValue()).isEqualTo(false);
        assertThat(StatsdTimed.class.getMethod("distribution").getDefaultValue())
                .isEqualTo(false);
    }
}
