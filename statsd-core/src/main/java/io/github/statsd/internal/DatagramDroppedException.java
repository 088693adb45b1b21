package io.github.statsd.internal;

import java.io.IOException;

/**
 * A datagram was not sent because the socket buffer was full: counted as dropped, and the transport stays connected (a
 * non-blocking send never waits for the receiver). Thrown by the sender thread, where a burst of drops must stay cheap.
 */
final class DatagramDroppedException extends IOException {

    private static final long serialVersionUID = 1L;

    DatagramDroppedException(String socketPath) {
        super("Unix datagram socket " + socketPath + " is full (the receiver does not keep up): datagram dropped");
    }

    /** No stack trace: one instance per transport is thrown again for every drop, and the cause is the receiver. */
    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
