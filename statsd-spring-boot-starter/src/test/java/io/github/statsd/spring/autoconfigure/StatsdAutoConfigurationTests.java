package io.github.statsd.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.statsd.DogStatsdClient;
import io.github.statsd.Flavor;
import io.github.statsd.Protocol;
import io.github.statsd.StatsdClient;
import io.github.statsd.StatsdConfig;
import io.github.statsd.testing.UdpReceiver;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

class StatsdAutoConfigurationTests {

    private final ApplicationContextRunner contextRunner =
            new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(StatsdAutoConfiguration.class));

    @Test
    void createsClientWithCoreDefaults() {
        this.contextRunner.run((context) -> {
            assertThat(context).hasSingleBean(StatsdClient.class).doesNotHaveBean(DogStatsdClient.class);
            assertThat(context.getBean(StatsdClient.class).config())
                    .isEqualTo(StatsdConfig.builder().build());
        });
    }

    @Test
    void mapsEveryProperty() {
        this.contextRunner
                .withPropertyValues(
                        "statsd.host=statsd.example.com",
                        "statsd.port=9125",
                        "statsd.protocol=tcp",
                        "statsd.flavor=telegraf",
                        "statsd.prefix=shop",
                        "statsd.tags.env=prod",
                        "statsd.tags.region=eu",
                        "statsd.sample-rate=0.5",
                        "statsd.max-packet-size=4KB",
                        "statsd.queue-capacity=64",
                        "statsd.flush-interval=250ms",
                        "statsd.connect-timeout=2s",
                        "statsd.send-timeout=3s",
                        "statsd.close-timeout=1s",
                        "statsd.dns-refresh-interval=0s",
                        "statsd.container-id=abc123",
                        "statsd.sender-threads=3",
                        "statsd.aggregation.enabled=true",
                        "statsd.aggregation.interval=5s",
                        "statsd.debug=true")
                .run((context) -> {
                    StatsdConfig expected = StatsdConfig.builder()
                            .host("statsd.example.com")
                            .port(9125)
                            .protocol(Protocol.TCP)
                            .flavor(Flavor.TELEGRAF)
                            .prefix("shop")
                            .constantTags("env:prod", "region:eu")
                            .sampleRate(0.5)
                            .maxPacketSize(4096)
                            .queueCapacity(64)
                            .flushInterval(Duration.ofMillis(250))
                            .connectTimeout(Duration.ofSeconds(2))
                            .sendTimeout(Duration.ofSeconds(3))
                            .closeTimeout(Duration.ofSeconds(1))
                            .dnsRefreshInterval(Duration.ZERO)
                            .containerId("abc123")
                            .senderThreads(3)
                            .aggregation(true)
                            .aggregationInterval(Duration.ofSeconds(5))
                            .debug(true)
                            .build();
                    assertThat(context.getBean(StatsdClient.class).config()).isEqualTo(expected);
                });
    }

    @Test
    void mapsTheDeprecatedPoolMaxSizeToSenderThreads() {
        this.contextRunner.withPropertyValues("statsd.pool.max-size=3").run((context) -> assertThat(
                        context.getBean(StatsdClient.class).config().senderThreads())
                .isEqualTo(3));
        this.contextRunner.withPropertyValues("statsd.sender-threads=2").run((context) -> assertThat(
                        context.getBean(StatsdClient.class).config().senderThreads())
                .isEqualTo(2));
    }

    @Test
    void mapsTagWithoutValueToBareKey() {
        this.contextRunner.withPropertyValues("statsd.tags.canary=").run((context) -> assertThat(
                        context.getBean(StatsdClient.class).config().constantTags())
                .containsExactly("canary"));
    }

    @Test
    void mapsUnixHostToUnixDomainDatagramSocket() {
        this.contextRunner
                .withPropertyValues("statsd.host=unix:///var/run/statsd.sock")
                .run((context) -> {
                    StatsdConfig config = context.getBean(StatsdClient.class).config();
                    assertThat(config.protocol()).isEqualTo(Protocol.UDS_DATAGRAM);
                    assertThat(config.socketPath()).isEqualTo("/var/run/statsd.sock");
                    assertThat(config.maxPacketSize()).isEqualTo(Protocol.UDS_DATAGRAM.defaultMaxPacketSize());
                });
    }

    @Test
    void theUdsProtocolKeepsAUnixHostOnTheStreamSocket() {
        this.contextRunner
                .withPropertyValues("statsd.host=unix:///var/run/statsd.sock", "statsd.protocol=uds")
                .run((context) -> {
                    StatsdConfig config = context.getBean(StatsdClient.class).config();
                    assertThat(config.protocol()).isEqualTo(Protocol.UDS);
                    assertThat(config.socketPath()).isEqualTo("/var/run/statsd.sock");
                });
        this.contextRunner
                .withPropertyValues("statsd.host=unix:///var/run/statsd.sock", "statsd.protocol=uds-datagram")
                .run((context) -> assertThat(
                                context.getBean(StatsdClient.class).config().protocol())
                        .isEqualTo(Protocol.UDS_DATAGRAM));
        this.contextRunner
                .withPropertyValues("statsd.host=unixstream:///var/run/statsd.sock")
                .run((context) -> assertThat(
                                context.getBean(StatsdClient.class).config().protocol())
                        .isEqualTo(Protocol.UDS));
    }

    @Test
    void statsdPropertiesWinOverDatadogEnvironmentVariables() {
        StatsdConfigCustomizer agentEnvironment = (builder) -> builder.environment(Map.of(
                "DD_AGENT_HOST", "agent.local",
                "DD_DOGSTATSD_PORT", "8126",
                "DD_ENV", "prod")::get);
        this.contextRunner
                .withPropertyValues("statsd.flavor=datadog", "statsd.host=statsd.example.com", "statsd.port=9125")
                .withBean(StatsdConfigCustomizer.class, () -> agentEnvironment)
                .run((context) -> {
                    StatsdConfig config = context.getBean(StatsdClient.class).config();
                    assertThat(config.host()).isEqualTo("statsd.example.com");
                    assertThat(config.port()).isEqualTo(9125);
                    assertThat(config.constantTags()).containsExactly("env:prod");
                });
        // a tag set in the properties wins over DD_ENV
        this.contextRunner
                .withPropertyValues("statsd.flavor=datadog", "statsd.tags.env=staging")
                .withBean(StatsdConfigCustomizer.class, () -> agentEnvironment)
                .run((context) -> assertThat(
                                context.getBean(StatsdClient.class).config().constantTags())
                        .containsExactly("env:staging"));
        // not set in the properties: the Agent's address from the environment
        this.contextRunner
                .withPropertyValues("statsd.flavor=datadog")
                .withBean(StatsdConfigCustomizer.class, () -> agentEnvironment)
                .run((context) -> {
                    StatsdConfig config = context.getBean(StatsdClient.class).config();
                    assertThat(config.host()).isEqualTo("agent.local");
                    assertThat(config.port()).isEqualTo(8126);
                });
    }

    @Test
    void usesProtocolDefaultPacketSizeWhenMaxPacketSizeIsNotSet() {
        this.contextRunner.withPropertyValues("statsd.protocol=TCP").run((context) -> assertThat(
                        context.getBean(StatsdClient.class).config().maxPacketSize())
                .isEqualTo(Protocol.TCP.defaultMaxPacketSize()));
    }

    @Test
    void createsDogStatsdClientWhenPropertySetsDatadogFlavor() {
        this.contextRunner
                .withUserConfiguration(DogStatsdClientUserConfiguration.class)
                .withPropertyValues("statsd.flavor=DataDog")
                .run(StatsdAutoConfigurationTests::assertOneDogStatsdClientInjectedAsEitherType);
    }

    @Test
    void declaresOneDogStatsdClientBeanWhenPropertiesAloneSetDatadogFlavor() {
        this.contextRunner.withPropertyValues("statsd.flavor=datadog").run((context) -> assertThat(context)
                .hasSingleBean(StatsdClient.class)
                .hasSingleBean(DogStatsdClient.class));
    }

    @Test
    void createsDogStatsdClientWhenCustomizerSetsDatadogFlavor() {
        this.contextRunner
                .withUserConfiguration(DogStatsdClientUserConfiguration.class)
                .withBean(StatsdConfigCustomizer.class, () -> (builder) -> builder.flavor(Flavor.DATADOG))
                .run(StatsdAutoConfigurationTests::assertOneDogStatsdClientInjectedAsEitherType);
    }

    @Test
    void createsDogStatsdClientWhenUserConfigHasDatadogFlavor() {
        this.contextRunner
                .withUserConfiguration(DogStatsdClientUserConfiguration.class)
                .withBean(
                        StatsdConfig.class,
                        () -> StatsdConfig.builder().flavor(Flavor.DATADOG).build())
                .run(StatsdAutoConfigurationTests::assertOneDogStatsdClientInjectedAsEitherType);
    }

    @Test
    void customizerOverridesDatadogFlavorOfProperty() {
        this.contextRunner
                .withPropertyValues("statsd.flavor=datadog")
                .withBean(StatsdConfigCustomizer.class, () -> (builder) -> builder.flavor(Flavor.TELEGRAF))
                .run((context) -> {
                    assertThat(context.getBean(StatsdClient.class)).isNotInstanceOf(DogStatsdClient.class);
                    assertThat(context.getBeanProvider(DogStatsdClient.class).getIfAvailable())
                            .isNull();
                });
    }

    @Test
    void failsToInjectDogStatsdClientWhenFlavorIsNotDatadog() {
        this.contextRunner
                .withUserConfiguration(DogStatsdClientUserConfiguration.class)
                .run((context) -> assertThat(context)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining(DogStatsdClient.class.getName()));
    }

    private static void assertOneDogStatsdClientInjectedAsEitherType(AssertableApplicationContext context) {
        assertThat(context).hasNotFailed();
        StatsdClient client = context.getBean(StatsdClient.class);
        assertThat(client).isInstanceOf(DogStatsdClient.class);
        assertThat(client.config().flavor()).isEqualTo(Flavor.DATADOG);
        assertThat(context.getBean(DogStatsdClient.class)).isSameAs(client);
        // created before the client (user beans come first): the DogStatsD type was injectable then
        DogStatsdClientUser user = context.getBean(DogStatsdClientUser.class);
        assertThat(user.dog).isSameAs(client);
        assertThat(user.plain).isSameAs(client);
        assertThat(context.getBeansOfType(StatsdClient.class).values()).containsOnly(client);
    }

    @Test
    void backsOffWhenDisabled() {
        this.contextRunner.withPropertyValues("statsd.enabled=false").run((context) -> assertThat(context)
                .doesNotHaveBean(StatsdClient.class)
                .doesNotHaveBean(StatsdConfig.class)
                .doesNotHaveBean(StatsdProperties.class));
    }

    @Test
    void backsOffWhenClientBeanExists() {
        this.contextRunner
                .withUserConfiguration(CustomClientConfiguration.class)
                .withPropertyValues("statsd.flavor=datadog")
                .run((context) -> {
                    assertThat(context).hasSingleBean(StatsdClient.class).doesNotHaveBean(DogStatsdClient.class);
                    assertThat(context.getBean(StatsdClient.class)).isSameAs(context.getBean("customClient"));
                });
    }

    @Test
    void allowsCustomConfigToBeUsed() {
        this.contextRunner
                .withUserConfiguration(CustomConfigConfiguration.class)
                .withPropertyValues("statsd.port=9999")
                .run((context) -> assertThat(
                                context.getBean(StatsdClient.class).config().prefix())
                        .isEqualTo("custom"));
    }

    @Test
    void appliesCustomizersInOrderAfterProperties() {
        this.contextRunner
                .withUserConfiguration(CustomizersConfiguration.class)
                .withPropertyValues("statsd.prefix=fromProperties", "statsd.tags.env=prod")
                .run((context) -> {
                    StatsdConfig config = context.getBean(StatsdClient.class).config();
                    assertThat(config.constantTags()).containsExactly("env:prod", "first", "second");
                    assertThat(config.prefix()).isEqualTo("fromProperties");
                });
    }

    @Test
    void backsOffWhenCoreIsNotOnClasspath() {
        this.contextRunner
                .withClassLoader(new FilteredClassLoader(StatsdClient.class))
                .run((context) -> assertThat(context)
                        .hasNotFailed()
                        .doesNotHaveBean(StatsdConfig.class)
                        .doesNotHaveBean(StatsdProperties.class)
                        .doesNotHaveBean("statsdClient"));
    }

    @Test
    void drainsQueueOnContextClose() throws Exception {
        try (UdpReceiver receiver = UdpReceiver.start()) {
            AtomicReference<StatsdClient> client = new AtomicReference<>();
            this.contextRunner
                    // a flush interval far longer than the test: only close() can send the part-filled packet
                    .withPropertyValues(
                            "statsd.host=127.0.0.1", "statsd.port=" + receiver.port(), "statsd.flush-interval=1h")
                    .run((context) -> {
                        client.set(context.getBean(StatsdClient.class));
                        client.get().increment("orders");
                        client.get().gauge("queue.depth", 42L);
                        assertThat(receiver.lines()).isEmpty();
                    });
            assertThat(client.get().stats().sent()).isEqualTo(2);
            assertThat(client.get().stats().dropped()).isZero();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(receiver.lines())
                    .containsExactly("orders:1|c", "queue.depth:42|g"));
        }
    }

    @Test
    void deliversMetricsRecordedWhileLifecycleBeansStop() throws Exception {
        try (UdpReceiver receiver = UdpReceiver.start()) {
            AtomicReference<StatsdClient> client = new AtomicReference<>();
            this.contextRunner
                    .withUserConfiguration(InFlightRequestConfiguration.class)
                    .withPropertyValues(
                            "statsd.host=127.0.0.1", "statsd.port=" + receiver.port(), "statsd.flush-interval=1h")
                    .run((context) -> client.set(context.getBean(StatsdClient.class)));
            // the lifecycle bean stands for a web server finishing a request during graceful shutdown
            assertThat(client.get().stats().droppedClosed()).isZero();
            assertThat(client.get().stats().sent()).isEqualTo(1);
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(receiver.lines()).containsExactly("http.server.requests:12|ms"));
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class CustomClientConfiguration {

        @Bean(destroyMethod = "close")
        StatsdClient customClient() {
            return StatsdClient.create(StatsdConfig.builder().build());
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class DogStatsdClientUserConfiguration {

        @Bean
        DogStatsdClientUser dogStatsdClientUser(DogStatsdClient dog, StatsdClient plain) {
            return new DogStatsdClientUser(dog, plain);
        }
    }

    record DogStatsdClientUser(DogStatsdClient dog, StatsdClient plain) {}

    @Configuration(proxyBeanMethods = false)
    static class CustomConfigConfiguration {

        @Bean
        StatsdConfig customConfig() {
            return StatsdConfig.builder().prefix("custom").build();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class CustomizersConfiguration {

        @Bean
        @Order(2)
        StatsdConfigCustomizer second() {
            return (builder) -> builder.constantTags("second");
        }

        @Bean
        @Order(1)
        StatsdConfigCustomizer first() {
            return (builder) -> builder.constantTags("first");
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class InFlightRequestConfiguration {

        @Bean
        InFlightRequest inFlightRequest(StatsdClient client) {
            return new InFlightRequest(client);
        }
    }

    /** Records a metric when it is stopped, as a request completing during graceful shutdown does. */
    static class InFlightRequest implements SmartLifecycle {

        private final StatsdClient client;

        private volatile boolean running;

        InFlightRequest(StatsdClient client) {
            this.client = client;
        }

        @Override
        public void start() {
            this.running = true;
        }

        @Override
        public void stop() {
            this.client.timing("http.server.requests", 12L);
            this.running = false;
        }

        @Override
        public boolean isRunning() {
            return this.running;
        }
    }
}
