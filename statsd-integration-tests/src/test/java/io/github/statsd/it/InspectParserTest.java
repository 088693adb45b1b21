package io.github.statsd.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InspectParserTest {

    @Test
    void parsesMultiLineObjectWithQuotedAndBareKeys() {
        String printed = "{\n  'statsd.bad_lines_seen': 0,\n  'h;env=x;k=v': 1.5,\n  zz: 10,\n  neg: -3.25e2\n}\n";

        assertThat(InspectParser.parse(printed))
                .containsExactly(
                        Map.entry("statsd.bad_lines_seen", 0.0),
                        Map.entry("h;env=x;k=v", 1.5),
                        Map.entry("zz", 10.0),
                        Map.entry("neg", -325.0));
    }

    @Test
    void parsesOneLineObjectsAndArrays() {
        assertThat(InspectParser.parse("{ t: [ 12, 15.5 ], 'a-b': [], e: [\n    1, 2, 3,\n    4 ] }"))
                .containsExactly(
                        Map.entry("t", List.of(12.0, 15.5)),
                        Map.entry("a-b", List.of()),
                        Map.entry("e", List.of(1.0, 2.0, 3.0, 4.0)));
        assertThat(InspectParser.parse("{}")).isEmpty();
    }

    @Test
    void readsEscapesInQuotedKeys() {
        assertThat(InspectParser.parse("{ \"it's\": 1, 'a\\'b': NaN, `c`: -Infinity }"))
                .containsExactly(
                        Map.entry("it's", 1.0), Map.entry("a'b", Double.NaN), Map.entry("c", Double.NEGATIVE_INFINITY));
    }

    @Test
    void rejectsTruncatedArraysAndGarbage() {
        assertThatThrownBy(() -> InspectParser.parse("{ t: [ 1, 2, ... 98 more items ] }"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("truncated");
        assertThatThrownBy(() -> InspectParser.parse("ERROR")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> InspectParser.parse("{ a: x }")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> InspectParser.parse("{ a: 1 } extra")).isInstanceOf(IllegalArgumentException.class);
    }
}
