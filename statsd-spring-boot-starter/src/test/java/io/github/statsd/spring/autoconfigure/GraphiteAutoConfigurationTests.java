package io.github.statsd.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.statsd.GraphiteClient;
import io.github.statsd.GraphiteConfig;
import io.github.statsd.Protocol;
import io.github.statsd.StatsdClient;
import io.github.statsd.testing.TcpReceiver;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class GraphiteAutoConfigurationTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(StatsdAutoConfiguration.class, GraphiteAutoConfiguration.class));

    @Test
    void createsNoGraphiteClientByDefault() {
        this.contextRunner.run((context) -> assertThat(context)
                .hasSingleBean(StatsdClient.class)
                .doesNotHaveBean(GraphiteClient.class)
                .doesNotHaveBean(GraphiteConfig.class));
    }

    @Test
    void createsGraphiteClientWithCoreDefaultsWhenEnabled() {
        this.contextRunner.withPropertyValues("statsd.graphite.enabled=true").run((context) -> {
            assertThat(context).hasSingleBean(GraphiteClient.class).hasSingleBean(StatsdClient.class);
            assertThat(context.getBean(GraphiteClient.class).config())
                    .hasToString(GraphiteConfig.builder().build().toString());
        });
    }

    @Test
    void mapsEveryGraphiteProperty() {
        this.contextRunner
                .withPropertyValues(
                        "statsd.graphite.enabled=true",
                        "statsd.graphite.host=carbon.example.com",
                        "statsd.graphite.port=2103",
                        "statsd.graphite.protocol=udp",
                        "statsd.graphite.interval=1m",
                        "statsd.graphite.prefix=shop.web1")
                .run((context) -> {
                    GraphiteConfig config =
                            context.getBean(GraphiteClient.class).config();
                    assertThat(config.host()).isEqualTo("carbon.example.com");
                    assertThat(config.port()).isEqualTo(2103);
                    assertThat(config.protocol()).isEqualTo(Protocol.UDP);
                    assertThat(config.interval()).isEqualTo(Duration.ofMinutes(1));
                    assertThat(config.prefix()).isEqualTo("shop.web1");
                    assertThat(config.maxPacketSize()).isEqualTo(Protocol.UDP.defaultMaxPacketSize());
                });
    }

    @Test
    void graphitePropertiesDoNotChangeTheStatsdClient() {
        this.contextRunner
                .withPropertyValues(
                        "statsd.graphite.enabled=true", "statsd.graphite.port=2103", "statsd.graphite.prefix=g")
                .run((context) -> {
                    assertThat(context.getBean(StatsdClient.class).config().port())
                            .isEqualTo(8125);
                    assertThat(context.getBean(StatsdClient.class).config().prefix())
                            .isEmpty();
                });
    }

    @Test
    void backsOffWhenStatsdIsDisabled() {
        this.contextRunner
                .withPropertyValues("statsd.enabled=false", "statsd.graphite.enabled=true")
                .run((context) -> assertThat(context)
                        .doesNotHaveBean(GraphiteClient.class)
                        .doesNotHaveBean(StatsdClient.class));
    }

    @Test
    void backsOffWhenGraphiteClientIsNotOnClasspath() {
        this.contextRunner
                .withClassLoader(new FilteredClassLoader(GraphiteClient.class))
                .withPropertyValues("statsd.graphite.enabled=true")
                .run((context) -> assertThat(context)
                        .hasNotFailed()
                        .doesNotHaveBean(GraphiteConfig.class)
                        .doesNotHaveBean("graphiteClient"));
    }

    @Test
    void backsOffWhenGraphiteClientBeanExists() {
        this.contextRunner
                .withUserConfiguration(CustomGraphiteClientConfiguration.class)
                .withPropertyValues("statsd.graphite.enabled=true", "statsd.graphite.port=2103")
                .run((context) -> {
                    assertThat(context).hasSingleBean(GraphiteClient.class);
                    assertThat(context.getBean(GraphiteClient.class)).isSameAs(context.getBean("customGraphite"));
                    assertThat(context.getBean(GraphiteClient.class).config().port())
                            .isEqualTo(2004);
                });
    }

    @Test
    void usesUserGraphiteConfig() {
        this.contextRunner
                .withUserConfiguration(CustomGraphiteConfigConfiguration.class)
                .withPropertyValues("statsd.graphite.enabled=true", "statsd.graphite.prefix=fromProperties")
                .run((context) -> assertThat(
                                context.getBean(GraphiteClient.class).config().prefix())
                        .isEqualTo("custom"));
    }

    @Test
    void drainsAndClosesGraphiteClientOnContextClose() throws Exception {
        try (TcpReceiver carbon = TcpReceiver.start()) {
            AtomicReference<GraphiteClient> client = new AtomicReference<>();
            this.contextRunner
                    .withPropertyValues(
                            "statsd.graphite.enabled=true",
                            "statsd.graphite.host=127.0.0.1",
                            "statsd.graphite.port=" + carbon.port(),
                            "statsd.graphite.interval=60s",
                            "statsd.graphite.prefix=shop")
                    .run((context) -> {
                        client.set(context.getBean(GraphiteClient.class));
                        client.get().send("orders.placed", 42, 1_700_000_059L);
                    });
            assertThat(client.get().stats().sent()).isEqualTo(1);
            assertThat(client.get().stats().dropped()).isZero();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(carbon.lines())
                    .containsExactly("shop.orders.placed 42 1700000040"));
            // closed by the context: a later call is refused and counted
            client.get().send("orders.placed", 1, 1_700_000_059L);
            assertThat(client.get().stats().droppedClosed()).isEqualTo(1);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class CustomGraphiteClientConfiguration {

        @Bean(destroyMethod = "close")
        GraphiteClient customGraphite() {
            return GraphiteClient.create(GraphiteConfig.builder().port(2004).build());
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class CustomGraphiteConfigConfiguration {

        @Bean
        GraphiteConfig customGraphiteConfig() {
            return GraphiteConfig.builder().prefix("custom").build();
        }
    }
}
