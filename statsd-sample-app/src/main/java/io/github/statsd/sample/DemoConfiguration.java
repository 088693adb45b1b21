package io.github.statsd.sample;

import io.github.statsd.StatsdConfig;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * DEMO ONLY: the in-process receiver, unless {@code sample.demo-receiver.enabled=false}. It follows the client's final
 * configuration, so it listens where the client really sends (and only for UDP to this machine).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "sample.demo-receiver.enabled", havingValue = "true", matchIfMissing = true)
class DemoConfiguration {

    @Bean
    DemoStatsdReceiver demoStatsdReceiver(ObjectProvider<StatsdConfig> config) {
        return new DemoStatsdReceiver(config.getIfAvailable());
    }
}
