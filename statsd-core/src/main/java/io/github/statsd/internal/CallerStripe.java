package io.github.statsd.internal;

import java.util.concurrent.locks.ReentrantLock;

/** One packet being filled by calling threads, one at a time under the stripe's lock. */
final class CallerStripe {
    final ReentrantLock lock = new ReentrantLock();
    final LineWriter writer;
    Packet packet;
    boolean closed;
    /** Length of the last entry written, to foresee that the next one will not fit either. */
    int lastLength;
    /** Metrics dropped early on a full queue, to yield on a few of them. */
    int drops;
    /** How many more metrics to drop early without looking at the queue again. */
    int fullFor;

    CallerStripe(int maxPacketSize) {
        // room for an oversized entry to be detected rather than cut
        this.writer = new LineWriter(maxPacketSize + 1);
    }
}
