package io.github.statsd.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.statsd.GraphiteConfig;
import io.github.statsd.Protocol;
import io.github.statsd.StatsdConfig;
import io.github.statsd.StatsdConfigException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class StatsdPropertiesTests {

    @Test
    void defaultValuesAreConsistent() {
        StatsdProperties properties = new StatsdProperties();
        StatsdConfig config = StatsdConfig.builder().build();
        // unset: the core's default (or, with the datadog flavour, Datadog's environment variables)
        assertThat(properties.getHost()).isNull();
        assertThat(properties.getPort()).isNull();
        assertThat(new StatsdPropertiesConfigAdapter(properties).builder().build())
                .isEqualTo(config);
        assertThat(properties.getProtocol()).isEqualTo(config.protocol());
        assertThat(properties.getFlavor()).isEqualTo(config.flavor());
        assertThat(properties.getPrefix()).isNull();
        assertThat(config.prefix()).isEmpty();
        assertThat(properties.getTags()).isEmpty();
        assertThat(config.constantTags()).isEmpty();
        assertThat(properties.getSampleRate()).isEqualTo(config.sampleRate());
        assertThat(properties.getMaxPacketSize()).isNull();
        assertThat(config.maxPacketSize()).isEqualTo(config.protocol().defaultMaxPacketSize());
        assertThat(properties.getQueueCapacity()).isEqualTo(config.queueCapacity());
        assertThat(properties.getFlushInterval()).isEqualTo(config.flushInterval());
        assertThat(properties.getConnectTimeout()).isEqualTo(config.connectTimeout());
        assertThat(properties.getSendTimeout()).isEqualTo(config.sendTimeout());
        assertThat(properties.getCloseTimeout()).isEqualTo(config.closeTimeout());
        assertThat(properties.getDnsRefreshInterval()).isEqualTo(config.dnsRefreshInterval());
        assertThat(properties.getContainerId()).isNull();
        assertThat(config.containerId()).isNull();
        assertThat(properties.getSenderThreads()).isEqualTo(config.senderThreads());
        assertThat(properties.isDebug()).isEqualTo(config.debug());
        assertThat(properties.getAggregation().isEnabled()).isEqualTo(config.aggregation());
        assertThat(properties.getAggregation().getInterval()).isEqualTo(config.aggregationInterval());
    }

    @Test
    void datadogEnvironmentVariablesAreNamedAsTheyAre() {
        assertThat(StatsdPropertiesConfigAdapter.propertyName("DD_DOGSTATSD_PORT"))
                .isEqualTo("DD_DOGSTATSD_PORT");
        assertThat(StatsdPropertiesConfigAdapter.propertyName("host")).isEqualTo("statsd.host");
    }

    @Test
    @SuppressWarnings("deprecation")
    void theDeprecatedPoolMaxSizeIsUnsetByDefault() {
        assertThat(new StatsdProperties().getPool().getMaxSize()).isNull();
    }

    @Test
    void graphiteDefaultValuesAreConsistent() {
        StatsdProperties.Graphite properties = new StatsdProperties().getGraphite();
        GraphiteConfig config = GraphiteConfig.builder().build();
        assertThat(properties.isEnabled()).isFalse();
        assertThat(properties.getHost()).isEqualTo(config.host());
        assertThat(properties.getPort()).isEqualTo(config.port());
        assertThat(properties.getProtocol().toProtocol()).isEqualTo(config.protocol());
        assertThat(properties.getInterval()).isEqualTo(config.interval());
        assertThat(properties.getPrefix()).isNull();
        assertThat(config.prefix()).isEmpty();
    }

    @Test
    void graphiteProtocolsAreExactlyThoseGraphiteConfigAccepts() {
        for (Protocol protocol : Protocol.values()) {
            boolean accepted = acceptedByGraphiteConfig(protocol);
            assertThat(Arrays.stream(StatsdProperties.GraphiteProtocol.values())
                            .anyMatch((p) -> p.toProtocol() == protocol))
                    .as(protocol.name())
                    .isEqualTo(accepted);
        }
    }

    private static boolean acceptedByGraphiteConfig(Protocol protocol) {
        try {
            GraphiteConfig.builder().protocol(protocol).build();
            return true;
        } catch (StatsdConfigException ex) {
            assertThat(ex.option()).isEqualTo("protocol");
            return false;
        }
    }

    @Test
    void defaultGraphitePropertiesMapToDefaultGraphiteConfig() {
        GraphiteConfig mapped = new GraphitePropertiesConfigAdapter(new StatsdProperties().getGraphite()).build();
        assertThat(mapped).hasToString(GraphiteConfig.builder().build().toString());
    }

    @Test
    void defaultPropertiesMapToDefaultConfig() {
        StatsdConfig mapped = new StatsdPropertiesConfigAdapter(new StatsdProperties())
                .builder()
                .build();
        assertThat(mapped).isEqualTo(StatsdConfig.builder().build());
    }
}
