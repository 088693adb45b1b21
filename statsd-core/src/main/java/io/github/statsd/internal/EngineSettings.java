package io.github.statsd.internal;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * What an {@link Engine} needs to know, built from a client's configuration by the client.
 *
 * @param transport how packets reach the server
 * @param host the server's host name (network transports)
 * @param port the server's port (network transports)
 * @param socketPath the Unix domain socket's path (Unix transports)
 * @param maxPacketSize the most bytes of one packet
 * @param queueCapacity the most packets waiting for the senders
 * @param senderThreads how many sender threads, each with its own connection
 * @param flushInterval how long a part-filled packet may wait
 * @param connectTimeout the longest a stream connect may take
 * @param sendTimeout the longest a stream write may wait, zero for no limit
 * @param closeTimeout how long close() keeps sending what is queued
 * @param dnsRefreshInterval how often UDP resolves the host again, zero for never
 * @param errorHandler gets the senders' errors, or {@code null} to log them
 * @param debug whether every line sent is logged at DEBUG
 * @param threads names the engine's threads
 */
public record EngineSettings(
        TransportKind transport,
        String host,
        int port,
        String socketPath,
        int maxPacketSize,
        int queueCapacity,
        int senderThreads,
        Duration flushInterval,
        Duration connectTimeout,
        Duration sendTimeout,
        Duration closeTimeout,
        Duration dnsRefreshInterval,
        Consumer<Exception> errorHandler,
        boolean debug,
        ThreadNames threads) {}
