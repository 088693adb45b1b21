package io.github.statsd;

import io.github.statsd.internal.EngineStats;

/**
 * A snapshot of what a client has done with the metrics it was given. Counts are of metrics (one call, one batch entry,
 * one event), not of lines or bytes, except where named. After {@code close()} returns, every metric that passed
 * sampling is either in {@link #sent()}, in one of the {@code dropped} counts, or (with client-side aggregation) merged
 * into another metric's line: {@code accepted == sent + dropped() + aggregated}.
 *
 * <pre>{@code
 * StatsdStats stats = statsd.stats();
 * log.info("statsd sent {}, dropped {} ({} on a full queue)", stats.sent(), stats.dropped(), stats.droppedQueueFull());
 * }</pre>
 *
 * @param sent metrics written to the transport
 * @param packetsSent packets (datagrams or stream writes) written
 * @param bytesSent bytes written
 * @param droppedQueueFull metrics dropped because the queue of packets was full
 * @param droppedIoError metrics in packets whose write failed
 * @param droppedInvalid calls dropped for bad input: null or empty name, NaN or infinite value, bad sample rate
 * @param droppedOversize metrics whose line alone is larger than the max packet size
 * @param droppedClosed metrics given after {@code close()}, or still queued when the close timeout ran out
 * @param droppedSenderFailed metrics lost because a sender thread ended on an unexpected error (see
 *     {@link SenderStatus#failed()}): those it held when it ended and, once no sender thread is left, those queued and
 *     every later one
 * @param sampledOut calls not sent because of client-side sampling (not a loss: the server scales by the rate)
 * @param queuedPackets places taken in the queue now: the packets (datagrams, or stream writes of at most the max
 *     packet size) that the buffers waiting for the sender have room for
 * @param aggregated calls merged by client-side aggregation into a line sent for another call (the second and later
 *     calls to a counter or gauge in one window, repeated set members); the line itself counts in {@code sent} or a
 *     {@code dropped} count. Counted when the aggregation window is flushed, so it lags the calls by up to one window
 *     until {@code close()}.
 */
public record StatsdStats(
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
        long aggregated) {

    /**
     * Returns all dropped metrics.
     *
     * @return the sum of every {@code dropped} count
     */
    public long dropped() {
        return droppedQueueFull
                + droppedIoError
                + droppedInvalid
                + droppedOversize
                + droppedClosed
                + droppedSenderFailed;
    }

    /** The public view of an engine's counts. */
    static StatsdStats of(EngineStats s) {
        return new StatsdStats(
                s.sent(),
                s.packetsSent(),
                s.bytesSent(),
                s.droppedQueueFull(),
                s.droppedIoError(),
                s.droppedInvalid(),
                s.droppedOversize(),
                s.droppedClosed(),
                s.droppedSenderFailed(),
                s.sampledOut(),
                s.queuedPackets(),
                s.aggregated());
    }
}
