package io.github.statsd;

import io.github.statsd.internal.EngineSettings;
import io.github.statsd.internal.ThreadNames;
import io.github.statsd.internal.TransportKind;

/** Builds the engine's settings from a client's configuration: the one place that maps one onto the other. */
final class EngineSettingsFactory {

    private EngineSettingsFactory() {}

    /** What the engine needs of a configuration. */
    static EngineSettings of(StatsdConfig config, ThreadNames threads) {
        ErrorHandler handler = config.errorHandler();
        return new EngineSettings(
                transport(config),
                config.host(),
                config.port(),
                config.socketPath(),
                config.maxPacketSize(),
                config.queueCapacity(),
                config.senderThreads(),
                config.flushInterval(),
                config.connectTimeout(),
                config.sendTimeout(),
                config.closeTimeout(),
                config.dnsRefreshInterval(),
                handler == null ? null : handler::handle,
                config.debug(),
                threads);
    }

    /**
     * DogStatsD's Unix stream socket reads a 4-byte little-endian length before each payload; the Agent's datagram
     * socket cannot be reached from Java (no Unix datagram channels), so DATADOG over UDS means the stream socket.
     */
    private static TransportKind transport(StatsdConfig config) {
        switch (config.protocol()) {
            case TCP:
                return TransportKind.TCP;
            case UDS:
                return config.flavor() == Flavor.DATADOG
                        ? TransportKind.UNIX_STREAM_LENGTH_PREFIXED
                        : TransportKind.UNIX_STREAM;
            case UDP:
            default:
                return TransportKind.UDP;
        }
    }
}
