package io.github.statsd.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PacketRingTest {

    private static Packet packet(int id) {
        Packet p = new Packet(8, 1);
        p.entries = id;
        return p;
    }

    @Test
    void roundsItsCapacityUpToAPowerOfTwo() {
        assertThat(new PacketRing(1).capacity()).isEqualTo(2);
        assertThat(new PacketRing(1000).capacity()).isEqualTo(1024);
        assertThat(new PacketRing(1024).capacity()).isEqualTo(1024);
        assertThat(new PacketRing(1025).capacity()).isEqualTo(2048);
    }

    @Test
    void isFirstInFirstOutAndRefusesWhenFull() {
        PacketRing ring = new PacketRing(4);
        assertThat(ring.poll()).isNull();
        for (int lap = 0; lap < 3; lap++) {
            List<Packet> in = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                Packet p = packet(i);
                in.add(p);
                assertThat(ring.offer(p)).isTrue();
            }
            assertThat(ring.offer(packet(99))).isFalse();
            for (Packet p : in) {
                assertThat(ring.poll()).isSameAs(p);
            }
            assertThat(ring.poll()).isNull();
        }
    }

    @Test
    void handsEveryPacketToExactlyOneConsumer() throws Exception {
        int producers = 4;
        int consumers = 3;
        int perProducer = 200_000;
        PacketRing ring = new PacketRing(64);
        ConcurrentHashMap<Packet, Boolean> seen = new ConcurrentHashMap<>();
        AtomicInteger taken = new AtomicInteger();
        AtomicInteger duplicates = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < producers; t++) {
            threads.add(new Thread(() -> {
                await(start);
                for (int i = 0; i < perProducer; i++) {
                    Packet p = packet(i);
                    while (!ring.offer(p)) {
                        Thread.onSpinWait();
                    }
                }
            }));
        }
        int total = producers * perProducer;
        for (int t = 0; t < consumers; t++) {
            threads.add(new Thread(() -> {
                await(start);
                while (taken.get() < total) {
                    Packet p = ring.poll();
                    if (p == null) {
                        Thread.onSpinWait();
                        continue;
                    }
                    if (seen.put(p, Boolean.TRUE) != null) {
                        duplicates.incrementAndGet();
                    }
                    taken.incrementAndGet();
                }
            }));
        }
        threads.forEach(Thread::start);
        start.countDown();
        for (Thread t : threads) {
            t.join();
        }
        assertThat(duplicates.get()).isZero();
        assertThat(seen).hasSize(total);
        assertThat(ring.poll()).isNull();
    }

    @Test
    void keepsEachProducersOrder() throws Exception {
        int producers = 3;
        int perProducer = 100_000;
        PacketRing ring = new PacketRing(16);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < producers; t++) {
            int id = t;
            threads.add(new Thread(() -> {
                for (int i = 0; i < perProducer; i++) {
                    Packet p = packet(i);
                    p.buffer.put((byte) id);
                    while (!ring.offer(p)) {
                        Thread.onSpinWait();
                    }
                }
            }));
        }
        threads.forEach(Thread::start);
        int[] next = new int[producers];
        int received = 0;
        while (received < producers * perProducer) {
            Packet p = ring.poll();
            if (p == null) {
                Thread.onSpinWait();
                continue;
            }
            int producer = p.array[0];
            assertThat(p.entries).isEqualTo(next[producer]);
            next[producer]++;
            received++;
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(next).containsOnly(perProducer);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
