package io.github.statsd.spring.autoconfigure;

import io.github.statsd.DogStatsdClient;
import io.github.statsd.Flavor;
import io.github.statsd.StatsdClient;
import io.github.statsd.StatsdConfig;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Fallback;

/**
 * Auto-configuration of a {@link StatsdClient} from the {@code statsd.*} properties, the
 * {@link StatsdConfigCustomizer} beans, or a {@link StatsdConfig} bean of the application's own. When the final
 * configuration's flavour is {@link Flavor#DATADOG}, wherever it came from, the client is a {@link DogStatsdClient}
 * and can be injected as either type.
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

    /**
     * The client, and the same client under its DogStatsD type. The flavour is known only once the configuration
     * bean exists (a customizer may set it), after bean types have been read from the definitions: so the client
     * is declared as a {@link StatsdClient}, and a second bean, declared as a {@link DogStatsdClient}, makes the
     * DogStatsD type injectable before the client is created. That second bean is a {@link Fallback}, so injecting
     * a {@link StatsdClient} still finds one bean, and it is null (absent to injection) for the other flavours.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnMissingBean(StatsdClient.class)
    static class ClientConfiguration {

        @Bean(destroyMethod = "close")
        @ConditionalOnMissingBean
        StatsdClient statsdClient(StatsdConfig config) {
            return (config.flavor() == Flavor.DATADOG) ? DogStatsdClient.create(config) : StatsdClient.create(config);
        }

        // closed as statsdClient: it is the same object
        @Bean(destroyMethod = "")
        @Fallback
        @ConditionalOnMissingBean
        DogStatsdClient dogStatsdClient(@Qualifier("statsdClient") StatsdClient statsdClient) {
            return (statsdClient instanceof DogStatsdClient dog) ? dog : null;
        }
    }
}
