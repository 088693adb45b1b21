package io.github.statsd.spring.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.statsd.testing.UdpReceiver;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;

/** The filter in a real embedded server, answering real HTTP requests, recording to a real UDP receiver. */
class StatsdRequestTimingFilterTests {

    private static final String NUMBER = "\\d+(\\.\\d+)?";
    private static final String PREFIX = "http.server.requests:" + NUMBER + "\\|ms\\|#";

    private static UdpReceiver receiver;
    private static ConfigurableApplicationContext context;
    private static int port;

    private final HttpClient http = HttpClient.newBuilder().build();
    private int seen;

    @BeforeAll
    static void start() throws Exception {
        receiver = UdpReceiver.start();
        context = new SpringApplicationBuilder(TestApp.class)
                .web(WebApplicationType.SERVLET)
                .properties(
                        "server.port=0",
                        "statsd.host=127.0.0.1",
                        "statsd.port=" + receiver.port(),
                        "statsd.flavor=datadog",
                        "statsd.flush-interval=10ms",
                        "statsd.web.exclude=/excluded/**",
                        "statsd.web.max-uri-tags=50")
                .run();
        port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    }

    @AfterAll
    static void stop() throws Exception {
        context.close();
        receiver.close();
    }

    @BeforeEach
    void mark() {
        seen = receiver.lines().size();
    }

    @Test
    void tagsRoutePatternMethodStatusOutcomeAndException() throws Exception {
        assertThat(get("/items/42").statusCode()).isEqualTo(200);
        awaitLine(PREFIX + "method:GET,uri:/items/\\{id\\},status:200,outcome:SUCCESS,exception:none");
        assertThat(newLines()).noneMatch(line -> line.contains("/items/42"));
    }

    @Test
    void recordsServerErrorForAnEscapingException() throws Exception {
        assertThat(get("/boom").statusCode()).isEqualTo(500);
        awaitLine(PREFIX + "method:GET,uri:/boom,status:500,outcome:SERVER_ERROR,exception:IllegalStateException");
    }

    @Test
    void timesCallableUntilItCompletesOnce() throws Exception {
        assertThat(get("/callable").body()).isEqualTo("called");
        awaitLine(PREFIX + "method:GET,uri:/callable,status:200,outcome:SUCCESS,exception:none");
        assertThat(countMatching(".*uri:/callable,.*")).isEqualTo(1);
    }

    @Test
    void timesDeferredResultUntilItIsSet() throws Exception {
        assertThat(get("/deferred").body()).isEqualTo("deferred");
        awaitLine(PREFIX + "method:GET,uri:/deferred,status:200,outcome:SUCCESS,exception:none");
        assertThat(countMatching(".*uri:/deferred,.*")).isEqualTo(1);
    }

    @Test
    void tagsTheExceptionOfAFailedCompletableFuture() throws Exception {
        assertThat(get("/future-fails").statusCode()).isEqualTo(500);
        awaitLine(
                PREFIX
                        + "method:GET,uri:/future-fails,status:500,outcome:SERVER_ERROR,exception:UnsupportedOperationException");
        assertThat(countMatching(".*uri:/future-fails,.*")).isEqualTo(1);
    }

    @Test
    void reportsRedirectsAndClientErrors() throws Exception {
        assertThat(get("/moved").statusCode()).isEqualTo(302);
        awaitLine(PREFIX + "method:GET,uri:/moved,status:302,outcome:REDIRECTION,exception:none");
        assertThat(get("/items/not-a-number").statusCode()).isEqualTo(400);
        awaitLine(PREFIX + "method:GET,uri:/items/\\{id\\},status:400,outcome:CLIENT_ERROR,exception:.*");
    }

    @Test
    void neverTimesExcludedPaths() throws Exception {
        get("/excluded/thing");
        get("/items/1");
        awaitLine(PREFIX + "method:GET,uri:/items/\\{id\\},.*");
        assertThat(newLines()).noneMatch(line -> line.contains("excluded"));
    }

    @Test
    void hostilePathNeverReachesTheWire() throws Exception {
        get("/a%0Ab:1%7Cc%23x");
        get("/items/1");
        awaitLine(PREFIX + "method:GET,uri:/items/\\{id\\},.*");
        assertThat(newLines()).allMatch(line -> line.matches(PREFIX + "method:GET,uri:[^,|#]*,status:\\d{3},.*"));
        assertThat(newLines()).noneMatch(line -> line.contains("b:1") || line.contains("%"));
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private List<String> newLines() {
        List<String> all = receiver.lines();
        return all.subList(Math.min(seen, all.size()), all.size());
    }

    private long countMatching(String regex) {
        return newLines().stream().filter(line -> line.matches(regex)).count();
    }

    private void awaitLine(String regex) {
        try {
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> newLines().stream().anyMatch(line -> line.matches(regex)));
        } catch (ConditionTimeoutException ex) {
            throw new AssertionError("no line matching " + regex + " among " + newLines(), ex);
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(TestController.class)
    static class TestApp {}

    @RestController
    static class TestController {

        @GetMapping("/items/{id}")
        String item(@PathVariable long id) {
            return "item " + id;
        }

        @GetMapping("/boom")
        String boom() {
            throw new IllegalStateException("boom");
        }

        @GetMapping("/callable")
        Callable<String> callable() {
            return () -> "called";
        }

        @GetMapping("/deferred")
        DeferredResult<String> deferred() {
            DeferredResult<String> result = new DeferredResult<>();
            CompletableFuture.runAsync(() -> result.setResult("deferred"));
            return result;
        }

        @GetMapping("/future-fails")
        CompletableFuture<String> futureFails() {
            return CompletableFuture.supplyAsync(() -> {
                throw new UnsupportedOperationException("later");
            });
        }

        @GetMapping("/moved")
        ResponseEntity<Void> moved() {
            return ResponseEntity.status(302).header("Location", "/items/1").build();
        }

        @GetMapping("/cap{n}")
        String cap(@PathVariable int n) {
            return "cap";
        }
    }
}
