/**
 * Spring Boot auto-configuration of the statsd-java client: {@link StatsdProperties} bound from {@code statsd.*},
 * mapped onto the core configuration by one adapter, and a client bean closed with the application context.
 */
package io.github.statsd.spring.autoconfigure;
