/**
 * Spring Boot test support: {@link io.github.statsd.test.autoconfigure.AutoConfigureInMemoryStatsd} swaps the starter's
 * network client for an {@link io.github.statsd.test.InMemoryStatsd}. Needs Spring Boot on the test classpath, which
 * statsd-test does not bring.
 */
package io.github.statsd.test.autoconfigure;
