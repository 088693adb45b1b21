package io.github.statsd.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.statsd.Flavor;
import io.github.statsd.StatsdClient;
import io.github.statsd.StatsdStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Names and tags with the protocol's separators, line breaks and broken UTF-16: one well-formed line per metric. */
class BadInputTest {

    /** Every separator of the three flavours, a line break and an unpaired surrogate. */
    private static final String BAD = "a:b|c@d#e,f=g\nh\ri\uD800j";

    /** A name, tag key or tag value as the flavour writes it: none of its separators. */
    private static final String PART = "[^:|@#,=\\n\\r]+";

    private static Pattern wellFormed(Flavor flavor) {
        String value = ":-?[0-9.]+\\|(c|ms|h|g)";
        switch (flavor) {
            case ETSY:
                return Pattern.compile(PART + value);
            case DATADOG:
                return Pattern.compile(PART + value + "\\|#" + PART + ":" + PART + "(," + PART + ":" + PART + ")*");
            default:
                return Pattern.compile(PART + "(," + PART + "=" + PART + ")+" + value);
        }
    }

    @ParameterizedTest
    @EnumSource(Flavor.class)
    void separatorsInNamesAndTagsNeverCorruptOrInjectALine(Flavor flavor) throws Exception {
        try (LineReceiver receiver = LineReceiver.start()) {
            StatsdClientMeterRegistry registry = Wire.closing(receiver, flavor);
            Tags tags = Tags.of(BAD, BAD, "k", BAD);
            // the names differ in front: Micrometer keeps one meter type per name
            registry.counter("c" + BAD, tags).increment();
            registry.timer("t" + BAD, tags).record(Duration.ofMillis(5));
            registry.summary("s" + BAD, tags).record(5);
            registry.gauge("g" + BAD, tags, new AtomicInteger(5));
            registry.close();

            List<String> lines = receiver.afterSent(registry.client().stats().packetsSent());
            assertThat(lines).hasSize(4).allSatisfy(l -> assertThat(l)
                    .matches(wellFormed(flavor))
                    // the unpaired surrogate was not written as invalid UTF-8
                    .doesNotContain("\uFFFD"));
            assertThat(registry.client().stats().dropped()).isZero();
            if (flavor != Flavor.ETSY) {
                // the first tag (by key) has the bad key and value: sanitized alike, not split at the key's colon
                assertThat(lines).allSatisfy(l -> {
                    String[] tag = firstTag(flavor, l).split(flavor == Flavor.DATADOG ? ":" : "=", -1);
                    assertThat(tag).hasSize(2);
                    assertThat(tag[0]).isEqualTo(tag[1]);
                });
            }
        }
    }

    private static String firstTag(Flavor flavor, String line) {
        if (flavor == Flavor.DATADOG) {
            return line.substring(line.indexOf("|#") + 2).split(",")[0];
        }
        return line.substring(0, line.lastIndexOf(':')).split(",")[1];
    }

    @ParameterizedTest
    @EnumSource(Flavor.class)
    void aFilterThatDeniesEverythingLeavesTheClientIdle(Flavor flavor) throws Exception {
        try (LineReceiver receiver = LineReceiver.start()) {
            StatsdClientMeterRegistry registry = Wire.closing(receiver, flavor);
            registry.config().meterFilter(MeterFilter.deny());
            registry.counter("orders").increment();
            registry.timer("latency").record(Duration.ofMillis(5));
            registry.summary("size").record(5);
            registry.gauge("queue", new AtomicInteger(5));
            FunctionCounter.builder("requests", new AtomicLong(5), AtomicLong::get)
                    .register(registry);
            LongTaskTimer.builder("batch").register(registry).start();
            registry.close();

            assertThat(registry.client().stats()).isEqualTo(new StatsdStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
            assertThat(registry.polledMeters()).isZero();
            // nothing arrives before a line sent after the registry was closed
            try (StatsdClient marker =
                    StatsdClient.create(Wire.udp(receiver, flavor).build())) {
                marker.increment("marker");
                receiver.awaitMatching(l -> l.startsWith("marker"));
            }
            assertThat(receiver.lines()).hasSize(1);
        }
    }
}
