package io.github.statsd.sample;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** DEMO ONLY: starts the in-process receiver unless {@code sample.demo-receiver.enabled=false}. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "sample.demo-receiver.enabled", havingValue = "true", matchIfMissing = true)
class DemoConfiguration {

    @Bean
    DemoStatsdReceiver demoStatsdReceiver(
            @Value("${statsd.host:localhost}") String host, @Value("${statsd.port:8125}") int port) {
        return new DemoStatsdReceiver(host, port);
    }
}
