package io.github.statsd.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The contract of the queue between callers and senders: sizes, bounds, order, and the waking of a waiting sender. */
class PacketQueueTest {

    private static final long MINUTE = TimeUnit.SECONDS.toNanos(60);

    static EngineSettings settings(int queueCapacity, int maxPacketSize) {
        return new EngineSettings(
                TransportKind.UDP,
                "localhost",
                8125,
                null,
                maxPacketSize,
                queueCapacity,
                1,
                Duration.ofMillis(100),
                Duration.ofSeconds(1),
                Duration.ZERO,
                Duration.ofSeconds(1),
                Duration.ZERO,
                e -> {},
                false,
                ThreadNames.next("queue-test"));
    }

    /** A sender that never runs: only its {@link Sender#sleeping} flag is used, by {@link PacketQueue#poll}. */
    private static Sender idleSender() {
        return new Sender(Engine.noop(settings(64, 1432)), null, 0);
    }

    @Test
    void aPacketHoldsUpToFourDatagramsOfAtMostEightKilobytesAndAtMostASixteenthOfTheQueue() {
        assertThat(new PacketQueue(1000, 1432, 4, 1).datagramsPerPacket).isEqualTo(4);
        // 8192 bytes hold four datagrams of 2047 bytes and their newlines, three of 2048
        assertThat(new PacketQueue(1000, 2047, 4, 1).datagramsPerPacket).isEqualTo(4);
        assertThat(new PacketQueue(1000, 2048, 4, 1).datagramsPerPacket).isEqualTo(3);
        assertThat(new PacketQueue(1000, 4095, 4, 1).datagramsPerPacket).isEqualTo(2);
        assertThat(new PacketQueue(1000, 4096, 4, 1).datagramsPerPacket).isEqualTo(1);
        // never none
        assertThat(new PacketQueue(1000, 65_000, 4, 1).datagramsPerPacket).isEqualTo(1);
        assertThat(new PacketQueue(15, 512, 4, 1).datagramsPerPacket).isEqualTo(1);
        assertThat(new PacketQueue(1, 512, 4, 1).datagramsPerPacket).isEqualTo(1);
        // a sixteenth of the queue
        assertThat(new PacketQueue(16, 512, 4, 1).datagramsPerPacket).isEqualTo(1);
        assertThat(new PacketQueue(47, 512, 4, 1).datagramsPerPacket).isEqualTo(2);
        assertThat(new PacketQueue(48, 512, 4, 1).datagramsPerPacket).isEqualTo(3);
        assertThat(new PacketQueue(64, 512, 4, 1).datagramsPerPacket).isEqualTo(4);
    }

    @Test
    void handsOutAsManyPacketsAsTheQueueAndEveryStripeAndSenderCanHoldThenNone() {
        // 64 places of 4 datagrams: 16 queued packets, plus one per stripe (2) and per sender (3)
        PacketQueue q = new PacketQueue(64, 1432, 2, 3);
        List<Packet> taken = new ArrayList<>();
        for (int i = 0; i < 21; i++) {
            Packet p = q.takeFree();
            assertThat(p).as("packet %d", i).isNotNull();
            assertThat(p.array).hasSize(4 * 1433);
            taken.add(p);
        }
        assertThat(q.takeFree()).isNull();
        assertThat(taken).doesNotHaveDuplicates();

        // a packet given back is cleared and handed out again, still within the bound
        Packet back = taken.get(5);
        back.append(new byte[] {'a', ':', '1', '|', 'c'}, 5);
        back.flushed = true;
        q.release(back);
        Packet again = q.takeFree();
        assertThat(again).isSameAs(back);
        assertThat(again.isEmpty()).isTrue();
        assertThat(again.length()).isZero();
        assertThat(again.flushed).isFalse();
        assertThat(q.takeFree()).isNull();
    }

    @Test
    void roundsThePacketsOfAQueueThatIsNoMultipleOfAPacketUp() {
        // 65 places of 4 datagrams: 17 packets (the last one part-used), plus one stripe and one sender
        PacketQueue q = new PacketQueue(65, 1432, 1, 1);
        for (int i = 0; i < 19; i++) {
            assertThat(q.takeFree()).as("packet %d", i).isNotNull();
        }
        assertThat(q.takeFree()).isNull();
        // 3 places of one datagram: three packets, plus one stripe and one sender
        PacketQueue small = new PacketQueue(3, 1432, 1, 1);
        for (int i = 0; i < 5; i++) {
            assertThat(small.takeFree()).as("packet %d", i).isNotNull();
        }
        assertThat(small.takeFree()).isNull();
    }

