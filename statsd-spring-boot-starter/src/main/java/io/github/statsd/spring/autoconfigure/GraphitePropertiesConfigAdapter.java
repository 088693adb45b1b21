package io.github.statsd.spring.autoconfigure;

import io.github.statsd.GraphiteConfig;
import io.github.statsd.StatsdConfigException;

/**
 * Maps the {@code statsd.graphite.*} properties onto a {@link GraphiteConfig}. A bad value fails with a
 * {@link StatsdConfigException} whose option is prefixed with {@code graphite.}, so that
 * {@link StatsdConfigFailureAnalyzer} names the {@code statsd.graphite.*} property rather than the StatsD client's.
 */
final class GraphitePropertiesConfigAdapter {

    /** Prefix of the options of the Graphite client in the exceptions this adapter throws. */
    static final String OPTION_PREFIX = "graphite.";

    private final StatsdProperties.Graphite properties;

    GraphitePropertiesConfigAdapter(StatsdProperties.Graphite properties) {
        this.properties = properties;
    }

    /**
     * Builds the configuration from the properties.
     *
     * @return the checked configuration
     * @throws StatsdConfigException naming the option as {@code graphite.<option>} when a value is bad
     */
    GraphiteConfig build() {
        StatsdProperties.Graphite p = this.properties;
        StatsdProperties.GraphiteProtocol protocol = p.getProtocol();
        try {
            // the setters check their value: they are inside the try too
            return GraphiteConfig.builder()
                    .host(p.getHost())
                    .port(p.getPort())
                    .protocol((protocol != null) ? protocol.toProtocol() : null)
                    .interval(p.getInterval())
                    .prefix(p.getPrefix())
                    .build();
        } catch (StatsdConfigException ex) {
            throw graphiteOption(ex);
        }
    }

    private static StatsdConfigException graphiteOption(StatsdConfigException ex) {
        StatsdConfigException renamed = new StatsdConfigException(OPTION_PREFIX + ex.option(), ex.reason());
        renamed.initCause(ex);
        return renamed;
    }
}
