package io.github.statsd.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.github.statsd.testing.TcpReceiver;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The engine's contract, on an engine with a line sink (or a socket on loopback): what is counted where, what flush and
 * close wait for and give up on, and what happens when senders fail.
 */
@Timeout(120)
class EngineTest {

    /** Small packets: a queue fills after a few hundred lines. */
    private static final int MAX_PACKET = 64;
    /** Long enough that nothing is handed over part-filled unless a test asks. */
    private static final Duration NO_FLUSH = Duration.ofHours(1);
    /** Bound on a wait that ends at once with the code as it is. */
    private static final Duration WAIT = Duration.ofSeconds(10);
    /** A close timeout far above every bound of these tests: a close that returns did not wait it out. */
    private static final Duration LONG_CLOSE = Duration.ofSeconds(60);

    /** Writes the subject as one line. */
    private static final Entries LINE = (w, i, subject, tags, number, value, seconds) ->
            w.writeBytes(((String) subject).getBytes(StandardCharsets.UTF_8));

    private static ConditionFactory awaiting() {
        return await().atMost(WAIT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(5));
    }

    private static EngineSettings settings(
            int senders, int queueCapacity, Duration flushInterval, Duration closeTimeout, Consumer<Exception> errors) {
        return settings(TransportKind.UDP, 0, MAX_PACKET, senders, queueCapacity, flushInterval, closeTimeout, errors);
    }

    private static EngineSettings settings(
            TransportKind transport,
            int port,
            int senders,
            int queueCapacity,
            Duration flushInterval,
            Duration closeTimeout,
            Consumer<Exception> errors) {
        return settings(transport, port, 1432, senders, queueCapacity, flushInterval, closeTimeout, errors);
    }

    private static EngineSettings settings(
            TransportKind transport,
            int port,
            int maxPacketSize,
            int senders,
            int queueCapacity,
            Duration flushInterval,
            Duration closeTimeout,
            Consumer<Exception> errors) {
        return new EngineSettings(
                transport,
                "127.0.0.1",
                port,
                null,
                maxPacketSize,
                queueCapacity,
                senders,
                flushInterval,
                Duration.ofSeconds(5),
                Duration.ZERO,
                closeTimeout,
                Duration.ZERO,
                errors,
                false,
                ThreadNames.next("enginetest"));
    }

    private static void offerLines(Engine engine, int n) {
        for (int i = 0; i < n; i++) {
            engine.offer(LINE, 1, "x:1|c", null, 0, 0, 0);
        }
    }

    private static long accounted(EngineStats s) {
        return s.sent()
                + s.droppedQueueFull()
                + s.droppedIoError()
                + s.droppedInvalid()
                + s.droppedOversize()
                + s.droppedClosed()
                + s.droppedSenderFailed();
    }

    /**
     * A sink that holds the first line given on a sender thread whose name ends with {@code threadSuffix} until it is
     * released or that thread is interrupted, then keeps every line.
     */
    private static final class StuckSink implements Consumer<String> {
        final List<String> lines = new CopyOnWriteArrayList<>();
        final CountDownLatch stuck = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        private final String threadSuffix;
        private final AtomicBoolean holding = new AtomicBoolean();
        /** Thrown when released, instead of keeping the line: ends the sender. */
        private final Error thenThrow;

        StuckSink(String threadSuffix, Error thenThrow) {
            this.threadSuffix = threadSuffix;
            this.thenThrow = thenThrow;
        }

