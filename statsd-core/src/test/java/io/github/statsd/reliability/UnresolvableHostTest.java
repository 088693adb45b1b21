package io.github.statsd.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.statsd.Protocol;
import io.github.statsd.StatsdClient;
import io.github.statsd.StatsdConfig;
import io.github.statsd.StatsdStats;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A host name that does not resolve is not a configuration error: DNS may be late at start-up. The client is created,
 * the sender keeps retrying the lookup, and metrics are counted as dropped until it resolves. (Delivery once it
 * resolves, and a changed address, are tested in {@link DnsChangeTest}, which needs its own JVM.)
 */
class UnresolvableHostTest {

    @ParameterizedTest
    @EnumSource(
            value = Protocol.class,
            names = {"UDP", "TCP"})
    void unresolvableHostIsRetriedAndItsMetricsCounted(Protocol protocol) {
        List<Exception> errors = new CopyOnWriteArrayList<>();
        // RFC 2606: .invalid never resolves
        StatsdClient client = StatsdClient.create(StatsdConfig.builder()
                .host("statsd.invalid")
                .protocol(protocol)
                .queueCapacity(4)
                .maxPacketSize(128)
                .flushInterval(Duration.ofMillis(20))
                .closeTimeout(Duration.ofMillis(300))
                .errorHandler(errors::add)
                .build());
        int calls = 2_000;
        try {
            for (int i = 0; i < calls; i++) {
                client.increment("lost");
            }
            // retried with backoff, not given up after the first failure
            await().atMost(Duration.ofSeconds(15))
                    .until(() -> errors.stream()
                                    .filter(e -> e instanceof UnknownHostException)
                                    .count()
                            >= 3);
        } finally {
            client.close();
        }
        StatsdStats stats = client.stats();

        assertThat(stats.sent()).isZero();
        assertThat(stats.dropped()).isEqualTo(calls);
        assertThat(stats.droppedQueueFull()).isPositive();
        assertThat(stats.droppedClosed())
                .as("queued packets still unsent at the close timeout")
                .isPositive();
    }
}
