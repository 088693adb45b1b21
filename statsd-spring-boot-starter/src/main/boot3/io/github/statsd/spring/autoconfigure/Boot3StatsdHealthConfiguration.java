package io.github.statsd.spring.autoconfigure;

import io.github.statsd.StatsdClient;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@code statsd} health indicator on Spring Boot 3, whose health API is in
 * {@code org.springframework.boot.actuate.health}. Imported by {@link StatsdHealthContributorAutoConfiguration}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = "org.springframework.boot.actuate.health.HealthIndicator")
class Boot3StatsdHealthConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "statsdHealthIndicator")
    Indicator statsdHealthIndicator(StatsdClient statsdClient) {
        return new Indicator(statsdClient);
    }

    /** Reports {@link StatsdHealth} as a Spring Boot 3 health. */
    static final class Indicator extends AbstractHealthIndicator {

        private static final Status DEGRADED =
                new Status(StatsdHealth.DEGRADED, "The StatsD client cannot deliver metrics now");

        private final StatsdClient client;

        Indicator(StatsdClient client) {
            super("StatsD health check failed");
            this.client = client;
        }

        @Override
        protected void doHealthCheck(Health.Builder builder) {
            StatsdHealth health = StatsdHealth.of(this.client);
            builder.status(health.degraded() ? DEGRADED : Status.UP).withDetails(health.details());
        }
    }
}
