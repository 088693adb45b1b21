package io.github.statsd.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import io.github.statsd.StatsdClient;
import io.github.statsd.testing.TcpReceiver;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * The {@code statsd} health indicator through the actuator's health endpoint, over HTTP: the same test on Spring Boot
 * 3.5 and 4.0, whose health APIs are in different packages.
 */
class StatsdHealthEndpointTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    StatsdAutoConfiguration.class, StatsdHealthContributorAutoConfiguration.class));

    @Test
    void showsDeadSenderAsDegradedWhileTheApplicationStaysUp() throws Exception {
        try (TcpReceiver receiver = TcpReceiver.start()) {
            receiver.stop(); // connections are refused: the sender reports an error to the buggy handler
            try (ConfigurableApplicationContext context = startWithDeadSender(receiver)) {
                HttpResponse<String> all = get(context, "/actuator/health");
                assertThat(all.statusCode()).isEqualTo(200);
                DocumentContext json = JsonPath.parse(all.body());
                assertThat(json.read("$.status", String.class)).isEqualTo("UP");
                assertThat(json.read("$.components.statsd.status", String.class))
                        .isEqualTo("DEGRADED");
                assertThat(json.read("$.components.statsd.details.senders.alive", Integer.class))
                        .isZero();
                assertThat(json.read("$.components.statsd.details.senders.failed", Integer.class))
                        .isEqualTo(1);
                assertThat(json.read("$.components.statsd.details.protocol", String.class))
                        .isEqualTo("TCP");
                assertThat(json.read("$.components.statsd.details.dropped.total", Long.class))
                        .isNotNull();
            }
        }
    }

    /** What the README tells users who want a metrics outage to count. */
    @Test
    void degradedCountsWhenTheApplicationPutsItInTheStatusOrder() throws Exception {
        try (TcpReceiver receiver = TcpReceiver.start()) {
            receiver.stop();
            try (ConfigurableApplicationContext context = startWithDeadSender(
                    receiver,
                    "management.endpoint.health.status.order=down,out-of-service,degraded,up,unknown",
                    "management.endpoint.health.status.http-mapping.degraded=503")) {
                HttpResponse<String> all = get(context, "/actuator/health");
                assertThat(all.statusCode()).isEqualTo(503);
                assertThat(JsonPath.parse(all.body()).read("$.status", String.class))
                        .isEqualTo("DEGRADED");
            }
        }
    }

    private static ConfigurableApplicationContext startWithDeadSender(TcpReceiver refusing, String... properties) {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(HealthApp.class)
                .web(WebApplicationType.SERVLET)
                .properties(
                        "server.port=0",
                        "management.endpoints.web.exposure.include=health",
                        "management.endpoint.health.show-details=always",
                        "statsd.protocol=tcp",
                        "statsd.host=127.0.0.1",
                        "statsd.port=" + refusing.port(),
                        "statsd.flush-interval=10ms")
                .properties(properties)
                .run();
        StatsdClient client = context.getBean(StatsdClient.class);
        client.increment("lost");
        await().atMost(Duration.ofSeconds(10)).until(() -> client.senderStatus().failed() == 1);
        return context;
    }

    private static HttpResponse<String> get(ConfigurableApplicationContext context, String path) throws Exception {
        String base = "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
        return get(base + path);
    }

    private static HttpResponse<String> get(String uri) throws Exception {
        return HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create(uri)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void registersIndicatorNamedStatsd() {
        this.contextRunner.run((context) -> assertThat(context).hasBean("statsdHealthIndicator"));
    }

    @Test
    void backsOffWhenHealthIndicatorIsDisabled() {
        this.contextRunner
                .withPropertyValues("management.health.statsd.enabled=false")
                .run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean("statsdHealthIndicator"));
        this.contextRunner
                .withPropertyValues("management.health.defaults.enabled=false")
                .run((context) -> assertThat(context).doesNotHaveBean("statsdHealthIndicator"));
    }

    @Test
    void backsOffWhenIndicatorBeanExists() {
        Object custom = new Object();
        this.contextRunner
                .withBean("statsdHealthIndicator", Object.class, () -> custom)
                .run((context) ->
                        assertThat(context.getBean("statsdHealthIndicator")).isSameAs(custom));
    }

    @Test
    void backsOffWhenActuatorIsNotOnClasspath() {
        this.contextRunner
                .withClassLoader(new FilteredClassLoader(
                        "org.springframework.boot.actuate.health", "org.springframework.boot.health.contributor"))
                .run((context) -> assertThat(context)
                        .hasNotFailed()
                        .hasSingleBean(StatsdClient.class)
                        .doesNotHaveBean("statsdHealthIndicator"));
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class HealthApp {

        private final AtomicBoolean thrown = new AtomicBoolean();

        /** An error handler with a bug: its Error ends the sender thread, as an OutOfMemoryError would. */
        @Bean
        StatsdConfigCustomizer buggyErrorHandler() {
            return (builder) -> builder.errorHandler((error) -> {
                if (this.thrown.compareAndSet(false, true)) {
                    throw new AssertionError("bug in the error handler");
                }
            });
        }
    }
}
