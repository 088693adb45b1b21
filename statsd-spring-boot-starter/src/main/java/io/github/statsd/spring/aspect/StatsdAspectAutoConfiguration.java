package io.github.statsd.spring.aspect;

import io.github.statsd.StatsdClient;
import io.github.statsd.spring.autoconfigure.StatsdAutoConfiguration;
import org.aspectj.weaver.Advice;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.util.ClassUtils;

/**
 * Auto-configuration of the {@link StatsdTimedAspect} that times {@link io.github.statsd.annotation.StatsdTimed}
 * methods, when AspectJ is on the classpath (Spring Boot's AOP auto-configuration then enables auto-proxying). When
 * Micrometer's {@code TimedAspect} records into the starter's Micrometer registry, a method that Micrometer's
 * {@code @Timed} also times is left to it: both default to {@code method.timed}, and the method is timed once.
 */
@AutoConfiguration(after = StatsdAutoConfiguration.class)
@ConditionalOnClass({StatsdClient.class, Advice.class})
@ConditionalOnBean(StatsdClient.class)
@ConditionalOnBooleanProperty(name = "statsd.aspect.enabled", matchIfMissing = true)
public final class StatsdAspectAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    StatsdTimedAspect statsdTimedAspect(StatsdClient statsdClient, ConfigurableListableBeanFactory beanFactory) {
        return new StatsdTimedAspect(statsdClient, micrometerTimesToStatsd(beanFactory));
    }

    /**
     * Whether Micrometer's {@code TimedAspect} records into the starter's Micrometer registry on the client: then a
     * method carrying both annotations is left to it, timed once. Told from bean definitions, by class name (both are
     * optional).
     */
    static boolean micrometerTimesToStatsd(ConfigurableListableBeanFactory beanFactory) {
        return hasBean(beanFactory, "io.micrometer.core.aop.TimedAspect")
                && hasBean(beanFactory, "io.github.statsd.micrometer.StatsdClientMeterRegistry");
    }

    private static boolean hasBean(ConfigurableListableBeanFactory beanFactory, String className) {
        ClassLoader loader = beanFactory.getBeanClassLoader();
        return ClassUtils.isPresent(className, loader)
                && beanFactory.getBeanNamesForType(ClassUtils.resolveClassName(className, loader), true, false).length
                        > 0;
    }
}
