package io.github.statsd.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

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
}
