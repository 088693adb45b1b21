package io.github.statsd;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.statsd.testing.UdpReceiver;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** All the threads of one client carry one id, so that a thread dump shows which threads belong together. */
@Timeout(60)
class ThreadNamesTest {

    private static final Pattern NAME = Pattern.compile("statsd-(sender|aggregator)-(\\d+)(-\\d+)?");

    private static Set<Thread> threads() {
        return new HashSet<>(Thread.getAllStackTraces().keySet());
    }

    @Test
    void anAggregatingClientsSenderAndAggregatorThreadsShareTheClientsId() throws Exception {
        try (UdpReceiver receiver = UdpReceiver.start()) {
            // clients without an aggregator take ids too: the aggregating one must not get another count's id
            StatsdClient plain = StatsdClient.create(Loopback.udp(receiver).build());
            GraphiteClient graphite = GraphiteClient.create(GraphiteConfig.builder()
                    .host("127.0.0.1")
                    .port(receiver.port())
                    .protocol(Protocol.UDP)
                    .build());
            Set<Thread> before = threads();
            StatsdClient aggregating = StatsdClient.create(
                    Loopback.udp(receiver).aggregation(true).senderThreads(2).build());
            try {
                Set<Thread> started = threads();
                started.removeAll(before);
                List<String> names = started.stream()
                        .map(Thread::getName)
                        .filter(n -> NAME.matcher(n).matches())
                        .sorted()
                        .toList();
                assertThat(names).hasSize(3).anyMatch(n -> n.startsWith("statsd-aggregator-"));
                Set<String> ids = new HashSet<>();
                for (String name : names) {
                    Matcher m = NAME.matcher(name);
                    assertThat(m.matches()).isTrue();
                    ids.add(m.group(2));
                }
                assertThat(ids).as("ids of %s", names).hasSize(1);
            } finally {
                aggregating.close();
                graphite.close();
                plain.close();
            }
        }
    }
}
