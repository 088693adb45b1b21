package io.github.statsd.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.statsd.testing.UdpReceiver;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Starts the sample app on a random port and checks the exact lines that reach a real UDP receiver. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SampleApplicationIntegrationTest {

    private static final String NUMBER = "\\d+(\\.\\d+)?";
    private static final UdpReceiver receiver = startReceiver();

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();
    private int seen;

    private static UdpReceiver startReceiver() {
        try {
            return UdpReceiver.start();
        } catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    @DynamicPropertySource
    static void statsd(DynamicPropertyRegistry registry) {
        registry.add("statsd.host", () -> "127.0.0.1");
        registry.add("statsd.port", receiver::port);
        registry.add("statsd.flush-interval", () -> "20ms");
        registry.add("sample.demo-receiver.enabled", () -> "false");
    }

    @AfterAll
    static void stopReceiver() throws IOException {
        receiver.close();
    }

    @BeforeEach
    void markReceived() {
        seen = receiver.lines().size();
    }

    @Test
    void timesRequestWithRoutePatternNotRawPath() throws Exception {
        assertThat(get("/orders/12345").statusCode()).isEqualTo(404);
        assertThat(awaitLine("sample.http.server.requests:" + NUMBER + "\\|ms\\|#app:statsd-sample,method:GET,"
                        + "uri:/orders/\\{id\\},status:404,outcome:CLIENT_ERROR,exception:OrderNotFoundException"))
                .isNotNull();
        assertThat(awaitLine("sample.orders.lookup:" + NUMBER + "\\|ms\\|#app:statsd-sample,class:OrderService,"
                        + "method:find,exception:OrderNotFoundException,store:memory"))
                .isNotNull();
        assertThat(newLines()).noneMatch(line -> line.contains("12345"));
    }

    @Test
    void timesCompletableFutureEndpointWhenItCompletes() throws Exception {
        assertThat(get("/orders/count").statusCode()).isEqualTo(200);
        awaitLine("sample.http.server.requests:" + NUMBER + "\\|ms\\|#app:statsd-sample,method:GET,"
                + "uri:/orders/count,status:200,outcome:SUCCESS,exception:none");
        awaitLine("sample.orders.count:" + NUMBER + "\\|ms\\|#app:statsd-sample,class:OrderService,"
                + "method:countAsync,exception:none");
        awaitMarker();
        assertThat(countMatching("sample.http.server.requests:.*uri:/orders/count,.*"))
                .isEqualTo(1);
    }

    @Test
    void timesDeferredResultEndpointOnce() throws Exception {
        assertThat(get("/orders/deferred").statusCode()).isEqualTo(200);
        awaitLine("sample.http.server.requests:" + NUMBER + "\\|ms\\|#app:statsd-sample,method:GET,"
                + "uri:/orders/deferred,status:200,outcome:SUCCESS,exception:none");
        awaitMarker();
        assertThat(countMatching("sample.http.server.requests:.*uri:/orders/deferred,.*"))
                .isEqualTo(1);
    }

    @Test
    void countsPlacedOrdersWithACounterMadeOnce() throws Exception {
        HttpRequest post = request("/orders?item=pen")
                .POST(HttpRequest.BodyPublishers.noBody())
                .build();
        assertThat(http.send(post, HttpResponse.BodyHandlers.ofString()).statusCode())
                .isEqualTo(201);
        awaitLine("sample\\.orders\\.placed:1\\|c\\|#app:statsd-sample,store:memory");
    }

    @Test
    void tagsTheExceptionOfAFailingEndpoint() throws Exception {
        assertThat(get("/orders/fail").statusCode()).isEqualTo(500);
        awaitLine("sample.http.server.requests:" + NUMBER + "\\|ms\\|#app:statsd-sample,method:GET,"
                + "uri:/orders/fail,status:500,outcome:SERVER_ERROR,exception:IllegalStateException");
    }

    @Test
    void doesNotTimeExcludedPaths() throws Exception {
        assertThat(get("/actuator/health").statusCode()).isEqualTo(200);
        assertThat(get("/orders/count").statusCode()).isEqualTo(200);
        // the later request's line arriving shows the earlier one had its chance to arrive too
        awaitLine("sample.http.server.requests:.*uri:/orders/count,.*");
        assertThat(newLines()).noneMatch(line -> line.contains("actuator"));
    }

    @Test
    void reportsHostilePathsAsUnknownRoutes() throws Exception {
        assertThat(get("/a%0Ab:1%7Cc").statusCode()).isEqualTo(404);
        String line = awaitLine("sample.http.server.requests:" + NUMBER + "\\|ms\\|#app:statsd-sample,method:GET,"
                + "uri:NOT_FOUND,status:404,outcome:CLIENT_ERROR,exception:NoResourceFoundException");
        assertThat(line).doesNotContain("b:1");
    }

    /**
     * Makes a further request and waits for its timing: a second timing of an earlier request, recorded while that
     * request completed, is on the wire before this one's. Only then can a count of "exactly once" fail.
     */
    private void awaitMarker() throws Exception {
        HttpRequest marker = request("/orders?item=marker")
                .POST(HttpRequest.BodyPublishers.noBody())
                .build();
        assertThat(http.send(marker, HttpResponse.BodyHandlers.ofString()).statusCode())
                .isEqualTo(201);
        awaitLine("sample\\.http\\.server\\.requests:.*(method:POST.*uri:/orders,|uri:/orders,.*method:POST).*");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(request(path).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10));
    }

    private List<String> newLines() {
        List<String> all = receiver.lines();
        return all.subList(Math.min(seen, all.size()), all.size());
    }

    private long countMatching(String regex) {
        Pattern p = Pattern.compile(regex);
        return newLines().stream().filter(l -> p.matcher(l).matches()).count();
    }

    private String awaitLine(String regex) {
        Pattern p = Pattern.compile(regex);
        try {
            return await().atMost(Duration.ofSeconds(10))
                    .until(
                            () -> newLines().stream()
                                    .filter(l -> p.matcher(l).matches())
                                    .findFirst()
                                    .orElse(null),
                            line -> line != null);
        } catch (ConditionTimeoutException ex) {
            throw new AssertionError("no line matching " + regex + " among " + newLines(), ex);
        }
    }
}
