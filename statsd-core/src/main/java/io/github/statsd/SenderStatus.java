package io.github.statsd;

import io.github.statsd.internal.SenderState;

/**
 * A snapshot of a client's sender threads, for health checks: each thread has its own connection to the server. While
 * the client is open every thread should be alive; a thread that ended on an unexpected error (such as an {@link Error}
 * thrown by an {@link ErrorHandler}) is counted in {@link #failed()}, is not restarted, and is reported to the error
 * handler and logged. The other threads send on (one of them takes over flushing part-filled packets); once none is
 * left, every metric is dropped at once and counted in {@link StatsdStats#droppedSenderFailed()}.
 *
 * <pre>{@code
 * SenderStatus status = statsd.senderStatus();
 * boolean healthy = status.alive() == status.threads() && !status.anyFailed();
 * }</pre>
 *
 * @param threads sender threads the client started ({@link StatsdConfig#senderThreads()})
 * @param alive sender threads still running; all of them until {@code close()}, none after it
 * @param connected running sender threads whose connection is open now (for UDP, a connected datagram socket; TCP and
 *     Unix domain sockets connect at the first packet and reconnect after an error)
 * @param failed sender threads that ended on an unexpected error, not because the client was closed
 */
public record SenderStatus(int threads, int alive, int connected, int failed) {

    /**
     * Returns whether a sender thread ended on an unexpected error.
     *
     * @return {@code true} when {@link #failed()} is not zero
     */
    public boolean anyFailed() {
        return failed > 0;
    }

    /** The public view of an engine's sender threads. */
    static SenderStatus of(SenderState s) {
        return new SenderStatus(s.threads(), s.alive(), s.connected(), s.failed());
    }
}