    @Test
    void aFlushMarkerGivenBackIsNotPooled() {
        PacketQueue q = new PacketQueue(2, 1432, 1, 1);
        Packet marker = new FlushBarrier().marker();
        q.release(marker);
        Packet p = q.takeFree();
        assertThat(p).isNotSameAs(marker);
        assertThat(p.array).hasSize(1433);
    }

    @Test
    void queuesAsManyPacketsAsItsPlacesHoldFirstInFirstOut() {
        PacketQueue q = new PacketQueue(64, 1432, 1, 1);
        assertThat(q.isEmpty()).isTrue();
        List<Packet> in = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            Packet p = new Packet(1432, 4);
            in.add(p);
            assertThat(q.enqueue(p)).as("packet %d", i).isTrue();
            assertThat(q.queuedPlaces()).isEqualTo(4 * (i + 1));
            assertThat(q.isEmpty()).isFalse();
        }
        assertThat(q.enqueue(new Packet(1432, 4))).isFalse();
        assertThat(q.queuedPlaces()).isEqualTo(64);

        for (Packet p : in) {
            assertThat(q.takeQueued()).isSameAs(p);
        }
        assertThat(q.takeQueued()).isNull();
        assertThat(q.queuedPlaces()).isZero();
        assertThat(q.isEmpty()).isTrue();

