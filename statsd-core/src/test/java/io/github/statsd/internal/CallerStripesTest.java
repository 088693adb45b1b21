package io.github.statsd.internal;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The contract of the callers' stripes: which stripe a thread locks, how a metric is admitted (kept as a deferred call,
 * encoded, or shed on a full queue), how entries fill packets and go to the queue, what is counted as dropped, and the
 * flush and close of every stripe.
 */
class CallerStripesTest {

    /** The most bytes of one datagram here: a packet of one datagram holds 21 bytes with the newline. */
    private static final int MAX = 20;

    private final EngineCounters counters = new EngineCounters();

    /** A queue of {@code capacity} packets of one datagram each, for one stripe and one sender. */
    private static PacketQueue queue(int capacity) {
        PacketQueue q = new PacketQueue(capacity, MAX, 1, 1);
        assertThat(q.datagramsPerPacket).isEqualTo(1);
        return q;
    }

    private CallerStripes stripes(PacketQueue q, boolean defers) {
        return new CallerStripes(1, MAX, q, counters, defers);
    }

    private static void write(CallerStripe s, String entry) {
        s.writer.writeBytes(entry.getBytes(US_ASCII));
    }

    private static String text(Packet p) {
        return new String(p.array, 0, p.length(), US_ASCII);
    }

    private static void fillQueue(PacketQueue q) {
        while (q.enqueue(new Packet(MAX, 1))) {
            // until it refuses
        }
        assertThat(q.isFull()).isTrue();
    }

    private static void addDeferred(Packet p, int n) {
        for (int i = 0; i < n; i++) {
            p.addDeferred("d" + i, MetricType.COUNTER.ordinal(), ValueKind.LONG_VALUE.ordinal(), i, 1.0, null);
        }
    }

    @Test
    void hasTwiceAsManyStripesAsProcessorsRoundedUpToAPowerOfTwo() {
        assertThat(CallerStripes.countFor(0)).isEqualTo(4);
        assertThat(CallerStripes.countFor(1)).isEqualTo(4);
        assertThat(CallerStripes.countFor(2)).isEqualTo(4);
        assertThat(CallerStripes.countFor(3)).isEqualTo(8);
        assertThat(CallerStripes.countFor(4)).isEqualTo(8);
        assertThat(CallerStripes.countFor(5)).isEqualTo(16);
        assertThat(CallerStripes.countFor(8)).isEqualTo(16);
        assertThat(CallerStripes.countFor(9)).isEqualTo(32);
        assertThat(CallerStripes.countFor(64)).isEqualTo(128);
    }

    @Test
    void locksTheCallersStripeOnceWithAnEmptyWriter() {
        CallerStripes stripes = stripes(queue(4), true);
        CallerStripe s = stripes.lock();
        assertThat(s.lock.isHeldByCurrentThread()).isTrue();
        assertThat(s.lock.getHoldCount()).isOne();
        write(s, "left:1|c");
        s.lock.unlock();

        CallerStripe again = stripes.lock();
        assertThat(again).isSameAs(s);
        assertThat(again.lock.getHoldCount()).isOne();
        assertThat(again.writer.length()).isZero();
        again.lock.unlock();
        assertThat(s.lock.isLocked()).isFalse();
    }

    @Test
    void aThreadWhoseStripeIsTakenLocksAnotherWithoutWaiting() throws Exception {
        CallerStripes stripes = new CallerStripes(2, MAX, queue(4), counters, true);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<CallerStripe> held = new CompletableFuture<>();
        Thread holder = holdInThread(stripes, held, release);
        CallerStripe first = held.get(10, TimeUnit.SECONDS);
        try {
            // threads take their first stripe in turn: this one's is the other stripe, the next one's the held one
            CallerStripe second = lockInThread(stripes).get(10, TimeUnit.SECONDS);
            assertThat(second).isNotSameAs(first);
            CallerStripe third = lockInThread(stripes).get(10, TimeUnit.SECONDS);
            assertThat(third).isNotSameAs(first);
            assertThat(first.lock.isLocked()).isTrue();
        } finally {
            release.countDown();
            holder.join(10_000);
        }
    }

