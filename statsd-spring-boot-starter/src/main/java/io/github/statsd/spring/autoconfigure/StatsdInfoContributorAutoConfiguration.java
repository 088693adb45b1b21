package io.github.statsd.spring.autoconfigure;

import io.github.statsd.StatsdClient;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;

/**
 * Auto-configuration of a {@link StatsdInfoContributor} when Spring Boot Actuator is on the classpath.
 * {@code management.info.statsd.enabled=false} turns it off, as for Spring Boot's own info contributors.
 */
@AutoConfiguration(after = StatsdAutoConfiguration.class)
@ConditionalOnClass({StatsdClient.class, InfoContributor.class})
@ConditionalOnBean(StatsdClient.class)
@Conditional(OnEnabledStatsdContributorCondition.Info.class)
public final class StatsdInfoContributorAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    StatsdInfoContributor statsdInfoContributor(StatsdClient statsdClient) {
        return new StatsdInfoContributor(statsdClient);
    }
}
