package io.github.statsd;

import static io.github.statsd.Loopback.awaiting;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.statsd.testing.TcpReceiver;
import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A hang here would mean a metric call blocked on the network: the class timeout turns that into a failure. */
@Timeout(60)
class TcpReconnectTest {

    private final List<Exception> errors = new CopyOnWriteArrayList<>();

    private boolean refusedAfter(int seen) {
        return errors.stream().skip(seen).anyMatch(e -> e instanceof ConnectException);
    }

    /**
     * Sends probes until the sender has seen a connection refused. A write into a connection the server has just closed
     * can succeed locally and be lost (TCP cannot tell before the peer's reset arrives), so the test only counts on
     * metrics sent after the sender knows.
     */
    private int awaitServerFoundGone(StatsdClient client) {
        int seen = errors.size();
        AtomicInteger probes = new AtomicInteger();
        awaiting().until(() -> {
            client.increment("probe");
            probes.incrementAndGet();
            return refusedAfter(seen);
        });
        return probes.get();
    }

    private static long count(TcpReceiver receiver, String line) {
        return receiver.lines().stream().filter(line::equals).count();
    }

    @Test
    void reconnectsAfterTheServerRestartsAndSendsWhatWasHeldMeanwhile() throws Exception {
        try (TcpReceiver receiver = TcpReceiver.start();
                StatsdClient client = StatsdClient.create(Loopback.tcp(receiver)
                        .flushInterval(Duration.ofMillis(10))
                        .errorHandler(errors::add)
                        .build())) {
            client.increment("before");
            awaiting().until(() -> count(receiver, "before:1|c") == 1);

            receiver.stop();
            awaitServerFoundGone(client);
            // the sender holds what it has while it retries: these wait for the server
            for (int i = 0; i < 100; i++) {
                client.increment("during");
            }
            receiver.restart();

            awaiting().untilAsserted(() -> assertThat(count(receiver, "during:1|c"))
                    .as(() -> client.stats() + " " + errors + " " + receiver.lines())
                    .isEqualTo(100));
            awaiting().untilAsserted(() -> {
                client.increment("after");
                assertThat(receiver.lines()).contains("after:1|c");
            });
            assertThat(receiver.acceptedConnections()).isEqualTo(2);
            assertThat(client.stats().droppedQueueFull()).isZero();
        }
    }

    @Test
    void callsNeverBlockWhileTheServerIsDownAndWhatDoesNotFitIsCounted() throws Exception {
        int calls = 20_000;
        try (TcpReceiver receiver = TcpReceiver.start()) {
            StatsdClient client = StatsdClient.create(Loopback.tcp(receiver)
                    .queueCapacity(2)
                    .maxPacketSize(64)
                    .flushInterval(Duration.ofMillis(10))
                    .errorHandler(errors::add)
                    .build());
            client.increment("warmup");
            awaiting().until(() -> count(receiver, "warmup:1|c") == 1);

            receiver.stop();
            int probes = awaitServerFoundGone(client);
            StatsdStats beforeFlood = client.stats();
            for (int i = 0; i < calls; i++) {
                client.increment("down");
            }
            long downDropped = client.stats().droppedQueueFull() - beforeFlood.droppedQueueFull();
            receiver.restart();
            AtomicInteger ups = new AtomicInteger();
            awaiting().untilAsserted(() -> {
                client.increment("up");
                ups.incrementAndGet();
                assertThat(receiver.lines()).contains("up:1|c");
            });
            client.close();

            StatsdStats stats = client.stats();
            // the queue is bounded: most of the flood was refused at the call site, and counted
            assertThat(downDropped).isPositive();
            assertThat(stats.sent() + stats.dropped()).isEqualTo(1 + probes + calls + ups.get());
            assertThat(stats.droppedClosed() + stats.droppedInvalid()).isZero();
            awaiting().until(() -> count(receiver, "down:1|c") == calls - downDropped);
        }
    }
}
