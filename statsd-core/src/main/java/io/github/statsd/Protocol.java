package io.github.statsd;

/**
 * How the client writes packets to the server.
 *
 * <pre>{@code
 * StatsdConfig config = StatsdConfig.builder().protocol(Protocol.TCP).host("statsd").build();
 * }</pre>
 */
public enum Protocol {
    /** One datagram per packet over a connected UDP socket. Default max packet size 1432 bytes. */
    UDP(1432),
    /** Newline-terminated lines over a TCP connection, reconnected with backoff. Default max packet size 8192. */
    TCP(8192),
    /**
     * A Unix domain stream socket ({@code unixstream:///path}), reconnected with backoff. Default max packet size 8192.
     * Newline-terminated lines, except with the {@link Flavor#DATADOG} flavour: the Agent's stream socket
     * ({@code dogstatsd_stream_socket}) reads each packet after its 4-byte little-endian length, with no final newline.
     * Keep the max packet size at most the Agent's {@code dogstatsd_buffer_size} (8192 by default).
     */
    UDS(8192),
    /**
     * A Unix domain datagram socket ({@code unix:///path} or {@code unixgram:///path}), the Datadog Agent's
     * {@code dogstatsd_socket}: one datagram per packet, no length prefix. Default max packet size 8192, the Agent's
     * {@code dogstatsd_buffer_size}. Never blocks: a datagram the socket buffer has no room for is dropped and counted;
     * a missing or re-created socket file is reconnected with backoff. Needs Java 22 or later, or
     * {@code com.github.jnr:jnr-unixsocket} on the classpath with Java 17 to 21.
     */
    UDS_DATAGRAM(8192);

    private final int defaultMaxPacketSize;

    Protocol(int defaultMaxPacketSize) {
        this.defaultMaxPacketSize = defaultMaxPacketSize;
    }

    /**
     * Returns the packet size used when none is configured.
     *
     * @return the default max packet size in bytes
     */
    public int defaultMaxPacketSize() {
        return defaultMaxPacketSize;
    }

    /**
     * Returns whether the protocol is a byte stream (lines end with a newline) rather than datagrams.
     *
     * @return {@code true} for TCP and Unix domain stream sockets
     */
    public boolean isStream() {
        return this == TCP || this == UDS;
    }

    /** @return whether the protocol writes to a Unix domain socket path rather than a host and port */
    boolean isUnixDomain() {
        return this == UDS || this == UDS_DATAGRAM;
    }
}
