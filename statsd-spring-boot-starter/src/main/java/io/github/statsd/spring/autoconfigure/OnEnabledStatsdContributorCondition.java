package io.github.statsd.spring.autoconfigure;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Whether the client's actuator contributor is enabled, with the properties and defaults of Spring Boot's own
 * contributors: {@code management.<kind>.statsd.enabled}, or when it is not set
 * {@code management.<kind>.defaults.enabled}, true when neither is. Written here rather than using Boot's
 * {@code @ConditionalOnEnabled...} annotations, whose packages differ between Spring Boot 3.5 and 4.0.
 */
abstract class OnEnabledStatsdContributorCondition extends SpringBootCondition {

    private final String kind;

    OnEnabledStatsdContributorCondition(String kind) {
        this.kind = kind;
    }

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        Environment environment = context.getEnvironment();
        String property = "management." + this.kind + ".statsd.enabled";
        Boolean enabled = environment.getProperty(property, Boolean.class);
        if (enabled == null) {
            property = "management." + this.kind + ".defaults.enabled";
            enabled = environment.getProperty(property, Boolean.class, true);
        }
        String message = "statsd " + this.kind + " contributor (" + property + ")";
        return enabled
                ? ConditionOutcome.match(message + " is enabled")
                : ConditionOutcome.noMatch(message + " is disabled");
    }

    /** The info contributor: {@code management.info.statsd.enabled}. */
    static final class Info extends OnEnabledStatsdContributorCondition {

        Info() {
            super("info");
        }
    }

    /** The health indicator: {@code management.health.statsd.enabled}. */
    static final class Health extends OnEnabledStatsdContributorCondition {

        Health() {
            super("health");
        }
    }
}
