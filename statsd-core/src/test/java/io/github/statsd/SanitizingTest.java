package io.github.statsd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Whatever a name, tag or set member holds, one call produces exactly the one intended line. */
class SanitizingTest {

    /** Input and what the sanitizing rule makes of it. */
    private static final String[][] TABLE = {
        {"a:b", "a_b"},
        {"a|b", "a_b"},
        {"a@b", "a_b"},
        {"a#b", "a_b"},
        {"a,b", "a_b"},
        {"a=b", "a_b"},
        {"a;b", "a_b"},
        {"a b", "a_b"},
        {"a\nb", "a_b"},
        {"a\rb", "a_b"},
        {"a\r\nb", "a__b"},
        {"a\tb", "a_b"},
        {"a\u0000b", "a_b"},
        {"a\u001fb", "a_b"},
        {"a\u007fb", "a_b"},
        {"a\u0085b", "a_b"},
        {"a\u2028b", "a_b"},
        {"a\u2029b", "a_b"},
        {"a\u00a0b", "a_b"},
        {"tr\u00e8s-\u00e9t\u00e9", "tr\u00e8s-\u00e9t\u00e9"},
        {"\u65e5\u672c", "\u65e5\u672c"},
        {"a\ud83d\ude00b", "a\ud83d\ude00b"},
        {"a\ud83db", "a?b"},
        {"a\ude00b", "a?b"},
        {"a\ud83d", "a?"},
        {"x:1|c\ny:2|c", "x_1_c_y_2_c"},
        {"k:v|#t:u", "k_v__t_u"},
    };

    enum Position {
        NAME,
        TAG_KEY,
        TAG_VALUE,
        SET_MEMBER
    }

    static Stream<Arguments> flavourAndPosition() {
        List<Arguments> all = new ArrayList<>();
        for (Flavor flavor : Flavor.values()) {
            for (Position position : Position.values()) {
                all.add(Arguments.of(flavor, position));
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("flavourAndPosition")
    void everyCallProducesExactlyTheIntendedLine(Flavor flavor, Position position) throws Exception {
        List<String> expected = new ArrayList<>();
        List<String[]> rows = new ArrayList<>();
        for (String[] row : TABLE) {
            // the first colon of a tag separates key and value: a key cannot hold one
            if (!(position == Position.TAG_KEY && row[0].contains(":"))) {
                rows.add(row);
                expected.add(line(flavor, position, row[1]));
            }
        }

        List<String> lines = Loopback.linesSentBy(StatsdConfig.builder().flavor(flavor), client -> {
            for (String[] row : rows) {
                String raw = row[0];
                switch (position) {
                    case NAME -> client.increment(raw);
                    case TAG_KEY -> client.increment("m", raw + ":v");
                    case TAG_VALUE -> client.increment("m", "k:" + raw);
                    case SET_MEMBER -> client.set("m", raw);
                }
            }
        });

        // packets from different stripes may arrive in any order; the lines must be exactly these
        assertThat(lines).containsExactlyInAnyOrderElementsOf(expected);
    }

    private static String line(Flavor flavor, Position position, String clean) {
        return switch (position) {
            case NAME -> clean + ":1|c";
            case SET_MEMBER -> "m:" + clean + "|s";
            case TAG_KEY -> switch (flavor) {
                case ETSY -> "m." + clean + ".v:1|c";
                case DATADOG -> "m:1|c|#" + clean + ":v";
                case TELEGRAF -> "m," + clean + "=v:1|c";
            };
            case TAG_VALUE -> switch (flavor) {
                case ETSY -> "m.k." + clean + ":1|c";
                case DATADOG -> "m:1|c|#k:" + clean;
                case TELEGRAF -> "m,k=" + clean + ":1|c";
            };
        };
    }

    @Test
    void prefixAndConstantTagsAreSanitizedToo() throws Exception {
        StatsdConfig.Builder config = StatsdConfig.builder().prefix("my app|x").constantTags("e#nv:pr,od", "can ary");

        assertThat(Loopback.linesSentBy(config.flavor(Flavor.ETSY), c -> c.increment("hits")))
                .containsExactly("my_app_x.hits.e_nv.pr_od.can_ary:1|c");
        assertThat(Loopback.linesSentBy(config.flavor(Flavor.DATADOG), c -> c.increment("hits")))
                .containsExactly("my_app_x.hits:1|c|#e_nv:pr_od,can_ary");
        assertThat(Loopback.linesSentBy(config.flavor(Flavor.TELEGRAF), c -> c.increment("hits")))
                .containsExactly("my_app_x.hits,e_nv=pr_od,can_ary=true:1|c");
    }

    @Test
    void aTagValueMayHoldMoreColonsWhichAreSanitized() throws Exception {
        assertThat(Loopback.linesSentBy(
                        StatsdConfig.builder().flavor(Flavor.DATADOG), c -> c.increment("m", "url:http://x")))
                .containsExactly("m:1|c|#url:http_//x");
    }
}
