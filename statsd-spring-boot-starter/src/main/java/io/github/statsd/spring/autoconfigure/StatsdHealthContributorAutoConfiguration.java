package io.github.statsd.spring.autoconfigure;

import io.github.statsd.StatsdClient;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.ImportSelector;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.util.ClassUtils;

/**
 * Auto-configuration of a health indicator named {@code statsd} for the {@link StatsdClient} when Spring Boot Actuator
 * is there, on Spring Boot 3.5 and 4.0 (see {@link StatsdHealth} for its status).
 * {@code management.health.statsd.enabled=false} turns it off; a bean named {@code statsdHealthIndicator} replaces it.
 * The indicator of each Boot line is compiled against that line's health API in its own source folder, and is imported
 * here by name, when that line's health API is on the class path.
 */
@AutoConfiguration(after = StatsdAutoConfiguration.class)
@ConditionalOnClass(StatsdClient.class)
@ConditionalOnBean(StatsdClient.class)
@Conditional(OnEnabledStatsdContributorCondition.Health.class)
@Import(StatsdHealthContributorAutoConfiguration.BootLineSelector.class)
public final class StatsdHealthContributorAutoConfiguration {

    /** Imports the health configuration of the Spring Boot line the application runs on. */
    static final class BootLineSelector implements ImportSelector {

        private static final String BOOT3 = "io.github.statsd.spring.autoconfigure.Boot3StatsdHealthConfiguration";
        private static final String BOOT4 = "io.github.statsd.spring.autoconfigure.Boot4StatsdHealthConfiguration";

        @Override
        public String[] selectImports(AnnotationMetadata metadata) {
            ClassLoader classLoader = BootLineSelector.class.getClassLoader();
            if (ClassUtils.isPresent("org.springframework.boot.health.contributor.HealthIndicator", classLoader)
                    && ClassUtils.isPresent(BOOT4, classLoader)) {
                return new String[] {BOOT4};
            }
            if (ClassUtils.isPresent("org.springframework.boot.actuate.health.HealthIndicator", classLoader)
                    && ClassUtils.isPresent(BOOT3, classLoader)) {
                return new String[] {BOOT3};
            }
            return new String[0];
        }
    }
}
