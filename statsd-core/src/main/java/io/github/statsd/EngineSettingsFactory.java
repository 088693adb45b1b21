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
     * DogStatsD's Unix stream socket reads a 4-byte little-endian length before each payload, so DATADOG over a Unix
     * stream socket writes one; a Unix datagram socket carries each payload as it is, whatever the flavour.
     */
    private static TransportKind transport(StatsdConfig config) {
        switch (config.protocol()) {
            case TCP:
                return TransportKind.TCP;
            case UDS:
                return config.flavor() == Flavor.DATADOG
                        ? TransportKind.UNIX_STREAM_LENGTH_PREFIXED
                        : TransportKind.UNIX_STREAM;
            case UDS_DATAGRAM:
                return TransportKind.UNIX_DATAGRAM;
            case UDP:
            default:
                return TransportKind.UDP;
        }
    }
}
