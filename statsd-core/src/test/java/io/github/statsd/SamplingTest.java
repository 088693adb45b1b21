package io.github.statsd;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.statsd.testing.UdpReceiver;
import java.util.List;
import org.junit.jupiter.api.Test;

class SamplingTest {

    @Test
    void sendsAboutRateOfTheCallsEachCarryingTheRate() throws Exception {
        int calls = 100_000;
        double rate = 0.1;
        try (UdpReceiver receiver = UdpReceiver.start()) {
            StatsdClient client = StatsdClient.create(Loopback.udp(receiver).build());
            for (int i = 0; i < calls; i++) {
                client.count("hits", 1, rate);
            }
            client.close();
            List<String> lines = Loopback.receivedAfterClose(receiver, client);
            StatsdStats stats = client.stats();

            // binomial: mean n*p, standard deviation sqrt(n*p*(1-p)) ~ 95; 5 sigma is ~1 in 3.5 million
            double mean = calls * rate;
            double tolerance = 5 * Math.sqrt(calls * rate * (1 - rate));
            assertThat((double) stats.sent()).isBetween(mean - tolerance, mean + tolerance);
            assertThat(stats.dropped()).isZero();
            assertThat(stats.sampledOut() + stats.sent()).isEqualTo(calls);
            assertThat(lines).hasSize((int) stats.sent()).containsOnly("hits:1|c|@0.1");
        }
    }

    @Test
    void configuredRateAppliesToCountersAndTimersButNotGaugesOrSets() throws Exception {
        int calls = 300;
        try (UdpReceiver receiver = UdpReceiver.start()) {
            StatsdClient client =
                    StatsdClient.create(Loopback.udp(receiver).sampleRate(0.5).build());
            for (int i = 0; i < calls; i++) {
                client.increment("hits");
                client.count("items", 2);
                client.decrement("stock");
                client.timing("latency", 5);
                client.gauge("temp", 20L);
                client.gauge("ratio", 0.5);
                client.set("users", "u" + i);
                client.set("ids", i);
            }
            client.close();
            List<String> lines = Loopback.receivedAfterClose(receiver, client);

            // each sampled type: all of 300 calls or none at 0.5 has a probability of 2^-300
            assertThat(lines.stream().filter(l -> l.startsWith("hits:")))
                    .isNotEmpty()
                    .hasSizeLessThan(calls)
                    .containsOnly("hits:1|c|@0.5");
            assertThat(lines.stream().filter(l -> l.startsWith("items:")))
                    .isNotEmpty()
                    .hasSizeLessThan(calls)
                    .containsOnly("items:2|c|@0.5");
            assertThat(lines.stream().filter(l -> l.startsWith("stock:")))
                    .isNotEmpty()
                    .hasSizeLessThan(calls)
                    .containsOnly("stock:-1|c|@0.5");
            assertThat(lines.stream().filter(l -> l.startsWith("latency:")))
                    .isNotEmpty()
                    .hasSizeLessThan(calls)
                    .containsOnly("latency:5|ms|@0.5");
            assertThat(lines.stream().filter(l -> l.startsWith("temp:")))
                    .hasSize(calls)
                    .containsOnly("temp:20|g");
            assertThat(lines.stream().filter(l -> l.startsWith("ratio:")))
                    .hasSize(calls)
                    .containsOnly("ratio:0.5|g");
            assertThat(lines.stream().filter(l -> l.startsWith("users:"))).hasSize(calls);
            assertThat(lines.stream().filter(l -> l.startsWith("ids:"))).hasSize(calls);
            assertThat(lines).noneMatch(l -> (l.endsWith("|g") || l.endsWith("|s")) && l.contains("@"));
            StatsdStats stats = client.stats();
            assertThat(stats.sent() + stats.sampledOut()).isEqualTo(8L * calls);
        }
    }

    @Test
    void aCallsOwnRateOverridesTheConfiguredOne() throws Exception {
        List<String> lines = Loopback.linesSentBy(StatsdConfig.builder().sampleRate(0.01), c -> {
            for (int i = 0; i < 50; i++) {
                c.count("hits", 1, 1.0);
                c.timing("latency", 3, 1.0);
            }
        });

        assertThat(lines).hasSize(100).containsOnly("hits:1|c", "latency:3|ms");
    }
}
