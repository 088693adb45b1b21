package io.github.statsd.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Which calls may be deferred to a sender (few enough tags and characters that the entry surely fits a packet), and the
 * entry written for each kind of value.
 */
class MetricEncoderTest {

    private static final List<String> CONSTANT_TAGS = List.of("env:prod", "region:eu-west-1");

    static Stream<Arguments> flavours() {
        return Stream.of(
                Arguments.of("etsy", LineEncoder.etsy("app", CONSTANT_TAGS)),
                Arguments.of("datadog", LineEncoder.datadog("app", CONSTANT_TAGS, "abc123")),
                Arguments.of("telegraf", LineEncoder.telegraf("app", CONSTANT_TAGS)));
    }

    private static String chars(int n, char c) {
        char[] a = new char[n];
        Arrays.fill(a, c);
        return new String(a);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("flavours")
    void defersANameOfExactlyTheBudgetButNotOneCharacterMore(String flavour, LineEncoder encoder) {
        MetricEncoder metrics = new MetricEncoder(encoder, 1432);
        int budget = metrics.deferredChars();
        assertThat(budget).isPositive();
        assertThat(metrics.fitsDeferred(chars(budget, 'n'), null)).isTrue();
        assertThat(metrics.fitsDeferred(chars(budget + 1, 'n'), null)).isFalse();
        assertThat(metrics.fitsDeferred(chars(budget, 'n'), new String[0])).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("flavours")
    void countsTheCharactersOfEveryTagButNotOfANullOne(String flavour, LineEncoder encoder) {
        MetricEncoder metrics = new MetricEncoder(encoder, 1432);
        int budget = metrics.deferredChars();
        String name = chars(budget - 7, 'n');
        assertThat(metrics.fitsDeferred(name, new String[] {"a:b", "cd"})).isTrue();
        assertThat(metrics.fitsDeferred(name, new String[] {"a:b", "cdef"}))
                .as("exactly the budget")
                .isTrue();
        assertThat(metrics.fitsDeferred(name, new String[] {"a:b", "cdefg"}))
                .as("one over")
                .isFalse();
        assertThat(metrics.fitsDeferred(name, new String[] {"a:bc", null, "defg"}))
                .isFalse();
        assertThat(metrics.fitsDeferred(name, new String[] {null, "a:bc", null, "def"}))
                .isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("flavours")
    void defersAtMostMaxDeferredTagsHoweverShort(String flavour, LineEncoder encoder) {
        MetricEncoder metrics = new MetricEncoder(encoder, 1432);
        String[] most = new String[Packet.MAX_DEFERRED_TAGS];
        Arrays.fill(most, "t");
        String[] oneMore = new String[Packet.MAX_DEFERRED_TAGS + 1];
        Arrays.fill(oneMore, "t");
        assertThat(metrics.fitsDeferred("n", most)).isTrue();
        assertThat(metrics.fitsDeferred("n", oneMore)).isFalse();
        Arrays.fill(oneMore, null);
        assertThat(metrics.fitsDeferred("n", oneMore)).as("counted, even null").isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("flavours")
    void defersNothingWhenPacketsAreTooSmallForTheFixedParts(String flavour, LineEncoder encoder) {
        for (int size : new int[] {8, 64, 150}) {
            MetricEncoder metrics = new MetricEncoder(encoder, size);
            assertThat(metrics.deferredChars()).as("budget at %d bytes", size).isLessThanOrEqualTo(0);
            assertThat(metrics.fitsDeferred("n", null)).isFalse();
        }
    }

    /**
     * The budget, worked out as its javadoc says for two configurations: a packet less two entries' fixed parts (the
     * head and tail of a one-character timer line at rate 0.5, here 14 and 50 bytes; 25 bytes of value and 2 of type
     * code per entry; MAX_DEFERRED_TAGS + 2 separators per entry), less one, in 6-byte characters. The packet sizes are
     * chosen so that the division leaves 4: a budget one byte over would be one character more.
     */
    @Test
    void hasTheBudgetItsJavadocWorksOut() {
        int etsyFixed = "app.x:".length() + "|ms|@0.5".length() + 2 * 25 + 4 + 2 * (Packet.MAX_DEFERRED_TAGS + 2);
        assertThat(etsyFixed).isEqualTo(82);
        MetricEncoder etsy = new MetricEncoder(LineEncoder.etsy("app", List.of()), 1435);
        assertThat(etsy.deferredChars()).isEqualTo((1435 - 2 * 82 - 1) / 6).isEqualTo(211);

        int datadogFixed = "app.x:".length()
                + "|ms|@0.5|#env:prod,region:eu-west-1|c:abc123".length()
                + 2 * 25
                + 4
                + 2 * (Packet.MAX_DEFERRED_TAGS + 2);
        assertThat(datadogFixed).isEqualTo(118);
        MetricEncoder datadog = new MetricEncoder(LineEncoder.datadog("app", CONSTANT_TAGS, "abc123"), 1435);
        assertThat(datadog.deferredChars()).isEqualTo((1435 - 2 * 118 - 1) / 6).isEqualTo(199);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("flavours")
    void givesItsLineEncoderAndWhetherItWritesGaugeDeltas(String flavour, LineEncoder encoder) {
        MetricEncoder metrics = new MetricEncoder(encoder, 1432);
        assertThat(metrics.lineEncoder()).isSameAs(encoder);
        assertThat(metrics.supportsGaugeDelta()).isEqualTo(!flavour.equals("datadog"));
    }

    /**
     * The budget's promise: an entry within it fits a packet whatever it is, here the longest there is, a negative
     * gauge written as a reset and a delta, every character three bytes, every tag place taken, and a long rate.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("flavours")
    void anEntryWithinTheBudgetFitsAPacketEvenAtItsLongest(String flavour, LineEncoder encoder) {
        for (int size : new int[] {256, 512, 1432, 8932}) {
            MetricEncoder metrics = new MetricEncoder(encoder, size);
            int budget = metrics.deferredChars();
            assertThat(budget).as("budget at %d bytes", size).isPositive();
            int tagChars = Math.min(budget - 1, Packet.MAX_DEFERRED_TAGS * 2);
            String[] tags = new String[Packet.MAX_DEFERRED_TAGS];
            for (int i = 0; i < tags.length; i++) {
                tags[i] = chars(tagChars / tags.length, '\u20ac');
            }
            int used = (tagChars / tags.length) * tags.length;
            String name = chars(budget - used, '\u20ac');
            assertThat(metrics.fitsDeferred(name, tags)).isTrue();

            LineWriter w = new LineWriter(size);
            metrics.write(w, name, MetricType.GAUGE, ValueKind.LONG_VALUE, Long.MIN_VALUE, 0, null, 0.123457, tags);
            assertThat(w.overflowed()).as("%s at %d bytes", flavour, size).isFalse();
            w.reset();
            metrics.write(w, name, MetricType.GAUGE, ValueKind.DOUBLE_VALUE, 0, -1234567.123457, null, 0.000001, tags);
            assertThat(w.overflowed()).as("%s at %d bytes", flavour, size).isFalse();
        }
    }

    private static String entry(
            LineEncoder encoder,
            MetricType type,
            ValueKind kind,
            long longValue,
            double doubleValue,
            String member,
            double rate) {
        LineWriter w = new LineWriter(512);
        new MetricEncoder(encoder, 1432)
                .write(w, "m", type, kind, longValue, doubleValue, member, rate, new String[] {"k:v"});
        return new String(w.array(), 0, w.length(), StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void writesANegativeAbsoluteGaugeAsAResetAndADeltaWhereDeltasExist(boolean longValue) {
        LineEncoder etsy = LineEncoder.etsy("", List.of());
        ValueKind kind = longValue ? ValueKind.LONG_VALUE : ValueKind.DOUBLE_VALUE;
        assertThat(entry(etsy, MetricType.GAUGE, kind, -3, -3, null, 0.5)).isEqualTo("m.k.v:0|g\nm.k.v:-3|g|@0.5");
        assertThat(entry(etsy, MetricType.GAUGE, kind, 0, 0, null, 1.0)).isEqualTo("m.k.v:0|g");
        assertThat(entry(etsy, MetricType.GAUGE, kind, 3, 3, null, 1.0)).isEqualTo("m.k.v:3|g");
        // a counter below zero is a plain line
        assertThat(entry(etsy, MetricType.COUNTER, kind, -3, -3, null, 1.0)).isEqualTo("m.k.v:-3|c");
        // DogStatsD has no deltas: a gauge below zero is absolute
        assertThat(entry(LineEncoder.datadog("", List.of(), null), MetricType.GAUGE, kind, -3, -3, null, 1.0))
                .isEqualTo("m:-3|g|#k:v");
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void looksOnlyAtTheValueTheCallCarries(boolean longValue) {
        LineEncoder etsy = LineEncoder.etsy("", List.of());
        // the other value is left at what the caller had: only the one of the kind counts for the sign
        if (longValue) {
            assertThat(entry(etsy, MetricType.GAUGE, ValueKind.LONG_VALUE, 3, -1, null, 1.0))
                    .isEqualTo("m.k.v:3|g");
        } else {
            assertThat(entry(etsy, MetricType.GAUGE, ValueKind.DOUBLE_VALUE, -1, 3, null, 1.0))
                    .isEqualTo("m.k.v:3|g");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"etsy", "telegraf"})
    void signsEveryGaugeDeltaZeroIncluded(String flavour) {
        LineEncoder encoder =
                flavour.equals("etsy") ? LineEncoder.etsy("", List.of()) : LineEncoder.telegraf("", List.of());
        String tail = "|g";
        String name = flavour.equals("etsy") ? "m.k.v:" : "m,k=v:";
        assertThat(entry(encoder, MetricType.GAUGE, ValueKind.GAUGE_DELTA, 0, 2.5, null, 1.0))
                .isEqualTo(name + "+2.5" + tail);
        assertThat(entry(encoder, MetricType.GAUGE, ValueKind.GAUGE_DELTA, 0, -2.5, null, 1.0))
                .isEqualTo(name + "-2.5" + tail);
        assertThat(entry(encoder, MetricType.GAUGE, ValueKind.GAUGE_DELTA, 0, 0.0, null, 1.0))
                .isEqualTo(name + "+0" + tail);
        assertThat(entry(encoder, MetricType.GAUGE, ValueKind.GAUGE_DELTA, 0, -0.0, null, 1.0))
                .isEqualTo(name + "-0" + tail);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("flavours")
    void writesSetMembersSanitizedAndOtherValuesAsNumbers(String flavour, LineEncoder encoder) {
        assertThat(entry(encoder, MetricType.SET, ValueKind.SET_MEMBER, 7, 7, "a|b", 1.0))
                .contains(":a_b|s");
        assertThat(entry(encoder, MetricType.SET, ValueKind.LONG_VALUE, 7, 0, null, 1.0))
                .contains(":7|s");
        assertThat(entry(encoder, MetricType.TIMER, ValueKind.DOUBLE_VALUE, 0, 1.5, null, 1.0))
                .contains(":1.5|ms");
    }
}
