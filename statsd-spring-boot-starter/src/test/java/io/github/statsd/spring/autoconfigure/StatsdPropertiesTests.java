package io.github.statsd.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.statsd.StatsdConfig;
import org.junit.jupiter.api.Test;

class StatsdPropertiesTests {

    @Test
    void defaultValuesAreConsistent() {
        StatsdProperties properties = new StatsdProperties();
        StatsdConfig config = StatsdConfig.builder().build();
        assertThat(properties.getHost()).isEqualTo(config.host());
        assertThat(properties.getPort()).isEqualTo(config.port());
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
        assertThat(properties.getPool().getMaxSize()).isEqualTo(config.poolMaxSize());
        assertThat(properties.isDebug()).isEqualTo(config.debug());
    }

    @Test
    void defaultPropertiesMapToDefaultConfig() {
        StatsdConfig mapped = new StatsdPropertiesConfigAdapter(new StatsdProperties())
                .builder()
                .build();
        assertThat(mapped).isEqualTo(StatsdConfig.builder().build());
    }
}
