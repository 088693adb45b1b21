package io.github.statsd.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.statsd.it.micrometerapp.MicrometerApplication;
import io.github.statsd.micrometer.StatsdClientMeterRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.Banner;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A Boot application with Actuator and the starter sends Micrometer's meters through the starter's registry to a real
 * Etsy StatsD (plain StatsD flavour: Micrometer's camelCase names, tags folded into the name), read back through its
 * management port. StatsD flushes once an hour here, so nothing is reset in between.
 */
class MicrometerRegistryEtsyStatsdTest {

    private static final Duration ARRIVAL = Duration.ofSeconds(15);

    @RegisterExtension
    static final EtsyStatsdServer statsd = new EtsyStatsdServer();

    private static ConfigurableApplicationContext app;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void startApp() {
        app = new SpringApplicationBuilder(MicrometerApplication.class)
                .bannerMode(Banner.Mode.OFF)
                .registerShutdownHook(false)
                .run(
                        "--server.port=0",
                        // not the sample app's application.yml, also on this class path
                        "--spring.config.name=micrometer-it",
                        "--statsd.host=" + statsd.host(),
                        "--statsd.port=" + statsd.udpPort(),
                        "--statsd.protocol=udp",
                        "--statsd.flavor=etsy",
                        "--statsd.flush-interval=20ms",
                        "--statsd.micrometer.step=200ms",
                        // Boot's TimedAspect, for Micrometer's @Timed
                        "--management.observations.annotations.enabled=true");
    }

    @AfterAll
    static void stopApp() {
        if (app != null) {
            app.close();
        }
    }

    @AfterEach
    void statsdSawNoBadLine() {
        assertThat(statsd.badLinesSeen())
                .as("StatsD's bad_lines_seen; its output:\n%s", statsd.output())
                .isZero();
    }

    @Test
    void theRegistryIsBootsMeterRegistry() {
        assertThat(app.getBean(MeterRegistry.class)).isInstanceOf(StatsdClientMeterRegistry.class);
    }

    @Test
    void jvmMetersArriveAsGauges() {
        await("JVM gauges").atMost(ARRIVAL).untilAsserted(() -> assertThat(
                        statsd.gauges().keySet())
                .anyMatch(key -> key.startsWith("jvmMemoryUsed.area.heap."))
                .anyMatch(key -> key.startsWith("jvmThreadsLive")));
    }

    @Test
    void aTimedMethodArrivesAsATimerAndADistributionSummaryAsATimerNotACounter() throws Exception {
        assertThat(get("/work?size=12").statusCode()).isEqualTo(200);
        await("the @Timed method and the summary").atMost(ARRIVAL).untilAsserted(() -> {
            Map<String, List<Double>> timers = statsd.timers();
            assertThat(timers.keySet()).anyMatch(key -> key.startsWith("itWork.") && key.endsWith(".method.work"));
            assertThat(timers).containsEntry("itPayload", List.of(12.0));
        });
        assertThat(statsd.counters().keySet()).noneMatch(key -> key.startsWith("itPayload"));
    }

    @Test
    void aRequestIsOneRequestTimerLine() throws Exception {
        assertThat(get("/once").statusCode()).isEqualTo(200);
        // the marker's timing arriving shows that a second timing of the first request had its chance to arrive
        assertThat(get("/marker").statusCode()).isEqualTo(200);
        await("the marker's request timer").atMost(ARRIVAL).until(() -> !requestTimings("-marker")
                .isEmpty());
        assertThat(requestTimings("-once")).hasSize(1);
    }

    /**
     * The values of every timer of a request to this route (sanitized by StatsD: {@code /} became {@code -}), whatever
     * its name's convention: {@code http.server.requests} from the starter's filter or {@code httpServerRequests} from
     * Boot's.
     */
    private static List<Double> requestTimings(String uri) {
        return statsd.timers().entrySet().stream()
                .filter(e -> e.getKey().startsWith("http.server.requests.")
                        || e.getKey().startsWith("httpServerRequests."))
                .filter(e ->
                        e.getKey().contains(".uri." + uri + ".") || e.getKey().endsWith(".uri." + uri))
                .flatMap(e -> e.getValue().stream())
                .toList();
    }

    private HttpResponse<String> get(String path) throws Exception {
        String port = app.getEnvironment().getProperty("local.server.port");
        return http.send(
                HttpRequest.newBuilder(URI.create("http://" + statsd.host() + ":" + port + path))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
