package io.github.statsd.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.Test;

/** What a flush learns from its barrier: which senders got to its markers, and how many markers are still queued. */
class FlushBarrierTest {

    @Test
    void countsEachMarkerOutstandingUntilItIsTakenOrLost() {
        FlushBarrier b = new FlushBarrier();
        assertThat(b.outstanding()).isZero();
        assertThat(b.arrived()).isZero();

        Packet first = b.marker();
        Packet second = b.marker();
        Packet third = b.marker();
        assertThat(b.outstanding()).isEqualTo(3);
        assertThat(first.barrier).isSameAs(b);
        assertThat(first.isEmpty()).isTrue();
        assertThat(first.isDeferred()).isFalse();
        assertThat(second).isNotSameAs(first);
        assertThat(third.barrier).isSameAs(b);

        b.lost();
        assertThat(b.outstanding()).isEqualTo(2);
        assertThat(b.arrived()).isZero();
        b.arrive(1);
        assertThat(b.outstanding()).isOne();
        b.arrive(0);
        assertThat(b.outstanding()).isZero();
    }

    @Test
    void setsOneBitPerSenderThatArrivedOnceAsOftenAsItArrives() {
        FlushBarrier b = new FlushBarrier();
        for (int i = 0; i < 4; i++) {
            b.marker();
        }
        b.arrive(2);
        assertThat(b.arrived()).isEqualTo(0b100L);
        // a sender that takes a second marker arrives again: the same bit, one marker fewer
        b.arrive(2);
        assertThat(b.arrived()).isEqualTo(0b100L);
        assertThat(b.outstanding()).isEqualTo(2);
        b.arrive(0);
        assertThat(b.arrived()).isEqualTo(0b101L);
        b.arrive(63);
        assertThat(b.arrived()).isEqualTo(0b101L | Long.MIN_VALUE);
        assertThat(b.outstanding()).isZero();
    }

    @Test
    void sendersThatArriveAtOnceAreAllCounted() throws Exception {
        // two senders rarely arrive at one barrier at the very same moment: several rounds over many barriers
        for (int round = 0; round < 5; round++) {
            arriveSideBySide(4, 100_000);
        }
    }

    /** Every sender arrives at every barrier, the senders side by side: they often arrive at one at once. */
    private static void arriveSideBySide(int senders, int count) throws Exception {
        FlushBarrier[] barriers = new FlushBarrier[count];
        for (int i = 0; i < barriers.length; i++) {
            barriers[i] = new FlushBarrier();
            for (int s = 0; s < senders; s++) {
                barriers[i].marker();
            }
        }
        CyclicBarrier start = new CyclicBarrier(senders);
        List<Thread> threads = new ArrayList<>();
        for (int s = 0; s < senders; s++) {
            int index = s;
            Thread t = new Thread(() -> {
                try {
                    start.await();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                for (FlushBarrier b : barriers) {
                    b.arrive(index);
                }
            });
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join(30_000);
        }
        long all = (1L << senders) - 1;
        for (int i = 0; i < barriers.length; i++) {
            assertThat(barriers[i].arrived()).as("barrier %d", i).isEqualTo(all);
            assertThat(barriers[i].outstanding()).isZero();
        }
    }
}
