package io.github.statsd.spring.autoconfigure;

import io.github.statsd.DogStatsdClient;
import io.github.statsd.StatsdClient;
import io.github.statsd.StatsdConfig;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of a {@link StatsdClient} from the {@code statsd.*} properties. With
 * {@code statsd.flavor=datadog} the client is a {@link DogStatsdClient}, so it can be injected as either type.
 *
 * <p>The client is closed, draining what is queued, when the application context is closed. That happens when its
 * singletons are destroyed, after every {@link org.springframework.context.SmartLifecycle} bean has stopped,
 * including the web server's graceful shutdown: metrics recorded by requests still in flight at shutdown are sent.
 */
@AutoConfiguration
@ConditionalOnClass(StatsdClient.class)
@ConditionalOnBooleanProperty(name = "statsd.enabled", matchIfMissing = true)
@EnableConfigurationProperties(StatsdProperties.class)
public final class StatsdAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    StatsdConfig statsdConfig(StatsdProperties properties, ObjectProvider<StatsdConfigCustomizer> customizers) {
        StatsdConfig.Builder builder = new StatsdPropertiesConfigAdapter(properties).builder();
        customizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
        return builder.build();
    }

    // declared before statsdClient: its @ConditionalOnMissingBean sees this bean when it is there
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(StatsdClient.class)
    @ConditionalOnProperty(name = "statsd.flavor", havingValue = "datadog")
    DogStatsdClient dogStatsdClient(StatsdConfig config) {
        return DogStatsdClient.create(config);
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    StatsdClient statsdClient(StatsdConfig config) {
        return StatsdClient.create(config);
    }
}
