package io.github.statsd.internal;

import java.util.concurrent.atomic.LongAdder;

/**
 * The counts behind a client's stats: every entry ends in exactly one of them (sent, or dropped for a reason), or in
 * {@link #aggregated} or {@link #sampledOut}. Striped adders, so that callers and senders never contend on one.
 */
final class EngineCounters {

    final LongAdder sent = new LongAdder();
    final LongAdder packetsSent = new LongAdder();
    final LongAdder bytesSent = new LongAdder();
    final LongAdder droppedQueueFull = new LongAdder();
    final LongAdder droppedIoError = new LongAdder();
    final LongAdder droppedInvalid = new LongAdder();
    final LongAdder droppedOversize = new LongAdder();
    final LongAdder droppedClosed = new LongAdder();
    final LongAdder droppedSenderFailed = new LongAdder();
    final LongAdder sampledOut = new LongAdder();
    final LongAdder aggregated = new LongAdder();

    EngineStats snapshot(int queuedPackets) {
        return new EngineStats(
                sent.sum(),
                packetsSent.sum(),
                bytesSent.sum(),
                droppedQueueFull.sum(),
                droppedIoError.sum(),
                droppedInvalid.sum(),
                droppedOversize.sum(),
                droppedClosed.sum(),
                droppedSenderFailed.sum(),
                sampledOut.sum(),
                queuedPackets,
                aggregated.sum());
    }
}
