package io.github.statsd.spring.autoconfigure;

import io.github.statsd.StatsdConfig;

/**
 * Callback to change the {@link StatsdConfig} built from the {@code statsd.*} properties before the client is created,
 * for options that properties cannot express, such as an {@link io.github.statsd.ErrorHandler}. Every bean of this type
 * is applied, in {@link org.springframework.core.Ordered order}, after the properties.
 */
@FunctionalInterface
public interface StatsdConfigCustomizer {

    /**
     * Customizes the configuration.
     *
     * @param builder the builder, already holding the values of the {@code statsd.*} properties
     */
    void customize(StatsdConfig.Builder builder);
}
