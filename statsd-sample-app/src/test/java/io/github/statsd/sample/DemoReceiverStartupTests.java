package io.github.statsd.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.Banner;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The whole sample app, started as a user starts it, with the demo receiver on and the client set up in several ways.
 */
@ExtendWith(OutputCaptureExtension.class)
class DemoReceiverStartupTests {

    private static final String NOT_STARTED = "Demo StatsD receiver not started: ";

    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    @Test
    void startsWithAUnixSocketHostAndLeavesTheReceiverStopped(CapturedOutput output, @TempDir Path dir)
            throws Exception {
        try (ConfigurableApplicationContext app = run("--statsd.host=unixstream://" + dir.resolve("statsd.sock"))) {
            assertThat(app.getBean(DemoStatsdReceiver.class).isRunning()).isFalse();
            assertThat(countOf(output.getOut(), NOT_STARTED)).isOne();
            assertThat(output.getOut()).contains(NOT_STARTED + "the client sends over UDS");
            assertThat(get(app, "/").body()).contains("The demo receiver is not running: the client sends over UDS");
        }
    }

    @Test
    void startsWithTcpAndLeavesTheReceiverStopped(CapturedOutput output) throws Exception {
        try (ConfigurableApplicationContext app = run(
                "--statsd.host=127.0.0.1",
                "--statsd.port=" + MetricsPageTests.freeUdpPort(),
                "--statsd.protocol=tcp")) {
            assertThat(app.getBean(DemoStatsdReceiver.class).isRunning()).isFalse();
            assertThat(countOf(output.getOut(), NOT_STARTED)).isOne();
            assertThat(output.getOut()).contains(NOT_STARTED + "the client sends over TCP");
        }
    }

    @Test
    void listensForUdpOnThisMachineAndShowsAnOrderPlacedWithTheForm(CapturedOutput output) throws Exception {
        try (ConfigurableApplicationContext app = run(
                "--statsd.host=127.0.0.1",
                "--statsd.port=" + MetricsPageTests.freeUdpPort(),
                "--statsd.flush-interval=20ms")) {
            assertThat(app.getBean(DemoStatsdReceiver.class).isRunning()).isTrue();
            assertThat(output.getOut())
                    .contains("Open http://localhost:" + port(app) + "/ to see the sample app's metrics")
                    .doesNotContain(NOT_STARTED);

            HttpResponse<String> placed = http.send(
                    request(app, "/place-order")
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString("item=pen"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(placed.statusCode()).isEqualTo(303);
            assertThat(placed.headers().firstValue("Location"))
                    .hasValueSatisfying(location -> assertThat(location).matches("http://[^/]+/\\?placed=1"));

            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(get(app, "/?placed=1").body())
                            .contains("Order 1 placed")
                            .contains("<td class=\"name\">sample.orders.placed</td><td class=\"tags\">"
                                    + "app:statsd-sample,<wbr>store:memory</td><td>counter</td>"
                                    + "<td class=\"num\">1</td><td class=\"num\">1</td>"));
        }
    }

    private static ConfigurableApplicationContext run(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "--server.port=0";
        System.arraycopy(args, 0, all, 1, args.length);
        return new SpringApplicationBuilder(SampleApplication.class)
                .bannerMode(Banner.Mode.OFF)
                .registerShutdownHook(false)
                .run(all);
    }

    private HttpResponse<String> get(ConfigurableApplicationContext app, String path) throws Exception {
        return http.send(request(app, path).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder request(ConfigurableApplicationContext app, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port(app) + path))
                .timeout(Duration.ofSeconds(10));
    }

    private static String port(ConfigurableApplicationContext app) {
        return app.getEnvironment().getProperty("local.server.port");
    }

    private static int countOf(String text, String part) {
        Matcher m = Pattern.compile(Pattern.quote(part)).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
