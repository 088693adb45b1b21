package io.github.statsd.spring.autoconfigure;

import io.github.statsd.StatsdConfig;
import io.github.statsd.StatsdConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.util.unit.DataSize;

/**
 * Maps {@link StatsdProperties} onto a {@link StatsdConfig.Builder}, and the builder's option names back onto property
 * names for error messages. The only place that knows both sides.
 */
final class StatsdPropertiesConfigAdapter {

    /** Builder options whose property is not simply {@code statsd.} plus the option in kebab case. */
    private static final Map<String, String> PROPERTY_BY_OPTION = Map.of(
            "socketPath", "statsd.host",
            "constantTags", "statsd.tags",
            "poolMaxSize", "statsd.pool.max-size",
            "aggregation", "statsd.aggregation.enabled",
            "aggregationInterval", "statsd.aggregation.interval");

    private final StatsdProperties properties;

    StatsdPropertiesConfigAdapter(StatsdProperties properties) {
        this.properties = properties;
    }

    /**
     * Returns a builder holding every property's value. The builder checks them: a setter (or, for options that must
     * fit together, {@code build()}) throws a {@link StatsdConfigException} naming the option, which
     * {@link #propertyName(String)} maps back.
     *
     * @return a new builder
     * @throws StatsdConfigException when a property has a bad value
     */
    StatsdConfig.Builder builder() {
        StatsdProperties p = this.properties;
        StatsdConfig.Builder builder = StatsdConfig.builder()
                // protocol before host: a unix:// host selects the datagram socket itself, unless the protocol is uds
                .protocol(p.getProtocol())
                .flavor(p.getFlavor())
                .prefix(p.getPrefix())
                .constantTags(constantTags(p.getTags()))
                .sampleRate(p.getSampleRate())
                .queueCapacity(p.getQueueCapacity())
                .flushInterval(p.getFlushInterval())
                .connectTimeout(p.getConnectTimeout())
                .sendTimeout(p.getSendTimeout())
                .closeTimeout(p.getCloseTimeout())
                .dnsRefreshInterval(p.getDnsRefreshInterval())
                .containerId(p.getContainerId())
                .senderThreads(p.getSenderThreads())
                .aggregation(p.getAggregation().isEnabled())
                .aggregationInterval(p.getAggregation().getInterval())
                .debug(p.isDebug());
        // only when set: else the core's default, or with the datadog flavour Datadog's environment variables
        if (p.getHost() != null) {
            builder.host(p.getHost());
        }
        if (p.getPort() != null) {
            builder.port(p.getPort());
        }
        setDeprecatedPoolMaxSize(builder, p.getPool());
        DataSize maxPacketSize = p.getMaxPacketSize();
        if (maxPacketSize != null) {
            builder.maxPacketSize(toInt(maxPacketSize));
        }
        return builder;
    }

    /** {@code statsd.pool.max-size}, when set, wins: it is the only way the application set it. */
    @SuppressWarnings("deprecation")
    private static void setDeprecatedPoolMaxSize(StatsdConfig.Builder builder, StatsdProperties.Pool pool) {
        Integer maxSize = pool.getMaxSize();
        if (maxSize != null) {
            // under its own name, so that a bad value is reported as statsd.pool.max-size
            builder.poolMaxSize(maxSize);
        }
    }

    private static List<String> constantTags(Map<String, String> tags) {
        List<String> result = new ArrayList<>();
        if (tags != null) {
            tags.forEach((key, value) -> result.add((value == null || value.isEmpty()) ? key : key + ":" + value));
        }
        return result;
    }

    private static int toInt(DataSize size) {
        long bytes = size.toBytes();
        if (bytes < 0 || bytes > Integer.MAX_VALUE) {
            throw new StatsdConfigException("maxPacketSize", "must be a size in bytes that fits an int, was " + size);
        }
        return (int) bytes;
    }

    /**
     * Returns the property that sets a builder option.
     *
     * @param option a builder option name, as in {@link StatsdConfigException#option()}
     * @return the property name, such as {@code statsd.sample-rate}, or a Datadog environment variable's name such as
     *     {@code DD_DOGSTATSD_PORT} as it is; an option of the Graphite client, named {@code graphite.port} and so on
     *     by {@link GraphitePropertiesConfigAdapter}, maps to {@code statsd.graphite.port}
     */
    static String propertyName(String option) {
        if (option.startsWith("DD_")) {
            // Datadog's environment variables (DD_AGENT_HOST, ...) are named as they are
            return option;
        }
        String special = PROPERTY_BY_OPTION.get(option);
        if (special != null) {
            return special;
        }
        StringBuilder name = new StringBuilder("statsd.");
        for (int i = 0; i < option.length(); i++) {
            char c = option.charAt(i);
            if (Character.isUpperCase(c)) {
                name.append('-').append(Character.toLowerCase(c));
            } else {
                name.append(c);
            }
        }
        return name.toString().toLowerCase(Locale.ROOT);
    }
}
