package io.github.statsd.internal;

/**
 * A snapshot of an engine's counts, which the public side shows as its stats; see there for what each means.
 *
 * @param sent entries written to the transport
 * @param packetsSent packets written
 * @param bytesSent bytes written
 * @param droppedQueueFull entries dropped on a full queue
 * @param droppedIoError entries in packets whose write failed
 * @param droppedInvalid calls dropped for bad input
 * @param droppedOversize entries larger than a packet
 * @param droppedClosed entries given after close, or left when its timeout ran out
 * @param droppedSenderFailed entries lost with a sender that ended on an unexpected error, or given while none was left
 * @param sampledOut calls not sent because of sampling
 * @param queuedPackets places taken in the queue now
 * @param aggregated calls merged into a line sent for another call
 */
public record EngineStats(
        long sent,
        long packetsSent,
        long bytesSent,
        long droppedQueueFull,
        long droppedIoError,
        long droppedInvalid,
        long droppedOversize,
        long droppedClosed,
        long droppedSenderFailed,
        long sampledOut,
        int queuedPackets,
        long aggregated) {}
