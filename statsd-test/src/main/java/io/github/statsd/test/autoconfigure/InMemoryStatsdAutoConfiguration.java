package io.github.statsd.test.autoconfigure;

import io.github.statsd.DogStatsdClient;
import io.github.statsd.StatsdClient;
import io.github.statsd.StatsdConfig;
import io.github.statsd.test.InMemoryStatsd;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Fallback;

/**
 * The in-memory client as the application's client, imported by {@link AutoConfigureInMemoryStatsd}. It runs before the
 * starter's auto-configuration, whose client beans then back off, and takes the starter's {@link StatsdConfig} bean
 * (from the {@code statsd.*} properties and customizers) when there is one, else the defaults.
 *
 * <pre>{@code
 * @SpringBootTest
 * @AutoConfigureInMemoryStatsd
 * class CheckoutTests { ... }
 * }</pre>
 */
@AutoConfiguration(beforeName = "io.github.statsd.spring.autoconfigure.StatsdAutoConfiguration")
public final class InMemoryStatsdAutoConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    InMemoryStatsd inMemoryStatsd(ObjectProvider<StatsdConfig> config) {
        return InMemoryStatsd.create(
                config.getIfAvailable(() -> StatsdConfig.builder().build()));
    }

    // closed with the InMemoryStatsd that made it
    @Bean(destroyMethod = "")
    @ConditionalOnMissingBean
    StatsdClient statsdClient(InMemoryStatsd inMemoryStatsd) {
        return inMemoryStatsd.client();
    }

    // the same object as statsdClient, or null (absent to injection) when the flavour is not DATADOG
    @Bean(destroyMethod = "")
    @Fallback
    @ConditionalOnMissingBean
    DogStatsdClient dogStatsdClient(@Qualifier("statsdClient") StatsdClient statsdClient) {
        return (statsdClient instanceof DogStatsdClient dog) ? dog : null;
    }
}
