package io.github.statsd.spring.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.statsd.StatsdClient;
import io.github.statsd.StatsdConfigException;
import io.github.statsd.micrometer.StatsdClientMeterRegistry;
import io.github.statsd.spring.autoconfigure.StatsdAutoConfiguration;
import io.github.statsd.spring.web.StatsdWebAutoConfiguration;
import io.github.statsd.testing.UdpReceiver;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

@ExtendWith(OutputCaptureExtension.class)
class StatsdMicrometerAutoConfigurationTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(
                    AutoConfigurations.of(StatsdAutoConfiguration.class, StatsdMicrometerAutoConfiguration.class));

    @Test
    void registryIsOnTheClientBean() {
        contextRunner.run(context -> {
            assertThat(context).hasSingleBean(MeterRegistry.class);
            StatsdClientMeterRegistry registry = context.getBean(StatsdClientMeterRegistry.class);
            assertThat(registry.client()).isSameAs(context.getBean(StatsdClient.class));
            assertThat(registry.step()).isEqualTo(StatsdClientMeterRegistry.DEFAULT_STEP);
        });
    }

    @Test
    void backsOffWhenDisabled() {
        contextRunner.withPropertyValues("statsd.micrometer.enabled=false").run(context -> assertThat(context)
                .hasSingleBean(StatsdClient.class)
                .doesNotHaveBean(MeterRegistry.class));
    }

    @Test
    void backsOffWhenStatsdIsDisabled() {
        contextRunner.withPropertyValues("statsd.enabled=false").run(context -> assertThat(context)
                .doesNotHaveBean(MeterRegistry.class));
    }

    @Test
    void backsOffWithoutMicrometer() {
        contextRunner
                .withClassLoader(new FilteredClassLoader(MeterRegistry.class))
                .run(context -> assertThat(context).hasSingleBean(StatsdClient.class));
    }

    @Test
    void backsOffWhenTheApplicationHasItsOwnRegistry() {
        contextRunner
                .withBean("mine", StatsdClientMeterRegistry.class, () -> null)
                .run(context -> assertThat(context)
                        .getBeanNames(StatsdClientMeterRegistry.class)
                        .containsExactly("mine"));
    }

    @Test
    void stepAndDistributionsComeFromProperties() throws IOException {
        try (UdpReceiver receiver = UdpReceiver.start()) {
            contextRunner
                    .withPropertyValues(
                            "statsd.port=" + receiver.port(),
                            "statsd.flavor=datadog",
                            "statsd.micrometer.step=50ms",
                            "statsd.micrometer.distributions=true")
                    .run(context -> {
                        StatsdClientMeterRegistry registry = context.getBean(StatsdClientMeterRegistry.class);
                        assertThat(registry.step()).isEqualTo(Duration.ofMillis(50));
                        registry.summary("payload").record(3);
                        await().untilAsserted(() -> assertThat(receiver.lines()).contains("payload:3|d"));
                    });
        }
    }

    @Test
    void nonPositiveStepFailsNamingTheProperty() {
        contextRunner.withPropertyValues("statsd.micrometer.step=0s").run(context -> assertThat(context)
                .getFailure()
                .rootCause()
                .isInstanceOfSatisfying(StatsdConfigException.class, ex -> assertThat(ex.option())
                        .isEqualTo("micrometer.step")));
    }

    @Test
    void closingTheContextPublishesTheLastPollThenDrainsTheClient() throws IOException {
        try (UdpReceiver receiver = UdpReceiver.start()) {
            AtomicInteger queued = new AtomicInteger(7);
            StatsdClientMeterRegistry[] registry = new StatsdClientMeterRegistry[1];
            contextRunner
                    .withPropertyValues("statsd.port=" + receiver.port(), "statsd.micrometer.step=1h")
                    .run(context -> {
                        registry[0] = context.getBean(StatsdClientMeterRegistry.class);
                        registry[0].gauge("queued", queued);
                    });
            assertThat(registry[0].isClosed()).isTrue();
            // close() has written the datagram; the receiver's own thread reads it a moment later.
            await().untilAsserted(() -> assertThat(receiver.lines()).contains("queued.statistic.value:7|g"));
        }
    }

    @Test
    void bootMetricsTreatItAsTheRegistry() {
        contextRunner
                .withConfiguration(BootMetrics.autoConfigurations())
                .withPropertyValues("management.metrics.tags.region=eu", "management.metrics.enable.jvm.gc=false")
                .withBean(
                        "customizer",
                        BootMetrics.customizerType(),
                        () -> BootMetrics.customizer(
                                r -> ((MeterRegistry) r).config().commonTags("app", "demo")))
                .run(context -> {
                    assertThat(context).hasSingleBean(MeterRegistry.class).doesNotHaveBean(SimpleMeterRegistry.class);
                    MeterRegistry registry = context.getBean(MeterRegistry.class);
                    assertThat(registry).isInstanceOf(StatsdClientMeterRegistry.class);
                    assertThat(registry.find("jvm.memory.used")
                                    .tags("region", "eu", "app", "demo")
                                    .gauges())
                            .isNotEmpty();
                    assertThat(registry.find("jvm.gc.pause").meters()).isEmpty();
                    assertThat(context.getBean(Clock.class)).isSameAs(clockOf(registry));
                });
    }

    @Test
    void joinsTheCompositeAndWarnsOnceBesideMicrometersStatsdRegistry(CapturedOutput output) {
        contextRunner
                .withConfiguration(BootMetrics.autoConfigurations(BootMetrics.STATSD_EXPORT))
                .withPropertyValues("management.statsd.metrics.export.port=9")
                .run(context -> {
                    assertThat(context).hasSingleBean(StatsdClientMeterRegistry.class);
                    CompositeMeterRegistry composite = context.getBean(CompositeMeterRegistry.class);
                    assertThat(composite.getRegistries())
                            .hasSize(2)
                            .hasAtLeastOneElementOfType(StatsdClientMeterRegistry.class);
                });
        assertThat(output.getOut().split("every metric is sent twice", -1).length - 1)
                .isEqualTo(1);
    }

    @Test
    void noWarningWithoutMicrometersStatsdRegistry(CapturedOutput output) {
        contextRunner.withConfiguration(BootMetrics.autoConfigurations()).run(context -> assertThat(context)
                .hasSingleBean(StatsdClientMeterRegistry.class));
        assertThat(output).doesNotContain("StatsdMeterRegistry");
    }

    @Test
    void bootsRequestTimerIsDeniedWhenTheStarterTimesRequests() {
        webContextRunner().run(context -> {
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            Timer boots = registry.timer("http.server.requests", "uri", "/orders");
            boots.record(Duration.ofMillis(1));
            assertThat(registry.find("http.server.requests").meters()).isEmpty();
            assertThat(registry.timer("other").getId().getName()).isEqualTo("other");
            assertThat(registry.find("other").meters()).hasSize(1);
        });
    }

    @Test
    void bootsRequestTimerStaysWhenTheStarterDoesNotTimeRequests() {
        webContextRunner().withPropertyValues("statsd.web.enabled=false").run(context -> {
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            registry.timer("http.server.requests", "uri", "/orders");
            assertThat(registry.find("http.server.requests").meters()).hasSize(1);
        });
    }

    @Test
    void bootsRequestTimerStaysWhenTheStarterUsesAnotherName() {
        webContextRunner().withPropertyValues("statsd.web.metric-name=requests").run(context -> {
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            registry.timer("http.server.requests", "uri", "/orders");
            registry.timer("requests", "uri", "/orders");
            assertThat(registry.find("http.server.requests").meters()).hasSize(1);
            assertThat(registry.find("requests").meters()).isEmpty();
        });
    }

    @Test
    void bootsRequestTimerStaysInANonWebApplication() {
        contextRunner.run(context -> {
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            registry.timer("http.server.requests", "uri", "/orders");
            assertThat(registry.find("http.server.requests").meters()).hasSize(1);
        });
    }

    private WebApplicationContextRunner webContextRunner() {
        return new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        StatsdAutoConfiguration.class,
                        StatsdWebAutoConfiguration.class,
                        StatsdMicrometerAutoConfiguration.class));
    }

    private static Clock clockOf(MeterRegistry registry) {
        return registry.config().clock();
    }
}
