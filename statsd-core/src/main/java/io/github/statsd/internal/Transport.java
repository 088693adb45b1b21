package io.github.statsd.internal;

import java.io.IOException;

/** Writes packets to the server. Used by one sender thread only, except {@link #abort()}. */
interface Transport {

    /**
     * Connects (resolving the host name) if not connected. Blocking, on the sender thread.
     *
     * @throws IOException when the server cannot be reached now
     */
    void connect() throws IOException;

    /** @return whether {@link #connect()} succeeded and no error has happened since */
    boolean isConnected();

    /**
     * Writes bytes {@code [from, from + length)} of a buffer as one packet.
     *
     * @param packet the array
     * @param from where the packet begins
     * @param length how many bytes
     * @throws IOException when the write failed; the transport is then disconnected, except after a
     *     {@link DatagramDroppedException} (a full socket buffer)
     */
    void write(byte[] packet, int from, int length) throws IOException;

    /** Closes the connection, if any; a later {@link #connect()} opens a new one. */
    void disconnect();

    /** Closes the connection from another thread, waking a blocked write. */
    void abort();
}