        // the places taken back are free again
        for (int i = 0; i < 16; i++) {
            assertThat(q.enqueue(new Packet(1432, 4))).as("packet %d", i).isTrue();
        }
        assertThat(q.enqueue(new Packet(1432, 4))).isFalse();
    }

    @Test
    void aQueueOfPlacesThatIsNoMultipleOfAPacketTakesOnlyWholePackets() {
        PacketQueue q = new PacketQueue(66, 1432, 1, 1);
        for (int i = 0; i < 16; i++) {
            assertThat(q.enqueue(new Packet(1432, 4))).isTrue();
        }
        assertThat(q.isFull()).isTrue();
        assertThat(q.enqueue(new Packet(1432, 4))).isFalse();
        assertThat(q.queuedPlaces()).isEqualTo(64);
    }

    @Test
    void isFullWhenAnotherPacketWouldNotFit() {
        PacketQueue q = new PacketQueue(64, 1432, 1, 1);
        for (int i = 0; i < 15; i++) {
            assertThat(q.isFull()).as("after %d", i).isFalse();
            q.enqueue(new Packet(1432, 4));
        }
        // 60 of 64 places: one packet more fits
        assertThat(q.isFull()).isFalse();
        q.enqueue(new Packet(1432, 4));
        assertThat(q.isFull()).isTrue();
        q.takeQueued();
        assertThat(q.isFull()).isFalse();
    }

    @Test
    void isBackloggedWhenMoreThanASixteenthOfItsPlacesAreTaken() {
        PacketQueue q = new PacketQueue(128, 1432, 1, 1);
        assertThat(q.isBacklogged()).isFalse();
        // 8 places: a sixteenth
        q.enqueue(new Packet(1432, 4));
        q.enqueue(new Packet(1432, 4));
        assertThat(q.isBacklogged()).isFalse();
        q.enqueue(new Packet(1432, 4));
        assertThat(q.isBacklogged()).isTrue();
        q.takeQueued();
        assertThat(q.isBacklogged()).isFalse();
    }

    @Test
    void pollTakesAQueuedPacketAndReturnsNothingWhenNoneIsQueuedAndItMayNotWait() throws Exception {
        PacketQueue q = new PacketQueue(16, 1432, 1, 1);
        Sender sender = idleSender();
        assertThat(q.poll(sender, 0)).isNull();
        assertThat(q.poll(sender, -1)).isNull();
        Packet p = new Packet(1432, 1);
        q.enqueue(p);
        assertThat(q.poll(sender, 0)).isSameAs(p);
        assertThat(q.queuedPlaces()).isZero();
        q.enqueue(p);
        assertThat(q.poll(sender, MINUTE)).isSameAs(p);
        assertThat(sender.sleeping).isFalse();
    }

    @Test
    void pollReturnsNothingOnceItsWaitIsOver() {
        PacketQueue q = new PacketQueue(16, 1432, 1, 1);
        Sender sender = idleSender();
        // within the light wait, and past it
        for (long nanos : new long[] {TimeUnit.MICROSECONDS.toNanos(200), TimeUnit.MILLISECONDS.toNanos(30)}) {
            CompletableFuture<Packet> polled = pollInThread(q, sender, nanos, new AtomicReference<>());
            await().atMost(Duration.ofSeconds(10)).until(polled::isDone);
            assertThat(polled.join()).isNull();
            assertThat(sender.sleeping).isFalse();
        }
    }

    @Test
    void aSleepingSenderIsWokenByTheNextPacketQueued() throws Exception {
        PacketQueue q = new PacketQueue(16, 1432, 1, 2);
        Sender first = idleSender();
        Sender second = idleSender();
        AtomicReference<Thread> thread = new AtomicReference<>();
        Thread other = new Thread(() -> {});
        q.wakes(new Sender[] {first, second}, new Thread[] {other, null});

        // a packet queued while no sender sleeps wakes no one
        Packet early = new Packet(1432, 1);
        assertThat(q.enqueue(early)).isTrue();
        assertThat(q.takeQueued()).isSameAs(early);

        CompletableFuture<Packet> polled = pollInThread(q, second, MINUTE, thread);
        await().atMost(Duration.ofSeconds(10)).until(() -> second.sleeping);
        q.wakes(new Sender[] {first, second}, new Thread[] {other, thread.get()});
        Packet p = new Packet(1432, 1);
        assertThat(q.enqueue(p)).isTrue();
        // without the wake-up, the sender would park for a minute
        assertThat(polled.get(10, TimeUnit.SECONDS)).isSameAs(p);
        assertThat(second.sleeping).isFalse();
        assertThat(first.sleeping).isFalse();
    }

    @Test
    void everyPacketIsTakenOnceWhicheverPartOfItsWaitThePollerIsIn() throws Exception {
        PacketQueue q = new PacketQueue(16, 1432, 1, 1);
        Sender sender = idleSender();
        int packets = 500;
        AtomicInteger taken = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread consumer = new Thread(() -> {
            try {
                while (taken.get() < packets) {
                    // a short wait: packets come during the sender's light wait, after it, and between two polls
                    if (q.poll(sender, TimeUnit.MILLISECONDS.toNanos(2)) != null) {
                        taken.incrementAndGet();
                    }
                }
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        consumer.setDaemon(true);
        q.wakes(new Sender[] {sender}, new Thread[] {consumer});
        consumer.start();
        for (int i = 0; i < packets; i++) {
            assertThat(q.enqueue(new Packet(8, 1))).isTrue();
            // the next packet once this one is taken: the poller is then in a new poll, mostly in its light wait
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (taken.get() <= i && failure.get() == null && System.nanoTime() - deadline < 0) {
                Thread.yield();
            }
            assertThat(failure.get()).isNull();
            assertThat(taken.get())
                    .as("packets taken after packet %d was queued", i)
                    .isEqualTo(i + 1);
        }
        consumer.join(10_000);
        assertThat(failure.get()).isNull();
        assertThat(taken.get()).isEqualTo(packets);
        assertThat(q.isEmpty()).isTrue();
    }

    @Test
    void aWaitingSenderIsInterrupted() throws Exception {
        PacketQueue q = new PacketQueue(16, 1432, 1, 1);
        Sender sender = idleSender();
        AtomicReference<Thread> thread = new AtomicReference<>();
        CompletableFuture<Packet> polled = pollInThread(q, sender, MINUTE, thread);
        await().atMost(Duration.ofSeconds(10)).until(() -> sender.sleeping);
        thread.get().interrupt();
        await().atMost(Duration.ofSeconds(10)).until(polled::isDone);
        assertThat(polled).isCompletedExceptionally();
        try {
            polled.get();
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(InterruptedException.class);
        }
        assertThat(sender.sleeping).isFalse();

        // interrupted before it waits: it throws at its first look
        Thread.currentThread().interrupt();
        try {
            q.poll(sender, MINUTE);
            throw new AssertionError("not interrupted");
        } catch (InterruptedException expected) {
            assertThat(Thread.currentThread().isInterrupted()).isFalse();
        } finally {
            Thread.interrupted();
        }
    }

    private static CompletableFuture<Packet> pollInThread(
            PacketQueue q, Sender sender, long nanos, AtomicReference<Thread> thread) {
        CompletableFuture<Packet> result = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                result.complete(q.poll(sender, nanos));
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        t.setDaemon(true);
        thread.set(t);
        t.start();
        return result;
    }
}
