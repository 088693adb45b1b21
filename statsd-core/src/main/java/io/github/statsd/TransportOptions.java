package io.github.statsd;

import java.time.Duration;

/**
 * How and where a client's sender threads write packets: the options {@link StatsdConfig} and {@link GraphiteConfig}
 * share (the Graphite client's transport is a {@link StatsdConfig}). A record, so that equality and hashing follow the
 * components without listing them; checked by {@link StatsdConfig.Builder}.
 *
 * @param host the server host, or a {@code unix://} address
 * @param port the server port
 * @param protocol the transport protocol
 * @param socketPath the Unix domain socket path, or {@code null}
 * @param maxPacketSize the configured max packet size, or {@code null} for the protocol's default: kept unresolved so
 *     that a copy with another protocol gets that protocol's default
 * @param queueCapacity full packets that may wait for the sender
 * @param flushInterval how long a part-filled packet may wait
 * @param connectTimeout the connect timeout of stream transports
 * @param sendTimeout the write timeout of stream transports, zero for none
 * @param closeTimeout how long {@code close()} keeps draining
 * @param dnsRefreshInterval how often a UDP client resolves the host again, zero for never
 * @param senderThreads the number of sender threads
 * @param errorHandler the sender's error handler, or {@code null}
 */
record TransportOptions(
        String host,
        int port,
        Protocol protocol,
        String socketPath,
        Integer maxPacketSize,
        int queueCapacity,
        Duration flushInterval,
        Duration connectTimeout,
        Duration sendTimeout,
        Duration closeTimeout,
        Duration dnsRefreshInterval,
        int senderThreads,
        ErrorHandler errorHandler) {

    /**
     * Returns the max packet size the sender uses.
     *
     * @return the configured size, or the protocol's default when none is configured
     */
    int resolvedMaxPacketSize() {
        return (maxPacketSize == null) ? protocol.defaultMaxPacketSize() : maxPacketSize;
    }
}
