package io.github.statsd.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.Banner;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The whole sample app with Actuator: Micrometer's meters reach the demo receiver through the starter's registry on the
 * same client, and a request is one {@code http.server.requests} series, the starter's filter's (Boot's timer of the
 * same name is denied in the registry).
 */
class MicrometerMetersOnThePageTests {

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void showsJvmMetersAndOneRequestSeriesPerRequest() throws Exception {
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(SampleApplication.class)
                .bannerMode(Banner.Mode.OFF)
                .registerShutdownHook(false)
                .run(
                        "--server.port=0",
                        "--statsd.host=127.0.0.1",
                        "--statsd.port=" + MetricsPageTests.freeUdpPort(),
                        "--statsd.flush-interval=20ms",
                        "--statsd.micrometer.step=100ms")) {
            assertThat(get(app, "/orders/count").statusCode()).isEqualTo(200);
            // a later request's row shows that a second timing of the first one had its chance to arrive
            assertThat(http.send(
                                    request(app, "/orders?item=marker")
                                            .POST(HttpRequest.BodyPublishers.noBody())
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .statusCode())
                    .isEqualTo(201);
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(get(app, "/?auto=off").body())
                            .contains("<td class=\"name\">sample.jvm.memory.used</td>")
                            .contains("<td class=\"name\">sample.jvm.threads.live</td>")
                            .satisfies(page -> assertThat(requestRowCounts(page, "POST", "/orders"))
                                    .isNotEmpty()));

            assertThat(requestRowCounts(get(app, "/?auto=off").body(), "GET", "/orders/count"))
                    .as("the rows of GET /orders/count and their counts")
                    .containsExactly("1");
        }
    }

    /** @return the count column of every request timer row of this method and route */
    private static List<String> requestRowCounts(String page, String method, String uri) {
        Pattern row = Pattern.compile("<tr><td class=\"name\">sample\\.http\\.server\\.requests</td>"
                + "<td class=\"tags\">([^<]*(?:<wbr>[^<]*)*)</td><td>timer</td><td class=\"num\">(\\d+)</td>");
        List<String> counts = new ArrayList<>();
        Matcher m = row.matcher(page);
        while (m.find()) {
            List<String> tags = List.of(m.group(1).replace("<wbr>", "").split(","));
            if (tags.contains("method:" + method) && tags.contains("uri:" + uri)) {
                counts.add(m.group(2));
            }
        }
        return counts;
    }

    private HttpResponse<String> get(ConfigurableApplicationContext app, String path) throws Exception {
        return http.send(request(app, path).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder request(ConfigurableApplicationContext app, String path) {
        String port = app.getEnvironment().getProperty("local.server.port");
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10));
    }
}
