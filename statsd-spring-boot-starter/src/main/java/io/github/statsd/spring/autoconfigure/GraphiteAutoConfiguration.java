package io.github.statsd.spring.autoconfigure;

import io.github.statsd.GraphiteClient;
import io.github.statsd.GraphiteConfig;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of a {@link GraphiteClient} for carbon's plaintext protocol from the {@code statsd.graphite.*}
 * properties. Off unless {@code statsd.graphite.enabled=true}; {@code statsd.enabled=false} turns it off too.
 *
 * <p>Like the StatsD client, the Graphite client is closed, sending what is queued, when the application context is
 * closed, after the lifecycle beans (such as the web server) have stopped.
 */
@AutoConfiguration
@ConditionalOnClass(GraphiteClient.class)
@ConditionalOnBooleanProperty(name = "statsd.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "statsd.graphite.enabled")
@EnableConfigurationProperties(StatsdProperties.class)
public final class GraphiteAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    GraphiteConfig graphiteConfig(StatsdProperties properties) {
        return new GraphitePropertiesConfigAdapter(properties.getGraphite()).build();
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    GraphiteClient graphiteClient(GraphiteConfig config) {
        return GraphiteClient.create(config);
    }
}
