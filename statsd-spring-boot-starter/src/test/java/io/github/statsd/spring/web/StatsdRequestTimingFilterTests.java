package io.github.statsd.spring.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.statsd.StatsdClient;
import io.github.statsd.testing.UdpReceiver;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The filter in a real embedded server, answering real HTTP requests, recording to a real UDP receiver.
 *
 * <p>Every request carries an {@code X-Marker} header; a filter outside the timing filter sends {@code test.marker}
 * with it through the same client, on the same thread, once the timing filter has returned. A request's marker line
 * therefore arrives after any line the timing filter sent for it: checks for an absent line wait for it first.
 */
class StatsdRequestTimingFilterTests {

    private static final String NUMBER = "\\d+(\\.\\d+)?";
    private static final String PREFIX = "http.server.requests:" + NUMBER + "\\|ms\\|#";
    private static final AtomicInteger markers = new AtomicInteger();
    private static final String DISPATCH_RETURNED = "test.dispatchReturned";

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
        awaitLastMarker();
        assertThat(newLines()).noneMatch(line -> line.contains("/items/42"));
    }

    @Test
    void reportsNonStandardMethodsAsUnknown() throws Exception {
        assertThat(raw("FOO", "/any")).isEqualTo("HTTP/1.1 200 ");
        assertThat(raw("BAR1", "/any")).isEqualTo("HTTP/1.1 200 ");
        awaitLastMarker();
        assertThat(timerLines())
                .filteredOn(line -> line.contains("uri:/any,"))
                .hasSize(2)
                .allMatch(line ->
                        line.matches(PREFIX + "method:UNKNOWN,uri:/any,status:200,outcome:SUCCESS,exception:none"));
        assertThat(newLines()).noneMatch(line -> line.contains("FOO") || line.contains("BAR1"));
    }

    @Test
    void keepsStandardMethods() throws Exception {
        assertThat(raw("PATCH", "/any")).isEqualTo("HTTP/1.1 200 ");
        awaitLine(PREFIX + "method:PATCH,uri:/any,status:200,outcome:SUCCESS,exception:none");
        assertThat(StatsdRequestTimingFilter.method("get")).isEqualTo("UNKNOWN");
        assertThat(StatsdRequestTimingFilter.method(null)).isEqualTo("UNKNOWN");
    }

    @Test
    void reportsTheSlashRouteAsSlash() throws Exception {
        assertThat(get("/").body()).isEqualTo("home");
        awaitLine(PREFIX + "method:GET,uri:/,status:200,outcome:SUCCESS,exception:none");
        awaitLastMarker();
        assertThat(newLines()).noneMatch(line -> line.contains("uri:root"));
        // only an empty pattern, which no request path can produce here, is "root"
        assertThat(StatsdRequestTimingFilter.uri("", 200)).isEqualTo("root");
    }

    @Test
    void reportsTheStatusTheClientGotForAnExceptionAfterTheResponseWasCommitted() throws Exception {
        assertThat(raw("GET", "/commit-then-fail")).isEqualTo("HTTP/1.1 200 ");
        awaitLine(
                PREFIX + "method:GET,uri:/commit-then-fail,status:200,outcome:SUCCESS,exception:IllegalStateException");
    }

    @Test
    void reportsTheStatusTheClientGotWhenItDisconnectsDuringAStream() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream()
                    .write(("GET /stream HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            BufferedReader in =
                    new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            assertThat(in.readLine()).isEqualTo("HTTP/1.1 200 ");
            // five events, 20 ms apart, have arrived: the first dispatch has long returned to Tomcat (a reset while
            // it is still on its way out can leave the async request never completed, and so never timed)
            int events = 0;
            String line;
            while (events < 5 && (line = in.readLine()) != null) {
                if (line.startsWith("data:")) {
                    events++;
                }
            }
            assertThat(events).isEqualTo(5);
            socket.setSoLinger(true, 0); // reset the connection: the server's next write fails
        }
        // the client got 200; the write that found it gone failed: Tomcat reports the IOException (or its
        // ClientAbortException), Spring MVC its AsyncRequestNotUsableException, whichever ends the request first
        awaitLine(PREFIX + "method:GET,uri:/stream,status:200,outcome:SUCCESS,"
                + "exception:(IOException|ClientAbortException|AsyncRequestNotUsableException)");
        awaitALaterRequest();
        assertThat(countMatching(".*uri:/stream,.*")).isEqualTo(1);
    }

    @Test
    void addsTheTagsOfContributors() throws Exception {
        assertThat(get("/items/1", "X-Tenant", "acme").statusCode()).isEqualTo(200);
        awaitLine(PREFIX + "method:GET,uri:/items/\\{id\\},status:200,outcome:SUCCESS,exception:none,tenant:acme");
        // a value outside the allow-list is mapped to one fixed value
        assertThat(get("/items/1", "X-Tenant", "evil%0A|#x:y").statusCode()).isEqualTo(200);
        awaitLine(PREFIX + "method:GET,uri:/items/\\{id\\},status:200,outcome:SUCCESS,exception:none,tenant:other");
    }

    @Test
    void contributorsSeeTheHandlerAndTheException() throws Exception {
        assertThat(get("/boom", "X-Show-Handler", "yes").statusCode()).isEqualTo(500);
        awaitLine(PREFIX + "method:GET,uri:/boom,status:500,outcome:SERVER_ERROR,exception:IllegalStateException,"
                + "handler:boom,error:(ServletException|IllegalStateException)");
    }

    @Test
    void aFailingContributorCostsOnlyItsOwnTags() throws Exception {
        assertThat(get("/items/1", "X-Fail-Tags", "yes").statusCode()).isEqualTo(200);
        awaitLine(PREFIX + "method:GET,uri:/items/\\{id\\},status:200,outcome:SUCCESS,exception:none");
        awaitLastMarker();
        assertThat(newLines()).noneMatch(line -> line.contains("partial"));
    }

    @Test
    void contributorsCannotReplaceTheStandardTags() throws Exception {
        assertThat(get("/items/1", "X-Tenant", "acme", "X-Fake-Status", "yes").statusCode())
                .isEqualTo(200);
        awaitLine(PREFIX + "method:GET,uri:/items/\\{id\\},status:200,outcome:SUCCESS,exception:none,tenant:acme");
        awaitLastMarker();
        assertThat(newLines()).noneMatch(line -> line.contains("status:999"));
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
        awaitALaterRequest();
        assertThat(countMatching(".*uri:/callable,.*")).isEqualTo(1);
    }

    @Test
    void timesDeferredResultUntilItIsSet() throws Exception {
        assertThat(get("/deferred").body()).isEqualTo("deferred");
        awaitLine(PREFIX + "method:GET,uri:/deferred,status:200,outcome:SUCCESS,exception:none");
        awaitALaterRequest();
        assertThat(countMatching(".*uri:/deferred,.*")).isEqualTo(1);
    }

    @Test
    void tagsTheExceptionOfAFailedCompletableFuture() throws Exception {
        assertThat(get("/future-fails").statusCode()).isEqualTo(500);
        awaitLine(
                PREFIX
                        + "method:GET,uri:/future-fails,status:500,outcome:SERVER_ERROR,exception:UnsupportedOperationException");
        awaitALaterRequest();
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
        assertThat(get("/excluded/thing").body()).isEqualTo("excluded");
        awaitLastMarker();
        assertThat(newLines()).noneMatch(line -> line.contains("excluded"));
    }

    @Test
    void hostilePathNeverReachesTheWire() throws Exception {
        get("/a%0Ab:1%7Cc%23x");
        awaitLastMarker();
        assertThat(timerLines())
                .isNotEmpty()
                .allMatch(line -> line.matches(PREFIX + "method:GET,uri:[^,|#]*,status:\\d{3},.*"));
        assertThat(newLines()).noneMatch(line -> line.contains("b:1") || line.contains("%"));
    }

    private HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10))
                .header("X-Marker", "m" + markers.incrementAndGet());
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Sends a request with any method token, as a client may, and returns the status line. */
    private String raw(String method, String path) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            String head = method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Marker: m"
                    + markers.incrementAndGet() + "\r\nConnection: close\r\n\r\n";
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
        }
    }

    /**
     * Sends one more request and waits for its marker: a second timing of an earlier async request (on its async
     * dispatch or its completion) would have arrived by then, so "exactly once" can fail.
     */
    private void awaitALaterRequest() throws Exception {
        assertThat(get("/any").statusCode()).isEqualTo(200);
        awaitLastMarker();
    }

    /** Waits for the marker of the last request: any line the timing filter sent for it has arrived before. */
    private void awaitLastMarker() {
        awaitLine("test\\.marker:1\\|c\\|#id:m" + markers.get());
    }

    private List<String> timerLines() {
        return newLines().stream()
                .filter(line -> line.startsWith("http.server.requests:"))
                .toList();
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
    static class TestApp {

        /** Sends the request's marker once the timing filter, which it wraps, has returned. */
        @Bean
        FilterRegistrationBean<Filter> markerFilter(StatsdClient client) {
            FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>((request, response, chain) -> {
                try {
                    chain.doFilter(request, response);
                } finally {
                    if (request.getAttribute(DISPATCH_RETURNED) instanceof CountDownLatch returned) {
                        returned.countDown();
                    }
                    String marker = ((HttpServletRequest) request).getHeader("X-Marker");
                    if (marker != null) {
                        client.increment("test.marker", "id:" + marker);
                    }
                }
            });
            registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
            return registration;
        }

        /** A tenant tag from a header, bounded by an allow-list. */
        @Bean
        @Order(1)
        StatsdRequestTagsContributor tenantTags() {
            Set<String> tenants = Set.of("acme", "globex");
            return (request, response, handler, exception, tags) -> {
                String tenant = request.getHeader("X-Tenant");
                if (tenant != null) {
                    tags.add("tenant:" + (tenants.contains(tenant) ? tenant : "other"));
                }
                if (request.getHeader("X-Fake-Status") != null) {
                    tags.add("status:999");
                }
                if (request.getHeader("X-Show-Handler") != null) {
                    tags.add("handler:"
                            + (handler instanceof HandlerMethod m
                                    ? m.getMethod().getName()
                                    : "none"));
                    tags.add("error:"
                            + (exception == null ? "none" : exception.getClass().getSimpleName()));
                }
            };
        }

        /** Fails when asked to, after adding a tag that must then be left out. */
        @Bean
        @Order(2)
        StatsdRequestTagsContributor failingTags() {
            return (request, response, handler, exception, tags) -> {
                if (request.getHeader("X-Fail-Tags") != null) {
                    tags.add("partial:yes");
                    throw new IllegalStateException("contributor failed");
                }
            };
        }
    }

    @RestController
    static class TestController {

        @GetMapping("/")
        String home() {
            return "home";
        }

        @GetMapping("/excluded/thing")
        String excluded() {
            return "excluded";
        }

        @RequestMapping("/any")
        String any() {
            return "any";
        }

        @GetMapping("/commit-then-fail")
        void commitThenFail(HttpServletResponse response) throws IOException {
            response.getWriter().write("partial");
            response.flushBuffer();
            throw new IllegalStateException("after commit");
        }

        @GetMapping("/stream")
        SseEmitter stream(HttpServletRequest request) {
            SseEmitter emitter = new SseEmitter(30_000L);
            // the first event waits until the request's first dispatch has returned, as in a real stream, where the
            // client goes away long after (a reset during that dispatch can leave the async request never completed)
            CountDownLatch dispatchReturned = new CountDownLatch(1);
            request.setAttribute(DISPATCH_RETURNED, dispatchReturned);
            // a thread of its own: the common pool may have a single thread on a small machine
            Thread sender = new Thread(
                    () -> {
                        try {
                            dispatchReturned.await(10, TimeUnit.SECONDS);
                            for (int i = 0; i < 1000; i++) {
                                emitter.send(SseEmitter.event().data("tick"));
                                Thread.sleep(20);
                            }
                            emitter.complete();
                        } catch (IOException | RuntimeException ex) {
                            // the client went away; as applications do, end the stream with the error
                            emitter.completeWithError(ex);
                        } catch (InterruptedException ex) {
                            Thread.currentThread().interrupt();
                        }
                    },
                    "sse-sender");
            sender.setDaemon(true);
            sender.start();
            return emitter;
        }

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
