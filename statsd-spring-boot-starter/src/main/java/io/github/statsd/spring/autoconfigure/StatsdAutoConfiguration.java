package io.github.statsd.spring.autoconfigure;

import io.github.statsd.DogStatsdClient;
import io.github.statsd.StatsdClient;
import io.github.statsd.StatsdConfig;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * Auto-configuration of a {@link StatsdClient} from the {@code statsd.*} properties, the {@link StatsdConfigCustomizer}
 * beans, or a {@link StatsdConfig} bean of the application's own. When the final configuration's flavour is
 * {@link io.github.statsd.Flavor#DATADOG}, wherever it came from, the client is a {@link DogStatsdClient} and can be
 * injected as either type (see {@link StatsdClientConfigurations}).
 *
 * <p>The client is closed, draining what is queued, when the application context is closed. That happens when its
 * singletons are destroyed, after every {@link org.springframework.context.SmartLifecycle} bean has stopped, including
 * the web server's graceful shutdown: metrics recorded by requests still in flight at shutdown are sent.
 */
@AutoConfiguration
@ConditionalOnClass(StatsdClient.class)
@ConditionalOnBooleanProperty(name = "statsd.enabled", matchIfMissing = true)
@EnableConfigurationProperties(StatsdProperties.class)
@Import({StatsdClientConfigurations.FromProperties.class, StatsdClientConfigurations.FromConfiguration.class})
public final class StatsdAutoConfiguration {

    // not named statsdConfig: Boot's StatsD export (micrometer-registry-statsd) has a bean of that name
    @Bean
    @ConditionalOnMissingBean
    StatsdConfig statsdClientConfig(StatsdProperties properties, ObjectProvider<StatsdConfigCustomizer> customizers) {
        StatsdConfig.Builder builder = new StatsdPropertiesConfigAdapter(properties).builder();
        customizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
        return builder.build();
    }
}
