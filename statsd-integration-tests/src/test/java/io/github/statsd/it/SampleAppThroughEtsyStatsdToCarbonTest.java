package io.github.statsd.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.statsd.sample.SampleApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.NavigableMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.Banner;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * End to end: the sample app, with the starter in the plain StatsD (ETSY) flavour, times real HTTP requests; the
 * timings go over UDP to a real Etsy StatsD, whose graphite backend flushes them every second into a real carbon-cache,
 * where they land in whisper files.
 *
 * <p>The timer's name on the wire folds the constant tag and the request tags into the name
 * ({@code sample.http.server.requests.app.statsd-sample.method.GET.uri./orders/{id}...}); Etsy StatsD then makes it a
 * Graphite path: {@code /} becomes {@code -} and characters other than letters, digits, {@code _ - . ; =} are removed.
 */
class SampleAppThroughEtsyStatsdToCarbonTest {

    private static final Duration LANDING = Duration.ofSeconds(30);

    private static final String TIMERS = "stats.timers.sample.http.server.requests.app.statsd-sample";

    @RegisterExtension
    @Order(1)
    static final CarbonServer carbon = new CarbonServer();

    @RegisterExtension
    @Order(2)
    static final EtsyStatsdServer statsd =
            new EtsyStatsdServer().flushInterval(Duration.ofSeconds(1)).graphite(carbon);

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void httpTimingsOfTheSampleAppLandInCarbonThroughEtsyStatsd() throws Exception {
        long from = Instant.now().getEpochSecond() - 2;
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(SampleApplication.class)
                .bannerMode(Banner.Mode.OFF)
                .registerShutdownHook(false)
                // command-line arguments: they win over the sample app's application.yml
                .run(
                        "--server.port=0",
                        "--statsd.host=" + statsd.host(),
                        "--statsd.port=" + statsd.udpPort(),
                        "--statsd.protocol=udp",
                        "--statsd.flavor=etsy",
                        "--sample.demo-receiver.enabled=false")) {
            String base = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");

            HttpResponse<String> placed = send(HttpRequest.newBuilder(URI.create(base + "/orders?item=lamp"))
                    .POST(HttpRequest.BodyPublishers.noBody()));
            assertThat(placed.statusCode()).as(placed.body()).isEqualTo(201);
            Matcher id = Pattern.compile("\"id\"\\s*:\\s*(\\d+)").matcher(placed.body());
            assertThat(id.find()).as(placed.body()).isTrue();
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> found = send(HttpRequest.newBuilder(URI.create(base + "/orders/" + id.group(1))));
                assertThat(found.statusCode()).as(found.body()).isEqualTo(200);
                assertThat(found.body()).contains("lamp");
            }
            HttpResponse<String> missing = send(HttpRequest.newBuilder(URI.create(base + "/orders/999999")));
            assertThat(missing.statusCode()).isEqualTo(404);
        }
        // the context is closed: the client has drained what it had queued

        long until = from + 600;
        String found = TIMERS + ".method.GET.uri.-orders-id.status.200.outcome.SUCCESS.exception.none";
        String notFound =
                TIMERS + ".method.GET.uri.-orders-id.status.404.outcome.CLIENT_ERROR.exception.OrderNotFoundException";
        String created = TIMERS + ".method.POST.uri.-orders.status.201.outcome.SUCCESS.exception.none";

        assertThat(timerCount(found, 3, from, until)).isEqualTo(3.0);
        assertThat(timerCount(notFound, 1, from, until)).isEqualTo(1.0);
        assertThat(timerCount(created, 1, from, until)).isEqualTo(1.0);
        // every timer of the app went through these three series, and nothing else of it reached carbon
        assertThat(carbon.metrics())
                .filteredOn((metric) -> metric.startsWith(TIMERS) && metric.endsWith(".count"))
                .containsExactlyInAnyOrder(found + ".count", notFound + ".count", created + ".count");
        assertThat(statsd.badLinesSeen()).isZero();
    }

    /**
     * The timer's count, summed over StatsD's flushes (each flush writes its own count, then 0 once the timer is idle),
     * read once at least the expected count and an idle flush after it have landed.
     */
    private static double timerCount(String timer, double expected, long from, long until) {
        NavigableMap<Long, Double> counts = carbon.awaitPoints(
                timer + ".count",
                from,
                until,
                (points) -> sum(points) >= expected && points.lastEntry().getValue() == 0.0,
                LANDING);
        return sum(counts);
    }

    private static double sum(NavigableMap<Long, Double> points) {
        return points.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