    @Test
    void aThreadThatFoundItsStripeTakenKeepsToTheOneItFound() throws Exception {
        CallerStripes stripes = new CallerStripes(4, MAX, queue(4), counters, true);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<CallerStripe> held = new CompletableFuture<>();
        Thread holder = holdInThread(stripes, held, release);
        CallerStripe taken = held.get(10, TimeUnit.SECONDS);
        // threads take their first stripe in turn: after three more, the next thread's first stripe is the held one
        for (int i = 0; i < 3; i++) {
            assertThat(lockInThread(stripes).get(10, TimeUnit.SECONDS)).isNotSameAs(taken);
        }
        CompletableFuture<CallerStripe> first = new CompletableFuture<>();
        CountDownLatch again = new CountDownLatch(1);
        CompletableFuture<CallerStripe> second = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                CallerStripe s = stripes.lock();
                s.lock.unlock();
                first.complete(s);
                again.await();
                s = stripes.lock();
                s.lock.unlock();
                second.complete(s);
            } catch (Throwable e) {
                first.completeExceptionally(e);
                second.completeExceptionally(e);
            }
        });
        t.setDaemon(true);
        t.start();
        CallerStripe found = first.get(10, TimeUnit.SECONDS);
        assertThat(found).isNotSameAs(taken);
        // its first stripe is free again, but it stays on the one it found
        release.countDown();
        holder.join(10_000);
        again.countDown();
        assertThat(second.get(10, TimeUnit.SECONDS)).isSameAs(found);
    }

    @Test
    void aThreadWaitsForItsStripeWhenEveryStripeItTriesIsTaken() throws Exception {
        CallerStripes stripes = stripes(queue(4), true);
        CallerStripe mine = stripes.lock();
        CompletableFuture<CallerStripe> other = lockInThread(stripes);
        await().atMost(Duration.ofSeconds(10)).until(mine.lock::hasQueuedThreads);
        assertThat(other).isNotDone();
        mine.lock.unlock();
        assertThat(other.get(10, TimeUnit.SECONDS)).isSameAs(mine);
    }

    /**
     * Starts a daemon thread that locks its stripe, tells which in {@code held}, and keeps it until {@code release}.
     */
    private static Thread holdInThread(
            CallerStripes stripes, CompletableFuture<CallerStripe> held, CountDownLatch release) {
        Thread holder = new Thread(() -> {
            CallerStripe s = stripes.lock();
            held.complete(s);
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                s.lock.unlock();
            }
        });
        holder.setDaemon(true);
        holder.start();
        return holder;
    }

    private static CompletableFuture<CallerStripe> lockInThread(CallerStripes stripes) {
        CompletableFuture<CallerStripe> result = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                CallerStripe s = stripes.lock();
                if (s != null) {
                    s.lock.unlock();
                }
                result.complete(s);
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        t.setDaemon(true);
        t.start();
        return result;
    }

    @Test
    void aNewPacketHoldsDeferredCallsWhileTheSendersKeepUpElseLines() {
        // 32 places of two datagrams: backlogged past 2 places
        PacketQueue q = new PacketQueue(32, MAX, 1, 1);
        assertThat(q.datagramsPerPacket).isEqualTo(2);
        CallerStripes deferring = stripes(q, true);
        CallerStripes encoding = stripes(q, false);

        CallerStripe s = deferring.lock();
        assertThat(deferring.admitMetric(s)).isEqualTo(CallerStripes.DEFERRED);
        s.lock.unlock();
        CallerStripe e = encoding.lock();
        assertThat(encoding.admitMetric(e)).isEqualTo(CallerStripes.LINES);
        e.lock.unlock();

        q.enqueue(new Packet(MAX, 2));
        s = deferring.lock();
        assertThat(deferring.admitMetric(s)).isEqualTo(CallerStripes.DEFERRED);
        s.lock.unlock();
        q.enqueue(new Packet(MAX, 2));
        assertThat(q.isBacklogged()).isTrue();
        s = deferring.lock();
        assertThat(deferring.admitMetric(s)).isEqualTo(CallerStripes.LINES);
        assertThat(s.lock.isHeldByCurrentThread()).isTrue();
        s.lock.unlock();
    }

    @Test
    void aPacketBeingFilledKeepsItsKindUntilTheNextMetricWouldNotFit() {
        PacketQueue q = queue(4);
        CallerStripes stripes = stripes(q, true);
        CallerStripe s = stripes.lock();

        // lines, while the senders keep up: a line as long as the last one still fits, so lines go on
        Packet lines = q.takeFree();
        lines.append("abcdefghi".getBytes(US_ASCII), 9);
        s.packet = lines;
        s.lastLength = 10;
        assertThat(lines.remaining()).isEqualTo(11);
        assertThat(stripes.admitMetric(s)).isEqualTo(CallerStripes.LINES);
        // it would not fit: the packet goes, and the next one holds deferred calls
        s.lastLength = 11;
        assertThat(stripes.admitMetric(s)).isEqualTo(CallerStripes.DEFERRED);

        // deferred calls, while the queue is backlogged: they go on until the packet is full
        fillQueue(q);
        q.takeQueued();
        assertThat(q.isBacklogged()).isTrue();
        Packet calls = q.takeFree();
        addDeferred(calls, calls.deferredCapacity - 1);
        s.packet = calls;
        assertThat(stripes.admitMetric(s)).isEqualTo(CallerStripes.DEFERRED);
        addDeferred(calls, 1);
        assertThat(stripes.admitMetric(s)).isEqualTo(CallerStripes.LINES);
        assertThat(s.lock.isHeldByCurrentThread()).isTrue();
        s.lock.unlock();
        assertThat(counters.droppedQueueFull.sum()).isZero();
    }

    @Test
    void shedsAMetricThatWouldHandAPacketToAFullQueueAndUnlocksTheStripe() {
        PacketQueue q = queue(4);
        CallerStripes stripes = stripes(q, true);
        fillQueue(q);
        CallerStripe s = stripes.lock();

        // room left in the packet: admitted although the queue is full
        Packet lines = q.takeFree();
        lines.append("abcdefghi".getBytes(US_ASCII), 9);
        s.packet = lines;
        s.lastLength = 9;
        assertThat(stripes.admitMetric(s)).isEqualTo(CallerStripes.LINES);

        s.lastLength = 11;
        assertThat(stripes.admitMetric(s)).isEqualTo(CallerStripes.SHED);
        assertThat(s.lock.isLocked()).isFalse();
        assertThat(counters.droppedQueueFull.sum()).isOne();
        assertThat(s.packet).isSameAs(lines);

        // a full packet of deferred calls too
        s = stripes.lock();
        Packet calls = new Packet(MAX, 1);
        addDeferred(calls, calls.deferredCapacity);
        s.packet = calls;
        assertThat(stripes.admitMetric(s)).isEqualTo(CallerStripes.SHED);
        assertThat(s.lock.isLocked()).isFalse();
        assertThat(counters.droppedQueueFull.sum()).isEqualTo(2);
    }

    @Test
    void aFullQueueSeenOnceShedsTheNext255MetricsWithoutLookingAgain() {
        PacketQueue q = queue(4);
        CallerStripes stripes = stripes(q, false);
        fillQueue(q);
        CallerStripe s = stripes.lock();
        Packet lines = q.takeFree();
        lines.append("abcdefghijklmnopq".getBytes(US_ASCII), 17);
        s.packet = lines;
        s.lastLength = 17;
        assertThat(stripes.admitMetric(s)).isEqualTo(CallerStripes.SHED);
        // the senders empty the queue, but the stripe looks at it again only after 255 more metrics
        while (q.takeQueued() != null) {
            // drained
        }
        for (int i = 0; i < 255; i++) {
            s = stripes.lock();
            assertThat(stripes.admitMetric(s)).as("metric %d", i).isEqualTo(CallerStripes.SHED);
        }
        assertThat(counters.droppedQueueFull.sum()).isEqualTo(256);
        s = stripes.lock();
        assertThat(stripes.admitMetric(s)).isEqualTo(CallerStripes.LINES);
        assertThat(s.lock.isHeldByCurrentThread()).isTrue();
        s.lock.unlock();

        // seen full again: another 256
        fillQueue(q);
        for (int i = 0; i < 256; i++) {
            s = stripes.lock();
            assertThat(stripes.admitMetric(s)).as("metric %d", i).isEqualTo(CallerStripes.SHED);
        }
        q.takeQueued();
        s = stripes.lock();
        assertThat(stripes.admitMetric(s)).isEqualTo(CallerStripes.LINES);
        s.lock.unlock();
        assertThat(counters.droppedQueueFull.sum()).isEqualTo(512);
    }

    @Test
    void linesFillAPacketThenItGoesToTheQueue() {
        PacketQueue q = queue(4);
        CallerStripes stripes = stripes(q, true);
        CallerStripe s = stripes.lock();
        write(s, "abcdefghi");
        stripes.commitLine(s, false);
        assertThat(s.writer.length()).isZero();
        assertThat(s.lastLength).isEqualTo(9);
        Packet first = s.packet;
        assertThat(first.isDeferred()).isFalse();
        write(s, "jklmnopqr");
        stripes.commitLine(s, false);
        assertThat(s.packet).isSameAs(first);
        assertThat(q.isEmpty()).isTrue();
        // 20 bytes taken of 21: the next line goes into the next packet
        write(s, "s");
        stripes.commitLine(s, false);
        assertThat(s.packet).isNotSameAs(first);
        assertThat(text(s.packet)).isEqualTo("s\n");
        assertThat(s.lastLength).isEqualTo(1);
        assertThat(s.writer.length()).isZero();
        assertThat(q.takeQueued()).isSameAs(first);
        assertThat(text(first)).isEqualTo("abcdefghi\njklmnopqr\n");
        assertThat(first.entries).isEqualTo(2);
        s.lock.unlock();
        assertThat(counters.droppedQueueFull.sum()).isZero();
    }

    @Test
    void aLineThatFillsThePacketExactlyGoesIntoIt() {
        PacketQueue q = queue(4);
        CallerStripes stripes = stripes(q, true);
        CallerStripe s = stripes.lock();
        write(s, "abcdefghi");
        stripes.commitLine(s, false);
        write(s, "jklmnopqrs");
        stripes.commitLine(s, false);
        assertThat(text(s.packet)).isEqualTo("abcdefghi\njklmnopqrs\n");
        assertThat(s.packet.entries).isEqualTo(2);
        assertThat(q.isEmpty()).isTrue();
        s.lock.unlock();
    }

    @Test
    void anEntryOfMaxPacketSizeGoesInAndALargerOrEmptyOneIsCountedAsDropped() {
        PacketQueue q = queue(4);
        CallerStripes stripes = stripes(q, true);
        CallerStripe s = stripes.lock();

        write(s, "x".repeat(MAX));
        assertThat(s.writer.overflowed()).isFalse();
        stripes.commitLine(s, false);
        assertThat(text(s.packet)).isEqualTo("x".repeat(MAX) + "\n");
        Packet kept = s.packet;

        write(s, "y".repeat(MAX + 1));
        assertThat(s.writer.overflowed()).isFalse();
        stripes.commitLine(s, false);
        assertThat(counters.droppedOversize.sum()).isOne();
        assertThat(s.writer.length()).isZero();

        write(s, "z".repeat(MAX + 5));
        assertThat(s.writer.overflowed()).isTrue();
        stripes.commitLine(s, false);
        assertThat(counters.droppedOversize.sum()).isEqualTo(2);
        assertThat(s.writer.length()).isZero();
        assertThat(s.writer.overflowed()).isFalse();

        stripes.commitLine(s, false);
        assertThat(counters.droppedInvalid.sum()).isOne();

        assertThat(s.packet).isSameAs(kept);
        assertThat(kept.entries).isOne();
        assertThat(q.isEmpty()).isTrue();
        s.lock.unlock();
    }

    @Test
    void checksAnEntryAgainstMaxPacketSize() {
        CallerStripes stripes = stripes(queue(4), true);
        LineWriter w = new LineWriter(MAX + 10);
        w.writeBytes("x".repeat(MAX).getBytes(US_ASCII));
        assertThat(stripes.checkEntry(w)).isTrue();
        w.writeByte('x');
        assertThat(stripes.checkEntry(w)).isFalse();
        assertThat(counters.droppedOversize.sum()).isOne();
        w.reset();
        assertThat(stripes.checkEntry(w)).isFalse();
        assertThat(counters.droppedInvalid.sum()).isOne();
        assertThat(counters.droppedOversize.sum()).isOne();
    }

    @Test
    void aLineIsDroppedWhenThePacketItFillsCannotBeQueued() {
        PacketQueue q = queue(4);
        CallerStripes stripes = stripes(q, true);
        CallerStripe s = stripes.lock();
        write(s, "abcdefghijklmnop");
        stripes.commitLine(s, false);
        Packet kept = s.packet;
        fillQueue(q);

        write(s, "qrstuvwxy");
        stripes.commitLine(s, false);
        assertThat(counters.droppedQueueFull.sum()).isOne();
        assertThat(s.writer.length()).isZero();
        assertThat(s.packet).isSameAs(kept);
        assertThat(text(kept)).isEqualTo("abcdefghijklmnop\n");
        assertThat(s.lastLength).isEqualTo(16);

        // once the queue has room, the packet goes and the next line starts a new one
        q.takeQueued();
        write(s, "qrstuvwxy");
        stripes.commitLine(s, false);
        assertThat(text(s.packet)).isEqualTo("qrstuvwxy\n");
        assertThat(counters.droppedQueueFull.sum()).isOne();
        Packet last = null;
        for (Packet p; (p = q.takeQueued()) != null; ) {
            last = p;
        }
        assertThat(last).isSameAs(kept);
        s.lock.unlock();
    }

    @Test
    void anEntryIsDroppedWhenNoEmptyPacketIsLeft() {
        PacketQueue q = queue(4);
        CallerStripes stripes = stripes(q, true);
        List<Packet> all = new ArrayList<>();
        for (Packet p; (p = q.takeFree()) != null; ) {
            all.add(p);
        }
        assertThat(all).hasSize(6);
        CallerStripe s = stripes.lock();
        write(s, "abc");
        stripes.commitLine(s, false);
        assertThat(counters.droppedQueueFull.sum()).isOne();
        assertThat(s.packet).isNull();
        assertThat(s.writer.length()).isZero();
        stripes.commitDeferred(s, "n", MetricType.COUNTER, ValueKind.LONG_VALUE, 1, 1.0, null);
        assertThat(counters.droppedQueueFull.sum()).isEqualTo(2);
        assertThat(s.packet).isNull();

        q.release(all.get(0));
        stripes.commitDeferred(s, "n", MetricType.COUNTER, ValueKind.LONG_VALUE, 1, 1.0, null);
        assertThat(s.packet).isSameAs(all.get(0));
        assertThat(s.packet.deferred).isOne();
        s.lock.unlock();
    }

    @Test
    void deferredCallsFillAPacketInOrderWithEntriesThatCouldNotBeDeferred() {
        PacketQueue q = queue(4);
        CallerStripes stripes = stripes(q, true);
        CallerStripe s = stripes.lock();
        // a first entry encoded by the caller, in a packet of deferred calls
        write(s, "enc:1|c");
        stripes.commitLine(s, true);
        Packet p = s.packet;
        assertThat(p.isDeferred()).isTrue();
        assertThat(p.isEncoded(0)).isTrue();
        assertThat(new String(p.array, p.encodedFrom(0), p.encodedLength(0), US_ASCII))
                .isEqualTo("enc:1|c");
        String[] tags = {"a:b"};
        stripes.commitDeferred(s, "name", MetricType.GAUGE, ValueKind.DOUBLE_VALUE, 7, 0.5, tags);
        assertThat(s.packet).isSameAs(p);
        assertThat(p.deferredName(1)).isEqualTo("name");
        assertThat(p.deferredType(1)).isEqualTo(MetricType.GAUGE.ordinal());
        assertThat(p.deferredKind(1)).isEqualTo(ValueKind.DOUBLE_VALUE.ordinal());
        assertThat(p.deferredTagCount(1)).isOne();
        // an entry encoded by the caller among them stays in order, whatever kind a new packet would be
        write(s, "enc:2|c");
        stripes.commitLine(s, false);
        assertThat(s.packet).isSameAs(p);
        assertThat(p.isEncoded(2)).isTrue();
        assertThat(p.entries).isEqualTo(3);

        // full: the packet goes to the queue, and the next call starts a new one
        while (p.deferred < p.deferredCapacity) {
            stripes.commitDeferred(s, "more", MetricType.COUNTER, ValueKind.LONG_VALUE, 1, 1.0, null);
        }
        assertThat(q.isEmpty()).isTrue();
        stripes.commitDeferred(s, "next", MetricType.COUNTER, ValueKind.LONG_VALUE, 1, 1.0, null);
        assertThat(q.takeQueued()).isSameAs(p);
        assertThat(s.packet).isNotSameAs(p);
        assertThat(s.packet.deferredName(0)).isEqualTo("next");
        s.lock.unlock();
        assertThat(counters.droppedQueueFull.sum()).isZero();
    }

    @Test
    void aDeferredCallAfterLinesStartsANewPacketAndALineAfterAFullPacketOfCallsToo() {
        PacketQueue q = queue(4);
        CallerStripes stripes = stripes(q, true);
        CallerStripe s = stripes.lock();
        write(s, "line:1|c");
        stripes.commitLine(s, false);
        Packet lines = s.packet;
        stripes.commitDeferred(s, "name", MetricType.COUNTER, ValueKind.LONG_VALUE, 1, 1.0, null);
        assertThat(q.takeQueued()).isSameAs(lines);
        Packet calls = s.packet;
        assertThat(calls.isDeferred()).isTrue();
        assertThat(text(lines)).isEqualTo("line:1|c\n");

        addDeferred(calls, calls.deferredCapacity - calls.deferred);
        write(s, "line:2|c");
        stripes.commitLine(s, true);
        assertThat(q.takeQueued()).isSameAs(calls);
        assertThat(s.packet.isDeferred()).isTrue();
        assertThat(s.packet.isEncoded(0)).isTrue();

        // a deferred call that finds its packet full and the queue full is counted as dropped
        addDeferred(s.packet, s.packet.deferredCapacity - s.packet.deferred);
        fillQueue(q);
        Packet full = s.packet;
        stripes.commitDeferred(s, "lost", MetricType.COUNTER, ValueKind.LONG_VALUE, 1, 1.0, null);
        assertThat(counters.droppedQueueFull.sum()).isOne();
        assertThat(s.packet).isSameAs(full);
        assertThat(full.deferred).isEqualTo(full.deferredCapacity);
        s.lock.unlock();
    }

    @Test
    void flushAllHandsOverEveryPartFilledPacketMarkedFlushed() {
        PacketQueue q = queue(4);
        CallerStripes stripes = stripes(q, true);
        assertThat(stripes.flushAll()).isTrue();
        assertThat(q.isEmpty()).isTrue();

        CallerStripe s = stripes.lock();
        write(s, "a:1|c");
        stripes.commitLine(s, false);
        Packet p = s.packet;
        s.lock.unlock();
        assertThat(stripes.flushAll()).isTrue();
        assertThat(s.packet).isNull();
        assertThat(q.takeQueued()).isSameAs(p);
        assertThat(p.flushed).isTrue();
        assertThat(s.lock.isLocked()).isFalse();

        // an empty packet stays with its stripe
        Packet empty = q.takeFree();
        s.packet = empty;
        assertThat(stripes.flushAll()).isTrue();
        assertThat(s.packet).isSameAs(empty);
        assertThat(q.isEmpty()).isTrue();
        assertThat(empty.flushed).isFalse();

        // a full queue: the packet stays, to be handed over at the next flush
        s = stripes.lock();
        s.packet = null;
        write(s, "b:1|c");
        stripes.commitLine(s, false);
        Packet kept = s.packet;
        s.lock.unlock();
        fillQueue(q);
        assertThat(stripes.flushAll()).isFalse();
        assertThat(s.packet).isSameAs(kept);
        assertThat(s.lock.isLocked()).isFalse();
        q.takeQueued();
        assertThat(stripes.flushAll()).isTrue();
        assertThat(s.packet).isNull();
    }

    @Test
    void flushAllWaitsForACallerThatHoldsAStripe() throws Exception {
        PacketQueue q = queue(4);
        CallerStripes stripes = stripes(q, true);
        CallerStripe s = stripes.lock();
        write(s, "a:1|c");
        stripes.commitLine(s, false);
        CompletableFuture<Boolean> flushed = new CompletableFuture<>();
        Thread t = new Thread(() -> flushed.complete(stripes.flushAll()));
        t.setDaemon(true);
        t.start();
        await().atMost(Duration.ofSeconds(10)).until(s.lock::hasQueuedThreads);
        write(s, "b:1|c");
        stripes.commitLine(s, false);
        s.lock.unlock();
        assertThat(flushed.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(text(q.takeQueued())).isEqualTo("a:1|c\nb:1|c\n");
    }

    @Test
    void closeAllTakesThePartFilledPacketsAndLocksNoCallerInAgain() throws Exception {
        PacketQueue q = queue(4);
        CallerStripes stripes = stripes(q, true);
        CallerStripe s = stripes.lock();
        write(s, "a:1|c");
        stripes.commitLine(s, false);
        Packet p = s.packet;
        s.lock.unlock();

        List<Packet> leftovers = stripes.closeAll();
        assertThat(leftovers).containsExactly(p);
        assertThat(p.flushed).isTrue();
        assertThat(s.packet).isNull();
        assertThat(s.closed).isTrue();
        assertThat(q.isEmpty()).isTrue();

        assertThat(stripes.lock()).isNull();
        assertThat(s.lock.isLocked()).isFalse();
        // another thread neither waits nor gets in
        assertThat(lockInThread(stripes).get(10, TimeUnit.SECONDS)).isNull();
        assertThat(stripes.closeAll()).isEmpty();
    }

    @Test
    void closeAllLeavesAnEmptyPacketOut() {
        PacketQueue q = queue(4);
        CallerStripes stripes = stripes(q, true);
        CallerStripe s = stripes.lock();
        s.packet = q.takeFree();
        s.lock.unlock();
        assertThat(stripes.closeAll()).isEmpty();
        assertThat(s.packet).isNull();
        assertThat(stripes.lock()).isNull();
    }
}
