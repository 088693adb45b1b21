package io.github.statsd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.statsd.testing.UdpReceiver;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Counters and timers made once ({@link StatsdClient#counter}, {@link StatsdClient#timer}) write the lines the plain
 * calls write, in both of the engine's paths: kept as a record (two tags) and encoded in the caller's thread (more tags
 * than a record holds).
 */
class MetersTest {

    private static final String[] TWO_TAGS = {"region:eu", "canary"};
    private static final String[] SIX_TAGS = {"a:1", "b:2", "c:3", "d:4", "e:5", "f:6"};

    private static StatsdConfig.Builder config(Flavor flavor) {
        return StatsdConfig.builder().flavor(flavor).prefix("app").constantTags("env:prod");
    }

    private static void meterCalls(StatsdClient client, String[] tags) {
        StatsdCounter counter = client.counter("hits", tags);
        StatsdTimer timer = client.timer("latency", tags);
        counter.increment();
        counter.count(42);
        counter.decrement();
        counter.count(-7);
        timer.record(250);
        timer.record(Duration.ofNanos(1_234_567));
        timer.record(Duration.ofSeconds(2));
    }

    private static void plainCalls(StatsdClient client, String[] tags) {
        client.increment("hits", tags);
        client.count("hits", 42, tags);
        client.decrement("hits", tags);
        client.count("hits", -7, tags);
        client.timing("latency", 250, tags);
        client.timing("latency", Duration.ofNanos(1_234_567), tags);
        client.timing("latency", Duration.ofSeconds(2), tags);
    }

    static Stream<Arguments> flavoursAndPaths() {
        return Stream.of(Flavor.values())
                .flatMap(flavor -> Stream.of(
                        Arguments.of(flavor, "kept as records", TWO_TAGS),
                        Arguments.of(flavor, "encoded in the caller", SIX_TAGS)));
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("flavoursAndPaths")
    void writesTheLinesOfThePlainCalls(Flavor flavor, String path, String[] tags) throws Exception {
        assertThat(Loopback.linesSentBy(config(flavor), c -> meterCalls(c, tags)))
                .hasSize(7)
                .containsExactlyElementsOf(Loopback.linesSentBy(config(flavor), c -> plainCalls(c, tags)));
    }

    @Test
    void writesExactDatadogLines() throws Exception {
        List<String> lines = Loopback.linesSentBy(config(Flavor.DATADOG), c -> {
            c.counter("hits", SIX_TAGS).count(3);
            c.timer("latency", "region:eu").record(Duration.ofNanos(1_500_000));
        });

        assertThat(lines)
                .containsExactly(
                        "app.hits:3|c|#env:prod,a:1,b:2,c:3,d:4,e:5,f:6", "app.latency:1.5|ms|#env:prod,region:eu");
    }

    @Test
    void sanitizesTheNameAndTagsOnceAndForAll() throws Exception {
        List<String> lines = Loopback.linesSentBy(StatsdConfig.builder().flavor(Flavor.DATADOG), c -> {
            StatsdCounter counter = c.counter("a:b|c\nd@e#f", "k|1:v,2\n|x:y", "a", "b", "c", "d", "e");
            counter.increment();
            counter.increment();
        });

        assertThat(lines)
                .containsExactly("a_b_c_d_e_f:1|c|#k_1:v_2__x_y,a,b,c,d,e", "a_b_c_d_e_f:1|c|#k_1:v_2__x_y,a,b,c,d,e");
    }

    @Test
    void keepsTheTagsItWasMadeWith() throws Exception {
        String[] tags = {"region:eu"};
        List<String> lines = Loopback.linesSentBy(StatsdConfig.builder().flavor(Flavor.DATADOG), c -> {
            StatsdCounter counter = c.counter("hits", tags);
            tags[0] = "region:us";
            counter.increment();
        });

        assertThat(lines).containsExactly("hits:1|c|#region:eu");
    }

    @Test
    void tellsTheNameItWasMadeWith() throws Exception {
        try (UdpReceiver receiver = UdpReceiver.start();
                StatsdClient client = StatsdClient.create(Loopback.udp(receiver).build())) {
            assertThat(client.counter("shop.orders", "region:eu").name()).isEqualTo("shop.orders");
            assertThat(client.timer("shop.latency").name()).isEqualTo("shop.latency");
        }
    }

    @Test
    void refusesToMakeAMeterWithoutAName() throws Exception {
        try (UdpReceiver receiver = UdpReceiver.start();
                StatsdClient client = StatsdClient.create(Loopback.udp(receiver).build())) {
            assertThatThrownBy(() -> client.counter(null))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("a meter needs a name, was null");
            assertThatThrownBy(() -> client.timer(""))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("a meter needs a name, was empty");
        }
    }

    @Test
    void dropsAndCountsNegativeAndMissingTimes() throws Exception {
        try (UdpReceiver receiver = UdpReceiver.start()) {
            StatsdClient client = StatsdClient.create(Loopback.udp(receiver).build());
            StatsdTimer timer = client.timer("latency");
            timer.record(-1);
            timer.record(Duration.ofMillis(-5));
            timer.record((Duration) null);
            timer.record(7);
            client.close();

            assertThat(Loopback.receivedAfterClose(receiver, client)).containsExactly("latency:7|ms");
            assertThat(client.stats().droppedInvalid()).isEqualTo(3);
        }
    }

    @Test
    void countsALineTooLongForAPacketAsOversized() throws Exception {
        try (UdpReceiver receiver = UdpReceiver.start()) {
            StatsdClient client = StatsdClient.create(Loopback.udp(receiver).build());
            try {
                StatsdCounter counter = client.counter("x".repeat(2_000));
                counter.increment();
                counter.increment();
                assertThat(client.stats().droppedOversize()).isEqualTo(2);
            } finally {
                client.close();
            }
            assertThat(client.stats().sent()).isZero();
        }
    }

    @Test
    void countsCallsAfterCloseAsDroppedClosed() throws Exception {
        try (UdpReceiver receiver = UdpReceiver.start()) {
            StatsdClient client = StatsdClient.create(Loopback.udp(receiver).build());
            StatsdCounter counter = client.counter("hits");
            client.close();
            counter.increment();

            assertThat(client.stats().droppedClosed()).isEqualTo(1);
        }
    }

    @Test
    void samplesAtTheClientsRate() throws Exception {
        try (UdpReceiver receiver = UdpReceiver.start()) {
            StatsdClient client = StatsdClient.create(Loopback.udp(receiver)
                    .flavor(Flavor.DATADOG)
                    .sampleRate(0.5)
                    .build());
            StatsdCounter counter = client.counter("hits", SIX_TAGS);
            for (int i = 0; i < 1_000; i++) {
                counter.increment();
            }
            client.close();

            List<String> lines = Loopback.receivedAfterClose(receiver, client);
            assertThat(lines).allMatch("hits:1|c|@0.5|#a:1,b:2,c:3,d:4,e:5,f:6"::equals);
            assertThat(lines.size() + client.stats().sampledOut()).isEqualTo(1_000);
            assertThat(client.stats().sampledOut()).isBetween(350L, 650L);
        }
    }

    @Test
    void isAggregatedWithThePlainCallsOfTheSameKey() throws Exception {
        List<String> lines = Loopback.linesSentBy(
                StatsdConfig.builder()
                        .flavor(Flavor.DATADOG)
                        .aggregation(true)
                        .aggregationInterval(Duration.ofMinutes(1)),
                c -> {
                    StatsdCounter counter = c.counter("hits", "region:eu");
                    counter.increment();
                    counter.count(4);
                    c.count("hits", 10, "region:eu");
                });

        assertThat(lines).containsExactly("hits:15|c|#region:eu");
    }
}
