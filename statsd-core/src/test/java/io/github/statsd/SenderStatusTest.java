package io.github.statsd;

import static io.github.statsd.Loopback.awaiting;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.statsd.testing.TcpReceiver;
import io.github.statsd.testing.UdpReceiver;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class SenderStatusTest {

    @Test
    void reportsAliveAndConnectedSenderThenNoneAfterClose() throws Exception {
        try (TcpReceiver receiver = TcpReceiver.start()) {
            StatsdClient client = StatsdClient.create(
                    Loopback.tcp(receiver).flushInterval(Duration.ofMillis(10)).build());
            try {
                client.increment("marker");
                awaiting().until(() -> receiver.lines().contains("marker:1|c"));
                assertThat(client.senderStatus()).isEqualTo(new SenderStatus(1, 1, 1, 0));
            } finally {
                client.close();
            }
            assertThat(client.senderStatus()).isEqualTo(new SenderStatus(1, 0, 0, 0));
        }
    }

    @Test
    void countsEverySenderThreadOfThePool() throws Exception {
        try (UdpReceiver receiver = UdpReceiver.start()) {
            StatsdClient client =
                    StatsdClient.create(Loopback.udp(receiver).senderThreads(3).build());
            try {
                client.increment("marker");
                awaiting().until(() -> client.senderStatus().connected() > 0);
                SenderStatus status = client.senderStatus();
                assertThat(status.threads()).isEqualTo(3);
                assertThat(status.alive()).isEqualTo(3);
                // a UDP sender connects its datagram socket at its first packet: the others may not have had one
                assertThat(status.connected()).isBetween(1, 3);
                assertThat(status.failed()).isZero();
            } finally {
                client.close();
            }
            assertThat(client.senderStatus()).isEqualTo(new SenderStatus(3, 0, 0, 0));
        }
    }

    @Test
    void reportsSenderKilledByAnErrorFromTheErrorHandler() throws Exception {
        List<Exception> reported = new CopyOnWriteArrayList<>();
        AtomicBoolean thrown = new AtomicBoolean();
        // a handler with a bug: the Error escapes the sender's recovery and ends its thread
        ErrorHandler buggy = (error) -> {
            if (thrown.compareAndSet(false, true)) {
                throw new AssertionError("bug in the error handler");
            }
            reported.add(error);
        };
        try (TcpReceiver receiver = TcpReceiver.start()) {
            receiver.stop(); // connections to its port are refused: the sender reports an error
            try (StatsdClient client = StatsdClient.create(Loopback.tcp(receiver)
                    .flushInterval(Duration.ofMillis(10))
                    .errorHandler(buggy)
                    .build())) {
                assertThat(client.senderStatus().anyFailed()).isFalse();
                client.increment("lost");
                awaiting().until(() -> client.senderStatus().alive() == 0);
                assertThat(client.senderStatus()).isEqualTo(new SenderStatus(1, 0, 0, 1));
                assertThat(client.senderStatus().anyFailed()).isTrue();
                assertThat(reported).anySatisfy((e) -> assertThat(e).hasMessageContaining("stopped unexpectedly"));
                // the client still accepts calls, as before: nothing throws into the caller
                client.increment("after");
            }
        }
    }

    @Test
    void aDeadSenderIsCountedLoggedAndCallsAfterItAreDroppedAtOnce() throws Exception {
        AtomicBoolean thrown = new AtomicBoolean();
        ErrorHandler buggy = (error) -> {
            if (thrown.compareAndSet(false, true)) {
                throw new AssertionError("bug in the error handler");
            }
        };
        Logger logger = Logger.getLogger("io.github.statsd");
        List<LogRecord> logged = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(record);
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        logger.addHandler(capture);
        try (TcpReceiver receiver = TcpReceiver.start()) {
            receiver.stop(); // connections to its port are refused: the sender reports an error
            StatsdClient client = StatsdClient.create(Loopback.tcp(receiver)
                    .flushInterval(Duration.ofMillis(10))
                    .queueCapacity(64)
                    .errorHandler(buggy)
                    .build());
            try {
                client.increment("lost");
                awaiting().until(() -> client.senderStatus().alive() == 0);
                // the metric the sender held is lost with it, and counted so
                assertThat(client.stats().droppedSenderFailed()).isEqualTo(1);
                // with no sender left, calls are dropped at once rather than left to fill the queue
                for (int i = 0; i < 1000; i++) {
                    client.increment("after");
                }
                StatsdStats stats = client.stats();
                assertThat(stats.droppedSenderFailed()).isEqualTo(1001);
                assertThat(stats.droppedQueueFull()).isZero();
                assertThat(stats.queuedPackets()).isZero();
                assertThat(stats.dropped()).isEqualTo(1001);
            } finally {
                client.close();
                logger.removeHandler(capture);
            }
            assertThat(client.stats().dropped()).isEqualTo(1001);
            assertThat(client.stats().sent()).isZero();
            assertThat(logged).anySatisfy((r) -> {
                assertThat(r.getLevel()).isEqualTo(Level.SEVERE);
                assertThat(r.getMessage()).contains("statsd-sender-").contains("stopped");
                assertThat(r.getThrown()).hasMessage("bug in the error handler");
            });
        }
    }

    @Test
    void whenTheFlushingSenderDiesAnotherFlushesPartFilledPackets() throws Exception {
        // ends the first sender thread, the one that flushes part-filled packets, and no other
        AtomicBoolean thrown = new AtomicBoolean();
        ErrorHandler killsTheFlusher = (error) -> {
            if (Thread.currentThread().getName().endsWith("-0") && thrown.compareAndSet(false, true)) {
                throw new AssertionError("bug in the error handler");
            }
        };
        try (TcpReceiver receiver = TcpReceiver.start()) {
            receiver.stop(); // refused: whichever sender takes a packet reports an error
            try (StatsdClient client = StatsdClient.create(Loopback.tcp(receiver)
                    .senderThreads(2)
                    .flushInterval(Duration.ofMillis(10))
                    .errorHandler(killsTheFlusher)
                    .build())) {
                awaiting().until(() -> {
                    client.increment("lost");
                    return client.senderStatus().failed() == 1;
                });
                receiver.restart();
                // one line never fills a packet: only a flush sends it
                client.increment("marker");
                awaiting().until(() -> receiver.lines().contains("marker:1|c"));
                assertThat(client.senderStatus()).isEqualTo(new SenderStatus(2, 1, 1, 1));
            }
        }
    }
}
