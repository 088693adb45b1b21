package io.github.statsd.internal;

import static io.github.statsd.internal.LineWriterTest.escape;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SanitizerTest {

    private final LineWriter w = new LineWriter(1024);

    private String written() {
        return new String(w.array(), 0, w.length(), StandardCharsets.UTF_8);
    }

    private String write(Sanitizer rule, String s) {
        w.reset();
        rule.write(w, s);
        assertThat(rule.length(s)).as(s).isEqualTo(w.length());
        return written();
    }

    @Test
    void eachFieldHasItsOwnRule() {
        String s = "a:b|c;d~e!f^g=h i\tj\u0085k\u00a0l\nm\r\nn";

        assertThat(write(Sanitizer.STATSD, s)).isEqualTo("a_b_c_d~e!f^g_h_i_j_k_l_m__n");
        assertThat(write(Sanitizer.GRAPHITE_PATH, s)).isEqualTo("a:b|c_d~e!f^g=h_i_j_k_l_m__n");
        assertThat(write(Sanitizer.GRAPHITE_TAG, s)).isEqualTo("a:b|c_d_e_f_g_h_i_j_k_l_m__n");
        assertThat(write(Sanitizer.DOGSTATSD_FIELD, s)).isEqualTo("a:b_c;d~e!f^g=h i_j_k\u00a0l_m__n");
        assertThat(write(Sanitizer.DOGSTATSD_MESSAGE, s)).isEqualTo("a:b_c;d~e!f^g=h i_j_k\u00a0l\\nm\\nn");
        assertThat(write(Sanitizer.DOGSTATSD_EVENT_TEXT, s)).isEqualTo("a:b|c;d~e!f^g=h i\tj\u0085k\u00a0l\\nm\\nn");
    }

    @Test
    void charactersAtTheEdgesOfEachClassAreJudgedByTheirOwnClass() {
        // '@' (64) is the first character of the second bitmap: special for metric names, not for Graphite paths
        assertThat(write(Sanitizer.STATSD, "a@b")).isEqualTo("a_b");
        assertThat(write(Sanitizer.GRAPHITE_PATH, "a@b")).isEqualTo("a@b");
        // U+0080 and U+009F, the first and last C1 controls, are past both bitmaps; U+00A0 is a space, not a control
        assertThat(write(Sanitizer.DOGSTATSD_FIELD, "a\u0080b\u009fc\u00a0d")).isEqualTo("a_b_c\u00a0d");
        // the last 2-byte and the first 3-byte character: their length in bytes is counted as they are written
        assertThat(write(Sanitizer.DOGSTATSD_EVENT_TEXT, "\u07ff\u0800")).isEqualTo("\u07ff\u0800");
        assertThat(Sanitizer.DOGSTATSD_EVENT_TEXT.length("\u0800")).isEqualTo(3);
    }

    @Test
    void escapesEveryKindOfLineBreakOnce() {
        assertThat(write(Sanitizer.DOGSTATSD_EVENT_TEXT, "\r\r\n\n\r")).isEqualTo("\\n\\n\\n\\n");
        assertThat(write(Sanitizer.DOGSTATSD_EVENT_TEXT, "a\r")).isEqualTo("a\\n");
    }

    @Test
    void writesUtf8AndBrokenSurrogatesAsQuestionMarksInEveryRule() {
        for (Sanitizer rule : new Sanitizer[] {
            Sanitizer.STATSD,
            Sanitizer.GRAPHITE_PATH,
            Sanitizer.GRAPHITE_TAG,
            Sanitizer.DOGSTATSD_FIELD,
            Sanitizer.DOGSTATSD_MESSAGE,
            Sanitizer.DOGSTATSD_EVENT_TEXT
        }) {
            assertThat(write(rule, "é日\ud83d\ude00\ud83dx\ude00")).isEqualTo("é日\ud83d\ude00?x?");
        }
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "a:b|a_b",
                "a@b|a_b",
                "a#b|a_b",
                "a,b|a_b",
                "a=b|a_b",
                "a;b|a_b",
                "\"a b\"|a_b",
                "a.b-c/d|a.b-c/d",
                "héllo|héllo",
                "日本|日本",
            })
    void sanitizesPrintableReservedCharacters(String input, String expected) {
        Sanitizer.STATSD.write(w, input);

        assertThat(written()).isEqualTo(expected);
        assertThat(Sanitizer.STATSD.length(input)).isEqualTo(w.length());
    }

    @Test
    void sanitizesSeparatorsControlsAndBrokenSurrogates() {
        String[][] table = {
            {"a|b", "a_b"},
            {"a\nb", "a_b"},
            {"a\rb", "a_b"},
            {"a\tb", "a_b"},
            {"a\u0000b", "a_b"},
            {"a\u001bb", "a_b"},
            {"a\u007fb", "a_b"},
            {"a\u0080b", "a_b"},
            {"a\u0085b", "a_b"},
            {"a\u00a0b", "a_b"},
            {"a\u2028b", "a_b"},
            {"a\u3000b", "a_b"},
            {"a\ud83d\ude00b", "a\ud83d\ude00b"},
            {"a\ud83db", "a?b"},
            {"a\ude00b", "a?b"},
            {"a\ud83d", "a?"},
            {"\ude00\ud83d", "??"},
        };
        for (String[] row : table) {
            w.reset();
            Sanitizer.STATSD.write(w, row[0]);

            assertThat(written()).as(escape(row[0])).isEqualTo(row[1]);
            assertThat(Sanitizer.STATSD.length(row[0])).as(escape(row[0])).isEqualTo(w.length());
        }
    }

    @Test
    void writesPartsOfStrings() {
        Sanitizer.STATSD.write(w, "key:va|ue", 4, 9);

        assertThat(written()).isEqualTo("va_ue");
    }

    @Test
    void encodesTheLastTwoByteAndFirstThreeByteCharacters() {
        Sanitizer.STATSD.write(w, "\u07ff\u0800");

        assertThat(java.util.Arrays.copyOf(w.array(), w.length())).containsExactly(0xDF, 0xBF, 0xE0, 0xA0, 0x80);
        assertThat(Sanitizer.STATSD.length("\u07ff")).isEqualTo(2);
        assertThat(Sanitizer.STATSD.length("\u0800")).isEqualTo(3);
        assertThat(written()).isEqualTo("\u07ff\u0800");
    }
}
