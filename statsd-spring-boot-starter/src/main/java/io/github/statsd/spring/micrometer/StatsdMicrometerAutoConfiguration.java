package io.github.statsd.spring.micrometer;

import io.github.statsd.StatsdClient;
import io.github.statsd.StatsdConfigException;
import io.github.statsd.micrometer.StatsdClientMeterRegistry;
import io.github.statsd.spring.autoconfigure.StatsdAutoConfiguration;
import io.github.statsd.spring.autoconfigure.StatsdProperties;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import java.time.Duration;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of a {@link StatsdClientMeterRegistry} on the {@link StatsdClient} bean, when the application has
 * micrometer-core: Micrometer's meters (with Actuator: JVM, system, HTTP client, ...) are sent through the client, with
 * its prefix, constant tags and flavour. With Actuator, Spring Boot's metrics auto-configuration treats it as any
 * registry: {@code management.metrics.*} filters, {@code MeterRegistryCustomizer}s and binders apply, and it joins the
 * composite registry when there are others; it replaces Boot's simple registry.
 *
 * <p>The client belongs to the application context, not to the registry: the registry, which depends on the client
 * bean, is closed first (publishing its polled meters one last time), then the client drains what is queued.
 *
 * <p>When the starter's {@code StatsdRequestTimingFilter} times the requests, Boot's own {@code http.server.requests}
 * timer of the same name is denied in this registry (and only there), so that StatsD gets one series per request. An
 * application that also has Micrometer's own StatsD registry is warned once: both send.
 */
@AutoConfiguration(
        after = StatsdAutoConfiguration.class,
        afterName = {
            "org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration",
            "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration"
        },
        beforeName = {
            "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration",
            "org.springframework.boot.actuate.autoconfigure.metrics.export.simple.SimpleMetricsExportAutoConfiguration",
            "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
            "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration"
        })
@ConditionalOnClass({StatsdClient.class, MeterRegistry.class, StatsdClientMeterRegistry.class})
@ConditionalOnBean({StatsdClient.class, StatsdProperties.class})
@ConditionalOnBooleanProperty(name = "statsd.micrometer.enabled", matchIfMissing = true)
public final class StatsdMicrometerAutoConfiguration {

    private static final Log logger = LogFactory.getLog(StatsdMicrometerAutoConfiguration.class);

    /** Micrometer's own StatsD registry, which the application may have besides this one. */
    static final String MICROMETER_STATSD_REGISTRY = "io.micrometer.statsd.StatsdMeterRegistry";

    // closed (inferred close()) before the client bean it depends on; it does not close the client
    @Bean
    @ConditionalOnMissingBean
    StatsdClientMeterRegistry statsdClientMeterRegistry(
            StatsdClient statsdClient,
            StatsdProperties properties,
            ObjectProvider<Clock> clock,
            ConfigurableListableBeanFactory beanFactory) {
        StatsdProperties.Micrometer micrometer = properties.getMicrometer();
        StatsdClientMeterRegistry registry = StatsdClientMeterRegistry.builder(statsdClient)
                .step(step(micrometer.getStep()))
                .distributions(micrometer.isDistributions())
                .clock(clock.getIfAvailable(() -> Clock.SYSTEM))
                .build();
        if (RequestTimingFilters.present(beanFactory)) {
            String name = properties.getWeb().getMetricName();
            registry.config().meterFilter(MeterFilter.deny(id -> id.getName().equals(name)));
        }
        warnOfMicrometerStatsdRegistry(beanFactory);
        return registry;
    }

    private static Duration step(Duration step) {
        if (step == null || step.isNegative() || step.isZero()) {
            throw new StatsdConfigException("micrometer.step", "must be positive, was " + step);
        }
        return step;
    }

    private static void warnOfMicrometerStatsdRegistry(ConfigurableListableBeanFactory beanFactory) {
        String[] names = RequestTimingFilters.beanNamesForType(beanFactory, MICROMETER_STATSD_REGISTRY);
        if (names.length > 0) {
            logger.warn("Both statsd-java's StatsdClientMeterRegistry and Micrometer's StatsdMeterRegistry (bean '"
                    + names[0] + "', from micrometer-registry-statsd) send Micrometer's meters to StatsD: every"
                    + " metric is sent twice. Remove micrometer-registry-statsd, or set"
                    + " management.statsd.metrics.export.enabled=false or statsd.micrometer.enabled=false.");
        }
    }
}
