package io.github.statsd;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.statsd.testing.UdpReceiver;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A name's tags are encoded once per set of tag strings and then copied: whatever a caller does with its arrays, the
 * line must carry the tags of the call.
 */
class RepeatedTagsTest {

    private static List<String> send(java.util.function.Consumer<StatsdClient> calls) throws Exception {
        try (UdpReceiver receiver = UdpReceiver.start()) {
            StatsdClient client = StatsdClient.create(Loopback.udp(receiver)
                    .flavor(Flavor.DATADOG)
                    .constantTags("env:prod")
                    .senderThreads(1)
                    .build());
            calls.accept(client);
            client.close();
            long sent = client.stats().sent();
            assertThat(client.stats().dropped()).isZero();
            Loopback.awaiting().until(() -> receiver.lines().size() >= sent);
            return receiver.lines();
        }
    }

    @Test
    void writesTheTagsOfEachCallWhenACallerRefillsItsArray() throws Exception {
        String[] tags = {"a:1", "b:1"};
        List<String> lines = send(client -> {
            client.increment("n", tags);
            tags[1] = "b:2";
            client.increment("n", tags);
            tags[0] = "a|x";
            client.increment("n", tags);
            tags[0] = "a:1";
            tags[1] = "b:1";
            client.increment("n", tags);
        });
        assertThat(lines)
                .containsExactly(
                        "n:1|c|#env:prod,a:1,b:1",
                        "n:1|c|#env:prod,a:1,b:2",
                        "n:1|c|#env:prod,a_x,b:2",
                        "n:1|c|#env:prod,a:1,b:1");
    }

    @Test
    void writesTheTagsOfEachCallPastTheFewSetsANameRemembers() throws Exception {
        List<String> expected = new ArrayList<>();
        List<String> lines = send(client -> {
            for (int round = 0; round < 3; round++) {
                for (int i = 0; i < 10; i++) {
                    client.increment("n", "status:" + i);
                    client.increment("n");
                    client.increment("n", (String[]) null);
                    client.increment("n", "status:" + i, "extra");
                }
            }
        });
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 10; i++) {
                expected.add("n:1|c|#env:prod,status:" + i);
                expected.add("n:1|c|#env:prod");
                expected.add("n:1|c|#env:prod");
                expected.add("n:1|c|#env:prod,status:" + i + ",extra");
            }
        }
        assertThat(lines).containsExactlyElementsOf(expected);
    }

    @Test
    void keepsTheTagsOfOneNameApartFromAnothers() throws Exception {
        String[] shared = {"k:v"};
        List<String> lines = send(client -> {
            for (int i = 0; i < 3; i++) {
                client.increment("a", shared);
                client.increment("b");
                client.gauge("a", 2);
                client.increment("b", shared);
            }
        });
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            expected.add("a:1|c|#env:prod,k:v");
            expected.add("b:1|c|#env:prod");
            expected.add("a:2|g|#env:prod");
            expected.add("b:1|c|#env:prod,k:v");
        }
        assertThat(lines).containsExactlyElementsOf(expected);
    }
}
