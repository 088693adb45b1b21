package io.github.statsd.internal;

/** How packets reach the server; creates each sender's transport. */
public enum TransportKind {
    /** Datagrams to a host and port. */
    UDP {
        @Override
        Transport create(EngineSettings s) {
            return new UdpTransport(s.host(), s.port(), s.dnsRefreshInterval());
        }
    },
    /** A TCP stream of newline-terminated lines. */
    TCP {
        @Override
        Transport create(EngineSettings s) {
            return StreamTransport.tcp(s.host(), s.port(), s.connectTimeout(), s.sendTimeout());
        }
    },
    /** A Unix domain stream socket of newline-terminated lines. */
    UNIX_STREAM {
        @Override
        Transport create(EngineSettings s) {
            return StreamTransport.unix(s.socketPath(), s.connectTimeout(), s.sendTimeout(), false);
        }
    },
    /**
     * A Unix domain stream socket carrying datagram payloads, each after its 4-byte little-endian length: DogStatsD's
     * stream socket ({@code dogstatsd_stream_socket}).
     */
    UNIX_STREAM_LENGTH_PREFIXED {
        @Override
        Transport create(EngineSettings s) {
            return StreamTransport.unix(s.socketPath(), s.connectTimeout(), s.sendTimeout(), true);
        }
    },
    /** A Unix domain datagram socket, one datagram per packet: DogStatsD's {@code dogstatsd_socket}. */
    UNIX_DATAGRAM {
        @Override
        Transport create(EngineSettings s) {
            return UnixDatagramTransports.create(s.socketPath(), s.maxPacketSize());
        }
    };

    /** @return a new, unconnected transport for one sender */
    abstract Transport create(EngineSettings settings);

    /** @return whether packets go without their final newline: datagrams, and length-prefixed frames */
    boolean sendsDatagrams() {
        return this != TCP && this != UNIX_STREAM;
    }
}
