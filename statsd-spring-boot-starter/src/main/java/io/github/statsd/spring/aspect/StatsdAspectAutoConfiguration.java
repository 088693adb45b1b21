package io.github.statsd.spring.aspect;

import io.github.statsd.StatsdClient;
import io.github.statsd.spring.autoconfigure.StatsdAutoConfiguration;
import org.aspectj.weaver.Advice;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@link StatsdTimedAspect} that times {@link io.github.statsd.annotation.StatsdTimed}
 * methods, when AspectJ is on the classpath (Spring Boot's AOP auto-configuration then enables auto-proxying).
 */
@AutoConfiguration(after = StatsdAutoConfiguration.class)
@ConditionalOnClass({StatsdClient.class, Advice.class})
@ConditionalOnBean(StatsdClient.class)
@ConditionalOnBooleanProperty(name = "statsd.aspect.enabled", matchIfMissing = true)
public final class StatsdAspectAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    StatsdTimedAspect statsdTimedAspect(StatsdClient statsdClient) {
        return new StatsdTimedAspect(statsdClient);
    }
}
