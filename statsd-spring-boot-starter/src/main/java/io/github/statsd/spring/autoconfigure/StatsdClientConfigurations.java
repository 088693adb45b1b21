package io.github.statsd.spring.autoconfigure;

import io.github.statsd.DogStatsdClient;
import io.github.statsd.Flavor;
import io.github.statsd.StatsdClient;
import io.github.statsd.StatsdConfig;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Fallback;

/**
 * The client bean, imported in this order by {@link StatsdAutoConfiguration}. A bean's type is read from its definition
 * before it is created, but the flavour that decides between {@link StatsdClient} and {@link DogStatsdClient} is known
 * only once the configuration exists: so the bean's declared type follows the {@code statsd.flavor} property when
 * nothing else can change the flavour, and otherwise a second bean declares the DogStatsD type.
 */
final class StatsdClientConfigurations {

    private StatsdClientConfigurations() {}

    /** Created by flavour: the actual type always follows the configuration that the client uses. */
    static StatsdClient create(StatsdConfig config) {
        return (config.flavor() == Flavor.DATADOG) ? DogStatsdClient.create(config) : StatsdClient.create(config);
    }

    /**
     * The configuration comes from the properties alone (no customizer, no configuration bean of the application's
     * own): one bean, declared as a {@link DogStatsdClient} with {@code statsd.flavor=datadog}.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnMissingBean({StatsdClient.class, StatsdConfig.class, StatsdConfigCustomizer.class})
    static class FromProperties {

        @Bean(destroyMethod = "close")
        @ConditionalOnMissingBean(StatsdClient.class)
        @ConditionalOnProperty(name = "statsd.flavor", havingValue = "datadog")
        DogStatsdClient dogStatsdClient(StatsdConfig config) {
            return (DogStatsdClient) create(config);
        }

        @Bean(destroyMethod = "close")
        @ConditionalOnMissingBean
        StatsdClient statsdClient(StatsdConfig config) {
            return create(config);
        }
    }

    /**
     * A customizer or the application's own configuration bean may set the flavour: the client is declared as a
     * {@link StatsdClient}, and a {@link Fallback} bean declared as a {@link DogStatsdClient}, the same object or null
     * (absent to injection) for the other flavours, makes the DogStatsD type injectable into beans created before the
     * client. Being a fallback, it leaves one candidate where a {@link StatsdClient} is injected.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnMissingBean(StatsdClient.class)
    static class FromConfiguration {

        @Bean(destroyMethod = "close")
        @ConditionalOnMissingBean
        StatsdClient statsdClient(StatsdConfig config) {
            return create(config);
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
