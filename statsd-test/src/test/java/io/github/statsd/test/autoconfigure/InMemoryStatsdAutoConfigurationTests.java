package io.github.statsd.test.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.statsd.DogStatsdClient;
import io.github.statsd.Flavor;
import io.github.statsd.StatsdClient;
import io.github.statsd.StatsdConfig;
import io.github.statsd.test.InMemoryStatsd;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class InMemoryStatsdAutoConfigurationTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(InMemoryStatsdAutoConfiguration.class));

    @Test
    void providesTheInMemoryClientAsTheClient() {
        contextRunner.run(context -> {
            InMemoryStatsd statsd = context.getBean(InMemoryStatsd.class);
            assertThat(context.getBean(StatsdClient.class)).isSameAs(statsd.client());
            assertThat(context.getBeanProvider(DogStatsdClient.class).getIfAvailable())
                    .isNull();
            context.getBean(StatsdClient.class).increment("a");
            assertThat(statsd.lines()).containsExactly("a:1|c");
        });
    }

    @Test
    void usesTheApplicationsConfiguration() {
        contextRunner
                .withBean(StatsdConfig.class, () -> StatsdConfig.builder()
                        .flavor(Flavor.DATADOG)
                        .prefix("app")
                        .build())
                .run(context -> {
                    DogStatsdClient dog = context.getBean(DogStatsdClient.class);
                    assertThat(dog).isSameAs(context.getBean(StatsdClient.class));
                    dog.histogram("h", 2);
                    assertThat(context.getBean(InMemoryStatsd.class).lines()).containsExactly("app.h:2|h");
                });
    }

    @Test
    void closesTheClientWithTheContext() {
        StatsdClient[] client = new StatsdClient[1];
        contextRunner.run(context -> client[0] = context.getBean(StatsdClient.class));
        assertThat(client[0].isClosed()).isTrue();
    }
}
