package io.github.statsd.spring.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.statsd.StatsdClient;
import io.github.statsd.testing.UdpReceiver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** A request still running when the application shuts down gracefully is timed, and its line is delivered. */
class GracefulShutdownTests {

    static final CountDownLatch entered = new CountDownLatch(1);
    static final CountDownLatch release = new CountDownLatch(1);
    static final CountDownLatch closing = new CountDownLatch(1);

    @Test
    void deliversTimingOfRequestThatFinishesDuringGracefulShutdown() throws Exception {
        try (UdpReceiver receiver = UdpReceiver.start()) {
            ConfigurableApplicationContext context = new SpringApplicationBuilder(SlowApp.class)
                    .web(WebApplicationType.SERVLET)
                    .properties(
                            "server.port=0",
                            "server.shutdown=graceful",
                            "statsd.host=127.0.0.1",
                            "statsd.port=" + receiver.port(),
                            "statsd.flavor=datadog",
                            // only close() can send: nothing is flushed on a timer during the test
                            "statsd.flush-interval=1h")
                    .run();
            int port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
            StatsdClient client = context.getBean(StatsdClient.class);
            CompletableFuture<HttpResponse<String>> response = HttpClient.newHttpClient()
                    .sendAsync(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/slow"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();

            CompletableFuture<Void> shutdown = CompletableFuture.runAsync(context::close);
            // the close has begun (the event comes first in close()) and the server refuses new connections: the
            // graceful shutdown is under way. A close that did not wait for the held request would then finish
            // in a few milliseconds; this one must still be running a second later.
            assertThat(closing.await(10, TimeUnit.SECONDS)).isTrue();
            await().atMost(Duration.ofSeconds(10)).until(() -> refusesConnections(port));
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> !shutdown.isDone());
            assertThat(client.stats().droppedClosed()).isZero();
            release.countDown();

            assertThat(response.get(10, TimeUnit.SECONDS).body()).isEqualTo("slow");
            shutdown.get(30, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(10)).until(() -> receiver.lines().stream()
                    .anyMatch(line -> line.matches("http.server.requests:\\d+(\\.\\d+)?\\|ms\\|#method:GET,"
                            + "uri:/slow,status:200,outcome:SUCCESS,exception:none")));
            assertThat(client.stats().droppedClosed()).isZero();
            assertThat(client.stats().dropped()).isZero();
        }
    }

    private static boolean refusesConnections(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return false;
        } catch (IOException ex) {
            return true;
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(SlowController.class)
    static class SlowApp {

        @Bean
        ApplicationListener<ContextClosedEvent> closingListener() {
            return event -> closing.countDown();
        }
    }

    @RestController
    static class SlowController {

        @GetMapping("/slow")
        String slow() throws InterruptedException {
            entered.countDown();
            release.await(20, TimeUnit.SECONDS);
            return "slow";
        }
    }
}
