package io.github.statsd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.github.statsd.testing.UdpReceiver;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad input at run time is never thrown back at the caller: it is dropped, counted, and never reaches the wire. */
class InvalidInputTest {

    static Stream<Arguments> invalidCalls() {
        return Stream.of(
                call("null name", c -> c.increment(null)),
                call("empty name", c -> c.count("", 1)),
                call("null name gauge", c -> c.gauge(null, 1.0)),
                call("NaN gauge", c -> c.gauge("g", Double.NaN)),
                call("+Infinity gauge", c -> c.gauge("g", Double.POSITIVE_INFINITY)),
                call("-Infinity gauge", c -> c.gauge("g", Double.NEGATIVE_INFINITY)),
                call("NaN gauge delta", c -> c.gaugeDelta("g", Double.NaN)),
                call("infinite gauge delta", c -> c.gaugeDelta("g", Double.NEGATIVE_INFINITY)),
                call("zero sample rate", c -> c.count("c", 1, 0.0)),
                call("negative sample rate", c -> c.count("c", 1, -0.5)),
                call("sample rate above 1", c -> c.count("c", 1, 1.5)),
                call("NaN sample rate", c -> c.timing("t", 5, Double.NaN)),
                call("infinite sample rate", c -> c.timing("t", Duration.ofMillis(5), Double.POSITIVE_INFINITY)),
                call("negative timing", c -> c.timing("t", -1)),
                call("negative duration", c -> c.timing("t", Duration.ofMillis(-1))),
                call("null duration", c -> c.timing("t", (Duration) null)),
                call("null set member", c -> c.set("s", (String) null)),
                call("empty set member", c -> c.set("s", "")),
                call("null name set", c -> c.set(null, 1L)),
                call("null name timing scope", c -> c.time(null).close()),
                call("NaN histogram", c -> ((DogStatsdClient) c).histogram("h", Double.NaN)),
                call("infinite distribution", c -> ((DogStatsdClient) c).distribution("d", Double.NEGATIVE_INFINITY)),
                call("bad histogram rate", c -> ((DogStatsdClient) c).histogram("h", 1, 0)),
                call("null name distribution", c -> ((DogStatsdClient) c).distribution(null, 1)));
    }

    private static Arguments call(String label, Consumer<StatsdClient> call) {
        return Arguments.of(label, call);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidCalls")
    void isDroppedAndCountedNeverThrown(String label, Consumer<StatsdClient> call) throws Exception {
        try (UdpReceiver receiver = UdpReceiver.start()) {
            StatsdClient client = DogStatsdClient.create(Loopback.udp(receiver).build());

            assertThatCode(() -> call.accept(client)).doesNotThrowAnyException();
            client.increment("valid");
            client.close();

            assertThat(Loopback.receivedAfterClose(receiver, client)).containsExactly("valid:1|c");
            StatsdStats stats = client.stats();
            assertThat(stats.droppedInvalid()).isEqualTo(1);
            assertThat(stats.dropped()).isEqualTo(1);
            assertThat(stats.sent()).isEqualTo(1);
        }
    }

    @Test
    void nullTagsAndNullTagElementsAreIgnoredNotFatal() throws Exception {
        for (Flavor flavor : Flavor.values()) {
            List<String> lines = Loopback.linesSentBy(StatsdConfig.builder().flavor(flavor), c -> {
                c.increment("a", (String[]) null);
                c.count("b", 2, (String[]) null);
                c.gauge("c", 3L, null, "k:v", null, "");
                c.batch().count("d", 4, (String[]) null).send();
            });

            String tagged =
                    switch (flavor) {
                        case ETSY -> "c.k.v:3|g";
                        case DATADOG -> "c:3|g|#k:v";
                        case TELEGRAF -> "c,k=v:3|g";
                    };
            assertThat(lines).as(flavor.name()).containsExactlyInAnyOrder("a:1|c", "b:2|c", tagged, "d:4|c");
        }
    }
}
