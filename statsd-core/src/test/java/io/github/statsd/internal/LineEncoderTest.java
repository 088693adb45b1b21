package io.github.statsd.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The parts every flavour shares: empty tag parts, the container id, the prefix, the rate. */
class LineEncoderTest {

    private static String line(LineEncoder encoder, double rate, String... tags) {
        LineWriter w = new LineWriter(512);
        encoder.writeHead(w, "m", tags);
        w.writeLong(1);
        encoder.writeTail(w, MetricType.COUNTER, rate, tags);
        return new String(w.array(), 0, w.length(), StandardCharsets.UTF_8);
    }

    @Test
    void writesAnEmptyTagKeyOrValueAsAnUnderscoreInEveryFlavour() {
        assertThat(line(LineEncoder.datadog("", List.of(), null), 1.0, ":v", "k:", ":"))
                .isEqualTo("m:1|c|#_:v,k:_,_:_");
        assertThat(line(LineEncoder.telegraf("", List.of()), 1.0, ":v", "k:", ":"))
                .isEqualTo("m,_=v,k=_,_=_:1|c");
        assertThat(line(LineEncoder.etsy("", List.of()), 1.0, ":v", "k:", ":")).isEqualTo("m._.v.k._._._:1|c");
    }

    @Test
    void writesTheContainerIdAsItIs() {
        assertThat(line(LineEncoder.datadog("", List.of(), "abc-123"), 1.0)).isEqualTo("m:1|c|c:abc-123");
    }

    @Test
    void writesThePrefixSanitizedWithItsDotAndTheRateOnlyBelowOne() {
        assertThat(line(LineEncoder.etsy("my app", List.of()), 1.0)).isEqualTo("my_app.m:1|c");
        assertThat(line(LineEncoder.etsy("my app", List.of()), 0.5)).isEqualTo("my_app.m:1|c|@0.5");
        assertThat(line(LineEncoder.etsy("", List.of()), 0.999999)).isEqualTo("m:1|c|@0.999999");
    }
}