        @Override
        public void accept(String line) {
            if (Thread.currentThread().getName().endsWith(threadSuffix) && holding.compareAndSet(false, true)) {
                stuck.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    // close() stopped the sender: let it end
                }
                if (thenThrow != null) {
                    throw thenThrow;
                }
            }
            lines.add(line);
        }
    }

    /** Offers lines until the sink holds one, then until the queue is full and the stripe's packet too. */
    private static int fillWhileStuck(Engine engine, StuckSink sink) {
        AtomicInteger n = new AtomicInteger();
        awaiting().until(() -> {
            offerLines(engine, 1);
            n.incrementAndGet();
            return sink.stuck.getCount() == 0;
        });
        awaiting().until(() -> {
            offerLines(engine, 1);
            n.incrementAndGet();
            return engine.stats().droppedQueueFull() > 0;
        });
        return n.get();
    }

    @Test
    void anEntryThatThrowsMidWriteLeavesNoBytesBeforeTheNextEntry() {
        Entries halfThenThrow = (w, i, subject, tags, number, value, seconds) -> {
            if (i == 0) {
                w.writeBytes("partial".getBytes(StandardCharsets.US_ASCII));
                throw new IllegalArgumentException("bad entry");
            }
            w.writeBytes("good:1|c".getBytes(StandardCharsets.US_ASCII));
        };
        List<String> lines = new CopyOnWriteArrayList<>();
        Engine engine = new Engine(settings(1, 16, NO_FLUSH, WAIT, e -> {}), null, lines::add);
        try {
            engine.offer(halfThenThrow, 2, null, null, 0, 0, 0);
            assertThat(engine.flush(WAIT)).isTrue();

            assertThat(lines).containsExactly("good:1|c");
            assertThat(engine.stats().droppedInvalid()).isEqualTo(1);
            assertThat(engine.stats().sent()).isEqualTo(1);
        } finally {
            engine.close();
        }
    }

    /** An encoder with a bug for one name. */
    private static final class ThrowingEncoder extends LineEncoder {
        private final LineEncoder etsy = LineEncoder.etsy("", List.of());

        ThrowingEncoder() {
            super("");
        }

        @Override
        public void writeHead(LineWriter w, String name, String[] tags) {
            if (name.equals("boom")) {
                w.writeBytes("boom:".getBytes(StandardCharsets.US_ASCII));
                throw new IllegalStateException("encoder bug");
            }
            etsy.writeHead(w, name, tags);
        }

        @Override
        public void writeTail(LineWriter w, MetricType type, double sampleRate, String[] tags) {
            etsy.writeTail(w, type, sampleRate, tags);
        }
    }

    @Test
    void aCallWhoseWriterThrowsIsCountedInvalidAndLeavesItsStripeToOthers() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        MetricEncoder metrics = new MetricEncoder(new ThrowingEncoder(), MAX_PACKET);
        Engine engine = new Engine(settings(1, 16, NO_FLUSH, WAIT, e -> {}), metrics, lines::add);
        try {
            // on a thread of their own: a stripe left locked would block the flush below, on another thread
            Thread caller = new Thread(() -> {
                // a set member is always encoded by the caller
                engine.offerMetric(null, "boom", MetricType.SET, ValueKind.SET_MEMBER, 0, 0, "m", 1.0, null);
                engine.offer(
                        (w, i, subject, tags, number, value, seconds) -> {
                            throw new IllegalArgumentException("bad entry");
                        },
                        1,
                        null,
                        null,
                        0,
                        0,
                        0);
            });
            caller.start();
            caller.join();
            engine.offerMetric(null, "ok", MetricType.SET, ValueKind.SET_MEMBER, 0, 0, "alice", 1.0, null);

            assertTimeoutPreemptively(
                    WAIT.multipliedBy(2), () -> assertThat(engine.flush(WAIT)).isTrue());
            assertThat(lines).containsExactly("ok:alice|s");
            assertThat(engine.stats().droppedInvalid()).isEqualTo(2);
            assertThat(engine.stats().sent()).isEqualTo(1);
        } finally {
            // a stripe left locked by the ended caller would block close() too: bounded, not to hang the run
            Thread closer = new Thread(engine::close);
            closer.setDaemon(true);
            closer.start();
            closer.join(WAIT.toMillis());
        }
    }

    @Test
    void metricCallsCarryTheirValuesDeferredOrEncodedByTheCaller() {
        List<String> lines = new CopyOnWriteArrayList<>();
        LineEncoder etsy = LineEncoder.etsy("", List.of());
        // packets large enough that short calls are deferred
        MetricEncoder metrics = new MetricEncoder(etsy, 1432);
        PreEncodedLine meter = new PreEncodedLine(etsy, "meter", MetricType.COUNTER, 1.0, null, true);
        // more tags than a deferred call keeps: encoded by the caller, whole
        String[] sixTags = {"t0", "t1", "t2", "t3", "t4", "t5"};
        PreEncodedLine notDeferred = new PreEncodedLine(etsy, "timer", MetricType.TIMER, 1.0, sixTags, false);
        Engine engine =
                new Engine(settings(TransportKind.UDP, 0, 1432, 1, 64, NO_FLUSH, WAIT, e -> {}), metrics, lines::add);
        try {
            // a set member first, into a new packet that would take deferred calls: the member must not be lost
            engine.offerMetric(null, "s", MetricType.SET, ValueKind.SET_MEMBER, 0, 0, "alice", 1.0, null);
            engine.offerMetric(null, "a", MetricType.COUNTER, ValueKind.LONG_VALUE, 5, 0, null, 1.0, null);
            engine.offerMetric(null, "g", MetricType.GAUGE, ValueKind.DOUBLE_VALUE, 0, 2.5, null, 1.0, null);
            engine.offerMetric(meter, "meter", MetricType.COUNTER, ValueKind.LONG_VALUE, 7, 0, null, 1.0, null);
            engine.offerMetric(
                    notDeferred, "timer", MetricType.TIMER, ValueKind.LONG_VALUE, 9, 0, null, 1.0, notDeferred.tags);
            engine.offerMetric(null, "many", MetricType.COUNTER, ValueKind.LONG_VALUE, 1, 0, null, 1.0, sixTags);
            engine.offerMetric(null, "b", MetricType.COUNTER, ValueKind.LONG_VALUE, 2, 0, null, 1.0, null);
            assertThat(engine.flush(WAIT)).isTrue();

            // ETSY folds the tags into the name
            assertThat(lines)
                    .containsExactly(
                            "s:alice|s",
                            "a:5|c",
                            "g:2.5|g",
                            "meter:7|c",
                            "timer.t0.t1.t2.t3.t4.t5:9|ms",
                            "many.t0.t1.t2.t3.t4.t5:1|c",
                            "b:2|c");
            assertThat(engine.stats().sent()).isEqualTo(7);
        } finally {
            engine.close();
        }
    }

    @Test
    void callsAfterCloseAreCountedDroppedClosedOnePerEntry() {
        List<String> lines = new CopyOnWriteArrayList<>();
        MetricEncoder metrics = new MetricEncoder(LineEncoder.etsy("", List.of()), MAX_PACKET);
        Engine engine = new Engine(settings(1, 16, NO_FLUSH, WAIT, e -> {}), metrics, lines::add);
        assertThat(engine.isClosed()).isFalse();
        engine.close();
        assertThat(engine.isClosed()).isTrue();

        engine.offer(LINE, 3, "x:1|c", null, 0, 0, 0);
        engine.offerMetric(null, "a", MetricType.COUNTER, ValueKind.LONG_VALUE, 5, 0, null, 1.0, null);

        assertThat(engine.flush(WAIT)).isTrue();
        EngineStats stats = engine.stats();
        assertThat(stats.droppedClosed()).isEqualTo(4);
        assertThat(accounted(stats)).isEqualTo(4);
        assertThat(lines).isEmpty();
        engine.close();
        assertThat(engine.stats()).isEqualTo(stats);
    }

    @Test
    void aCallThatFindsItsStripeClosedIsCountedDroppedClosed() {
        // what a call racing close() meets: the engine still open, its stripe already closed
        List<String> lines = new CopyOnWriteArrayList<>();
        MetricEncoder metrics = new MetricEncoder(LineEncoder.etsy("", List.of()), MAX_PACKET);
        Engine engine = new Engine(settings(1, 16, NO_FLUSH, WAIT, e -> {}), metrics, lines::add);
        try {
            engine.stripes.closeAll();
            engine.offer(LINE, 2, "x:1|c", null, 0, 0, 0);
            engine.offerMetric(null, "a", MetricType.COUNTER, ValueKind.LONG_VALUE, 5, 0, null, 1.0, null);

            assertThat(engine.isClosed()).isFalse();
            assertThat(engine.stats().droppedClosed()).isEqualTo(3);
            assertThat(accounted(engine.stats())).isEqualTo(3);
        } finally {
            engine.close();
        }
        assertThat(lines).isEmpty();
    }

    @Test
    void aNoopEngineLetsEverythingGoUncountedAndFlushesAtOnce() {
        Engine engine = Engine.noop(settings(1, 16, NO_FLUSH, WAIT, e -> {}));
        engine.offer(LINE, 3, "x:1|c", null, 0, 0, 0);
        engine.offerMetric(null, "a", MetricType.COUNTER, ValueKind.LONG_VALUE, 5, 0, null, 1.0, null);

        assertThat(engine.flush(WAIT)).isTrue();
        assertThat(engine.stats()).isEqualTo(new EngineStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
        assertThat(engine.senderState()).isEqualTo(new SenderState(0, 0, 0, 0));
        assertThat(engine.isClosed()).isFalse();
        engine.close();
        assertThat(engine.isClosed()).isTrue();
        engine.offer(LINE, 3, "x:1|c", null, 0, 0, 0);
        assertThat(engine.stats().droppedClosed()).isEqualTo(3);
    }

    @Test
    void countsWhatTheClientsTellIt() {
        Engine engine = new Engine(settings(1, 16, NO_FLUSH, WAIT, e -> {}), null, line -> {});
        try {
            engine.countInvalid();
            engine.countSampledOut();
            engine.countSampledOut();
            engine.countAggregated(5);
            engine.countAggregated(2);

            EngineStats stats = engine.stats();
            assertThat(stats.droppedInvalid()).isEqualTo(1);
            assertThat(stats.sampledOut()).isEqualTo(2);
            assertThat(stats.aggregated()).isEqualTo(7);
            assertThat(stats.sent()).isZero();
            assertThat(engine.senderState()).isEqualTo(new SenderState(1, 1, 1, 0));
        } finally {
            engine.close();
        }
        assertThat(engine.senderState()).isEqualTo(new SenderState(1, 0, 0, 0));
    }

    @Test
    void flushReturnsOnceEverySenderWroteWhatWasHandedOverBefore() {
        List<String> lines = new CopyOnWriteArrayList<>();
        Engine engine = new Engine(settings(3, 256, NO_FLUSH, WAIT, e -> {}), null, lines::add);
        try {
            int n = 2_000;
            offerLines(engine, n);
            engine.offer(LINE, 1, "last:1|c", null, 0, 0, 0);

            assertThat(engine.flush(WAIT)).isTrue();

            EngineStats stats = engine.stats();
            assertThat(stats.droppedQueueFull()).isZero();
            assertThat(stats.sent()).isEqualTo(n + 1);
            assertThat(lines).hasSize(n + 1).contains("last:1|c");
            assertThat(stats.queuedPackets()).isZero();
        } finally {
            engine.close();
        }
    }

    @Test
    void flushGivesUpAtItsTimeoutWhileOneOfSeveralSendersIsStuck() throws Exception {
        // the second sender is held: the first one takes every flush marker, and the flush must still wait
        StuckSink sink = new StuckSink("-1", null);
        Engine engine = new Engine(settings(2, 16, NO_FLUSH, WAIT, e -> {}), null, sink);
        try {
            AtomicInteger offered = new AtomicInteger();
            awaiting().until(() -> {
                offerLines(engine, 20);
                offered.addAndGet(20);
                return sink.stuck.getCount() == 0;
            });
            engine.offer(LINE, 1, "last:1|c", null, 0, 0, 0);
            int n = offered.get() + 1;

            assertThat(engine.flush(Duration.ofMillis(200))).isFalse();

            sink.release.countDown();
            assertThat(engine.flush(WAIT)).isTrue();
            EngineStats stats = engine.stats();
            assertThat(stats.sent() + stats.droppedQueueFull()).isEqualTo(n);
            assertThat(sink.lines).hasSize((int) stats.sent()).contains("last:1|c");
        } finally {
            sink.release.countDown();
            engine.close();
        }
    }

    @Test
    void flushWaitsForRoomInAFullQueueForWhatCallersHold() throws Exception {
        StuckSink sink = new StuckSink("-0", null);
        Engine engine = new Engine(settings(1, 16, NO_FLUSH, WAIT, e -> {}), null, sink);
        try {
            int n = fillWhileStuck(engine, sink);
            // the stripe's packet is full and held: the queue has no room for it
            assertThat(engine.flush(Duration.ofMillis(100))).isFalse();

            sink.release.countDown();
            assertThat(engine.flush(WAIT)).isTrue();

            EngineStats stats = engine.stats();
            assertThat(stats.sent() + stats.droppedQueueFull()).isEqualTo(n);
            assertThat(stats.queuedPackets()).isZero();
            assertThat(sink.lines).hasSize((int) stats.sent());
        } finally {
            sink.release.countDown();
            engine.close();
        }
    }

    @Test
    void anInterruptedFlushReturnsAtOnceAndKeepsTheInterrupt() throws Exception {
        StuckSink sink = new StuckSink("-0", null);
        Engine engine = new Engine(settings(1, 16, NO_FLUSH, WAIT, e -> {}), null, sink);
        try {
            fillWhileStuck(engine, sink);
            AtomicReference<Boolean> flushed = new AtomicReference<>();
            AtomicBoolean interrupted = new AtomicBoolean();
            Thread flusher = new Thread(() -> {
                Thread.currentThread().interrupt();
                // without the interrupt, this waits out its timeout
                flushed.set(engine.flush(LONG_CLOSE));
                interrupted.set(Thread.currentThread().isInterrupted());
            });
            flusher.start();
            flusher.join(WAIT.toMillis());

            assertThat(flusher.isAlive()).as("flush still waiting").isFalse();
            assertThat(flushed.get()).isFalse();
            assertThat(interrupted.get()).isTrue();
        } finally {
            sink.release.countDown();
            engine.close();
        }
    }

    @Test
    void aFlushKeepsQueueingItsMarkerUntilTheQueueHasRoom() throws Exception {
        StuckSink sink = new StuckSink("-0", null);
        Engine engine = new Engine(settings(1, 16, NO_FLUSH, WAIT, e -> {}), null, sink);
        try {
            AtomicInteger offered = new AtomicInteger();
            awaiting().until(() -> {
                offerLines(engine, 1);
                offered.incrementAndGet();
                return sink.stuck.getCount() == 0 && engine.stats().queuedPackets() == 15;
            });
            // the stripe's part-filled packet takes the last place: nothing left to hand over, no room for a marker
            assertThat(engine.flush(Duration.ZERO)).isFalse();
            assertThat(engine.stats().queuedPackets()).isEqualTo(16);
            assertThat(engine.stats().droppedQueueFull()).isZero();

            AtomicBoolean flushed = new AtomicBoolean();
            Thread flusher = new Thread(() -> flushed.set(engine.flush(WAIT)));
            flusher.start();
            // waiting between tries to queue its marker
            awaiting().until(() -> flusher.getState() == Thread.State.TIMED_WAITING);
            sink.release.countDown();
            flusher.join(WAIT.toMillis() * 2);

            assertThat(flushed.get()).isTrue();
            assertThat(sink.lines).hasSize(offered.get());
        } finally {
            sink.release.countDown();
            engine.close();
        }
    }

    @Test
    void aFlushAfterEverySenderFailedReturnsAtOnceThoughTheQueueCannotTakeWhatCallersHold() throws Exception {
        // a queue of one packet, and the packets of several callers' stripes
        StuckSink sink = new StuckSink("-0", new AssertionError("bug in the sink"));
        Engine engine = new Engine(settings(1, 1, NO_FLUSH, WAIT, e -> {}), null, sink);
        AtomicInteger offered = new AtomicInteger();
        awaiting().until(() -> {
            offerLines(engine, 1);
            offered.incrementAndGet();
            return sink.stuck.getCount() == 0;
        });
        // threads made one after another start on different stripes
        for (int t = 0; t < 4; t++) {
            Thread caller = new Thread(() -> offerLines(engine, 1));
            caller.start();
            caller.join();
            offered.incrementAndGet();
        }
        sink.release.countDown();
        awaiting().until(() -> engine.senderState().alive() == 0);

        assertThat(engine.flush(WAIT)).isTrue();
        engine.close();
        EngineStats stats = engine.stats();
        assertThat(stats.droppedSenderFailed() + stats.droppedQueueFull()).isEqualTo(offered.get());
        assertThat(stats.droppedSenderFailed()).isPositive();
        assertThat(stats.sent() + stats.droppedClosed()).isZero();
    }

    @Test
    void closeWaitsForRoomInAFullQueueForWhatCallersHold() throws Exception {
        StuckSink sink = new StuckSink("-0", null);
        Engine engine = new Engine(settings(1, 16, NO_FLUSH, LONG_CLOSE, e -> {}), null, sink);
        try {
            int n = fillWhileStuck(engine, sink);
            Thread closer = new Thread(engine::close);
            closer.start();
            // parked: waiting for room in the queue for the stripe's packet
            awaiting().until(() -> closer.getState() == Thread.State.TIMED_WAITING);
            sink.release.countDown();
            closer.join(WAIT.toMillis());
            assertThat(closer.isAlive()).as("close still waiting").isFalse();

            EngineStats stats = engine.stats();
            assertThat(stats.droppedClosed()).isZero();
            assertThat(stats.sent() + stats.droppedQueueFull()).isEqualTo(n);
            assertThat(stats.queuedPackets()).isZero();
            assertThat(sink.lines).hasSize((int) stats.sent());
            assertThat(engine.senderState().alive()).isZero();
        } finally {
            sink.release.countDown();
            engine.close();
        }
    }

    @Test
    void closeGivesUpAtItsTimeoutAndCountsWhatIsLeftAsDroppedClosed() throws Exception {
        StuckSink sink = new StuckSink("-0", null);
        Engine engine = new Engine(settings(1, 16, NO_FLUSH, Duration.ofMillis(200), e -> {}), null, sink);
        try {
            int n = fillWhileStuck(engine, sink);
            assertTimeoutPreemptively(WAIT, engine::close);

            // the stuck sender was interrupted, and its packet counted, before close() returned
            EngineStats stats = engine.stats();
            assertThat(accounted(stats)).isEqualTo(n);
            assertThat(stats.droppedClosed()).isPositive();
            // once close() gave up, the sender ends after the packet it was writing: the queue is not sent after
            assertThat(stats.sent()).isLessThan(stats.droppedClosed());
            assertThat(stats.queuedPackets()).isZero();
            assertThat(stats.droppedSenderFailed() + stats.droppedIoError()).isZero();
            assertThat(engine.senderState()).isEqualTo(new SenderState(1, 0, 0, 0));
            assertThat(sink.lines).hasSize((int) stats.sent());
        } finally {
            sink.release.countDown();
        }
    }

    @Test
    void anInterruptedCloseStopsWaitingYetReturnsWithFinalCountsAndKeepsTheInterrupt() throws Exception {
        StuckSink sink = new StuckSink("-0", null);
        Engine engine = new Engine(settings(1, 16, NO_FLUSH, LONG_CLOSE, e -> {}), null, sink);
        try {
            int n = fillWhileStuck(engine, sink);
            AtomicBoolean interrupted = new AtomicBoolean();
            AtomicReference<EngineStats> atReturn = new AtomicReference<>();
            AtomicReference<SenderState> sendersAtReturn = new AtomicReference<>();
            Thread closer = new Thread(() -> {
                Thread.currentThread().interrupt();
                // without the interrupt, this waits out the close timeout
                engine.close();
                sendersAtReturn.set(engine.senderState());
                atReturn.set(engine.stats());
                interrupted.set(Thread.currentThread().isInterrupted());
            });
            closer.start();
            closer.join(WAIT.toMillis() * 2);

            assertThat(closer.isAlive()).as("close still waiting").isFalse();
            assertThat(interrupted.get()).isTrue();
            assertThat(sendersAtReturn.get().alive()).isZero();
            EngineStats stats = atReturn.get();
            assertThat(accounted(stats)).isEqualTo(n);
            assertThat(stats.droppedClosed()).isPositive();
            assertThat(stats.queuedPackets()).isZero();
            assertThat(engine.stats()).isEqualTo(stats);
        } finally {
            sink.release.countDown();
        }
    }

    @Test
    void anInterruptedCloseStillWaitsForTheStoppedSendersToEnd() throws Exception {
        AtomicReference<Thread> closerRef = new AtomicReference<>();
        AtomicBoolean held = new AtomicBoolean();
        CountDownLatch stuck = new CountDownLatch(1);
        // holds its first line until interrupted, then ends only once the closer waits for it (or has returned)
        Consumer<String> sink = line -> {
            if (held.compareAndSet(false, true)) {
                stuck.countDown();
                LockSupport.park();
                while (!Thread.interrupted()) {
                    LockSupport.park();
                }
                Thread closer = closerRef.get();
                while (closer.getState() != Thread.State.TIMED_WAITING
                        && closer.getState() != Thread.State.TERMINATED) {
                    LockSupport.parkNanos(100_000);
                }
            }
        };
        Engine engine = new Engine(settings(1, 16, NO_FLUSH, LONG_CLOSE, e -> {}), null, sink);
        awaiting().until(() -> {
            offerLines(engine, 1);
            return stuck.getCount() == 0;
        });
        AtomicReference<SenderState> sendersAtReturn = new AtomicReference<>();
        AtomicBoolean interrupted = new AtomicBoolean();
        Thread closer = new Thread(() -> {
            Thread.currentThread().interrupt();
            engine.close();
            sendersAtReturn.set(engine.senderState());
            interrupted.set(Thread.currentThread().isInterrupted());
        });
        closerRef.set(closer);
        closer.start();
        closer.join(WAIT.toMillis() * 2);

        assertThat(closer.isAlive()).as("close still waiting").isFalse();
        assertThat(interrupted.get()).isTrue();
        // the interrupt ends the wait for the drain, not the last one: the counts are final when close() returns
        assertThat(sendersAtReturn.get().alive()).isZero();
    }

    @Test
    void closeReturnsAsSoonAsTheQueueIsDrained() {
        List<String> lines = new CopyOnWriteArrayList<>();
        Engine engine = new Engine(settings(2, 256, NO_FLUSH, LONG_CLOSE, e -> {}), null, lines::add);
        int n = 500;
        offerLines(engine, n);

        // without the drain, the senders would run until the close timeout
        assertTimeoutPreemptively(WAIT, engine::close);

        assertThat(engine.stats().sent()).isEqualTo(n);
        assertThat(lines).hasSize(n);
        assertThat(engine.senderState().alive()).isZero();
    }

    @Test
    void whenTheOnlySenderFailsWhatIsQueuedAndEveryLaterCallIsCountedSenderFailed() throws Exception {
        List<Exception> errors = new CopyOnWriteArrayList<>();
        StuckSink sink = new StuckSink("-0", new AssertionError("bug in the sink"));
        Engine engine = new Engine(settings(1, 16, NO_FLUSH, WAIT, errors::add), null, sink);
        try {
            int n = fillWhileStuck(engine, sink);
            assertThat(engine.stats().queuedPackets()).isPositive();
            sink.release.countDown();
            awaiting().until(() -> engine.senderState().alive() == 0);
            awaiting().until(() -> !errors.isEmpty());

            assertThat(engine.senderState()).isEqualTo(new SenderState(1, 0, 0, 1));
            assertThat(engine.stats().queuedPackets()).isZero();
            assertThat(errors).singleElement().satisfies(e -> assertThat(e)
                    .hasMessageContaining("stopped unexpectedly")
                    .hasCauseInstanceOf(AssertionError.class));
            long failedBefore = engine.stats().droppedSenderFailed();
            assertThat(failedBefore).isPositive();

            engine.offer(LINE, 3, "x:1|c", null, 0, 0, 0);
            assertThat(engine.stats().droppedSenderFailed()).isEqualTo(failedBefore + 3);
            assertThat(engine.flush(WAIT)).isTrue();
            assertThat(engine.isClosed()).isFalse();

            engine.close();
            assertThat(engine.isClosed()).isTrue();
            EngineStats stats = engine.stats();
            // the stripe's held packet too: lost with the senders, not to the close
            assertThat(stats.droppedSenderFailed() + stats.droppedQueueFull()).isEqualTo(n + 3);
            assertThat(stats.sent() + stats.droppedClosed()).isZero();
            assertThat(sink.lines).isEmpty();
        } finally {
            sink.release.countDown();
            engine.close();
        }
    }

    @Test
    void whenTheFlushingSenderFailsAnotherHandsPartFilledPacketsOver() throws Exception {
        AtomicBoolean thrown = new AtomicBoolean();
        List<String> lines = new CopyOnWriteArrayList<>();
        Consumer<String> killsTheFlusher = line -> {
            if (Thread.currentThread().getName().endsWith("-0") && thrown.compareAndSet(false, true)) {
                throw new AssertionError("bug in the sink");
            }
            lines.add(line);
        };
        Engine engine = new Engine(settings(2, 16, Duration.ofMillis(10), WAIT, e -> {}), null, killsTheFlusher);
        try {
            awaiting().until(() -> {
                offerLines(engine, 1);
                return engine.senderState().failed() == 1;
            });
            // one line never fills a packet: only a periodic flush hands it over
            engine.offer(LINE, 1, "marker:1|c", null, 0, 0, 0);

            awaiting().until(() -> lines.contains("marker:1|c"));
            assertThat(engine.senderState()).isEqualTo(new SenderState(2, 1, 1, 1));
        } finally {
            engine.close();
        }
    }

    @Test
    void flushDoesNotWaitForASenderThatFailedWhileItsThreadEnds() throws Exception {
        // the failed sender's thread stays in the error handler: alive, but never to arrive at a flush
        CountDownLatch inHandler = new CountDownLatch(1);
        CountDownLatch leaveHandler = new CountDownLatch(1);
        Consumer<Exception> holdsTheFailure = e -> {
            if (String.valueOf(e.getMessage()).contains("stopped unexpectedly")) {
                inHandler.countDown();
                try {
                    leaveHandler.await();
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        AtomicBoolean thrown = new AtomicBoolean();
        List<String> lines = new CopyOnWriteArrayList<>();
        Consumer<String> killsSenderZero = line -> {
            if (Thread.currentThread().getName().endsWith("-0") && thrown.compareAndSet(false, true)) {
                throw new AssertionError("bug in the sink");
            }
            lines.add(line);
        };
        Engine engine =
                new Engine(settings(2, 16, Duration.ofMillis(10), WAIT, holdsTheFailure), null, killsSenderZero);
        try {
            awaiting().until(() -> {
                offerLines(engine, 1);
                return inHandler.getCount() == 0;
            });
            assertThat(engine.senderState().alive()).isEqualTo(2);
            engine.offer(LINE, 1, "marker:1|c", null, 0, 0, 0);

            assertThat(engine.flush(WAIT)).isTrue();
            assertThat(lines).contains("marker:1|c");
        } finally {
            leaveHandler.countDown();
            engine.close();
        }
    }

    @Test
    void whileDrainingASenderKeepsReconnectingUntilTheCloseDeadline() throws Exception {
        try (TcpReceiver receiver = TcpReceiver.start()) {
            receiver.stop();
            AtomicInteger errors = new AtomicInteger();
            Engine engine = new Engine(
                    settings(
                            TransportKind.TCP,
                            receiver.port(),
                            1,
                            64,
                            NO_FLUSH,
                            LONG_CLOSE,
                            e -> errors.incrementAndGet()),
                    null);
            int n = 10;
            for (int i = 0; i < n; i++) {
                engine.offer(LINE, 1, "kept:" + i + "|c", null, 0, 0, 0);
            }
            // the lines are held in a stripe until close() hands them over: no connect before it drains
            Thread closer = new Thread(engine::close);
            closer.start();
            awaiting().until(() -> engine.isDraining() && errors.get() > 0);
            receiver.restart();
            closer.join(WAIT.toMillis() * 2);

            assertThat(closer.isAlive()).as("close still waiting").isFalse();
            assertThat(engine.stats().sent()).isEqualTo(n);
            assertThat(engine.stats().droppedClosed()).isZero();
            awaiting().until(() -> receiver.lines().size() == n);
        }
    }

    @Test
    void errorsOfTheAbortAfterCloseGaveUpAreNotReported() throws Exception {
        // a listening socket that never accepts: the connection completes, then the buffers fill and the write blocks
        try (ServerSocket stalled = new ServerSocket()) {
            stalled.setReceiveBufferSize(1024);
            stalled.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
            List<Exception> errors = new CopyOnWriteArrayList<>();
            Engine engine = new Engine(
                    settings(
                            TransportKind.TCP,
                            stalled.getLocalPort(),
                            1,
                            4096,
                            NO_FLUSH,
                            Duration.ofMillis(200),
                            errors::add),
                    null);
            String line = "stalled." + "x".repeat(1000) + ":1|c";
            int n = 20_000;
            for (int i = 0; i < n; i++) {
                engine.offer(LINE, 1, line, null, 0, 0, 0);
            }
            awaiting().until(() -> engine.senderState().connected() == 1);

            assertTimeoutPreemptively(WAIT, engine::close);

            EngineStats stats = engine.stats();
            assertThat(accounted(stats)).isEqualTo(n);
            assertThat(stats.droppedClosed() + stats.droppedIoError()).isPositive();
            assertThat(engine.senderState().alive()).isZero();
            assertThat(errors).isEmpty();
        }
    }
}
