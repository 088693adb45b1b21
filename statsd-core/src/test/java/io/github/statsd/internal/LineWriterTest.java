package io.github.statsd.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LineWriterTest {

    private final LineWriter w = new LineWriter(1024);

    private String written() {
        return new String(w.array(), 0, w.length(), StandardCharsets.UTF_8);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "0|0",
                "-0.0|0",
                "1|1",
                "-1|-1",
                "0.1|0.1",
                "-0.1|-0.1",
                "123.456|123.456",
                "1.5|1.5",
                "0.333333333|0.333333",
                "0.6666666666|0.666667",
                "0.9999999|1",
                "1.0000004|1",
                "0.000001|0.000001",
                "1e10|10000000000",
                "9.0e15|9000000000000000",
                "1.5e20|150000000000000000000",
                "1e-7|0.0000001",
                "-1e-7|-0.0000001",
                "5e-7|0.0000005",
                "10000000000000.5|10000000000000.5",
                "36637694472.64402|36637694472.64402",
                "-2.5e-10|-0.00000000025",
            })
    void writesDoublesInPlainDecimalNotation(double value, String expected) {
        w.writeDouble(value);

        assertThat(written()).isEqualTo(expected);
    }

    @Test
    void neverWritesExponentNotationAndRoundTripsWithinTheDocumentedPrecision() {
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            double v = (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(60) - 30);
            w.reset();
            w.writeDouble(v);
            String text = written();

            assertThat(text).as("%s", v).matches("-?\\d+(\\.\\d+)?");
            double abs = Math.abs(v);
            if (abs >= 1e-6 && abs < 9e9 && v != Math.rint(v)) {
                // rounded to six fraction digits (plus the error of the double itself)
                assertThat(Double.parseDouble(text)).as("%s", v).isCloseTo(v, within(5e-7 + 2 * Math.ulp(v)));
            } else {
                assertThat(new BigDecimal(text).doubleValue()).as("%s", v).isEqualTo(v == 0 ? 0.0 : v);
            }
        }
    }

    @Test
    void extremeDoublesAreWrittenInFull() {
        w.writeDouble(Double.MAX_VALUE);
        assertThat(written()).startsWith("17976931348623157").hasSize(309).doesNotContain("E");

        LineWriter small = new LineWriter(400);
        small.writeDouble(Double.MIN_VALUE);
        assertThat(new String(small.array(), 0, small.length(), StandardCharsets.US_ASCII))
                .startsWith("0.000")
                .endsWith("49")
                .doesNotContain("E");
    }

    @ParameterizedTest
    @CsvSource({
        "0",
        "7",
        "-7",
        "10",
        "999",
        "1000",
        "-1000000",
        "9223372036854775807",
        "-9223372036854775808",
        "1000000000000000000"
    })
    void writesLongs(long value) {
        w.writeLong(value);

        assertThat(written()).isEqualTo(Long.toString(value));
    }

    @Test
    void overflowIsFlaggedNotThrown() {
        LineWriter tiny = new LineWriter(4);

        tiny.writeBytes("hello".getBytes(StandardCharsets.US_ASCII));
        assertThat(tiny.overflowed()).isTrue();
        assertThat(tiny.length()).isLessThanOrEqualTo(4);

        tiny.reset();
        tiny.writeLong(12345);
        assertThat(tiny.overflowed()).isTrue();

        tiny.reset();
        tiny.writeLong(Long.MIN_VALUE);
        assertThat(tiny.overflowed()).isTrue();

        tiny.reset();
        tiny.writeDouble(Double.MAX_VALUE);
        assertThat(tiny.overflowed()).isTrue();

        tiny.reset();
        tiny.writeLong(1234);
        assertThat(tiny.overflowed()).isFalse();
        assertThat(tiny.toString()).isEqualTo("1234");
    }

    @Test
    void bytesThatFillTheWriterExactlyFit() {
        LineWriter four = new LineWriter(4);
        four.writeBytes("ab".getBytes(StandardCharsets.US_ASCII));
        four.writeBytes("xcdx".getBytes(StandardCharsets.US_ASCII), 1, 2);

        assertThat(four.overflowed()).isFalse();
        assertThat(four.toString()).isEqualTo("abcd");
        four.writeBytes(new byte[] {'e'});
        assertThat(four.overflowed()).isTrue();
    }

    @Test
    void writeCharEncodesTheFirstTwoByteAndALateFourByteCharacter() {
        // writeChar does not sanitize: U+0080 is a control character that Sanitizer.STATSD would replace
        w.writeChar("\u0080", 0, 1);
        // U+E0001, the highest bits of its code point in the first byte
        w.writeChar("\udb40\udc01", 0, 2);

        assertThat(java.util.Arrays.copyOf(w.array(), w.length())).containsExactly(0xC2, 0x80, 0xF3, 0xA0, 0x80, 0x81);
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            b.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return b.toString();
    }
}
