package io.github.statsd;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.statsd.testing.UdpReceiver;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Constant tags of any length are written whole, or their lines are dropped as oversize: never cut. */
class LongConstantTagsTest {

    /** 100 tags of about 185 bytes each, with 2- and 3-byte characters: longer than any fixed buffer. */
    private static final List<String> TAGS = tags();

    private static List<String> tags() {
        List<String> tags = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            tags.add("k" + i + ":" + "v\u00e9\u65e5".repeat(30));
        }
        return tags;
    }

    private static String expected(Flavor flavor) {
        return expected(flavor, TAGS);
    }

    private static String expected(Flavor flavor, List<String> tags) {
        return switch (flavor) {
            case ETSY -> "m" + tags.stream().map(t -> "." + t.replace(':', '.')).collect(Collectors.joining()) + ":1|c";
            case DATADOG -> "m:1|c|#" + String.join(",", tags);
            case TELEGRAF -> "m"
                    + tags.stream().map(t -> "," + t.replace(':', '=')).collect(Collectors.joining()) + ":1|c";
        };
    }

    @ParameterizedTest
    @EnumSource(Flavor.class)
    void shortConstantTagsArriveWhole(Flavor flavor) throws Exception {
        // the encoders size their buffer from the tags, at 3 bytes a character: short tags of 3-byte characters
        // need the room for separators most
        List<String> tags = List.of("\u65e5:\u672c", "\u6708:\u706b");
        StatsdConfig.Builder config = StatsdConfig.builder().flavor(flavor).constantTags(tags.toArray(new String[0]));

        List<String> lines = Loopback.linesSentBy(config, c -> c.increment("m"));

        assertThat(lines).containsExactly(expected(flavor, tags));
    }

    @ParameterizedTest
    @EnumSource(Flavor.class)
    void constantTagsOfMoreThanTenThousandBytesArriveWhole(Flavor flavor) throws Exception {
        StatsdConfig.Builder config =
                StatsdConfig.builder().flavor(flavor).maxPacketSize(30_000).constantTags(TAGS.toArray(new String[0]));

        List<String> lines = Loopback.linesSentBy(config, c -> c.increment("m"));

        assertThat(expected(flavor).getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
                .isGreaterThan(10_000);
        assertThat(lines).containsExactly(expected(flavor));
    }

    @ParameterizedTest
    @EnumSource(Flavor.class)
    void aLineTheConstantTagsMakeLongerThanAPacketIsDroppedAsOversize(Flavor flavor) throws Exception {
        try (UdpReceiver receiver = UdpReceiver.start()) {
            StatsdClient client = StatsdClient.create(Loopback.udp(receiver)
                    .flavor(flavor)
                    .maxPacketSize(8192)
                    .constantTags(TAGS.toArray(new String[0]))
                    .build());
            client.increment("m");
            client.close();

            assertThat(Loopback.receivedAfterClose(receiver, client)).isEmpty();
            assertThat(client.stats().droppedOversize()).isEqualTo(1);
        }
    }
}
