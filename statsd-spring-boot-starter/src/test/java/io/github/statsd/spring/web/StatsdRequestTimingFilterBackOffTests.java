package io.github.statsd.spring.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.statsd.StatsdClient;
import io.github.statsd.testing.UdpReceiver;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
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
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.WebApplicationContext;

/** An application's own registration of the filter, under a name of its own, replaces the starter's. */
class StatsdRequestTimingFilterBackOffTests {

    @Test
    void timesEachRequestOnceWithTheApplicationsOwnRegistration() throws Exception {
        try (UdpReceiver receiver = UdpReceiver.start();
                ConfigurableApplicationContext context = new SpringApplicationBuilder(OwnRegistrationApp.class)
                        .web(WebApplicationType.SERVLET)
                        .properties(
                                "server.port=0",
                                "statsd.host=127.0.0.1",
                                "statsd.port=" + receiver.port(),
                                "statsd.flavor=datadog",
                                "statsd.flush-interval=10ms")
                        .run()) {
            // one registration of the filter on the server: the application's
            assertThat(((WebApplicationContext) context)
                            .getServletContext()
                            .getFilterRegistrations()
                            .values())
                    .filteredOn(filter -> filter.getClassName().equals(StatsdRequestTimingFilter.class.getName()))
                    .extracting(FilterRegistration::getName)
                    .containsExactly("myTiming");
            int port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
            HttpResponse<String> response = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ping"))
                                    .header("X-Marker", "once")
                                    .timeout(Duration.ofSeconds(10))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(response.body()).isEqualTo("pong");

            // the marker is sent on the request's thread after every timing filter has returned
            await().atMost(Duration.ofSeconds(10)).until(() -> receiver.lines().contains("test.marker:1|c|#id:once"));
            List<String> timings = receiver.lines().stream()
                    .filter(line -> line.contains("|ms|"))
                    .toList();
            assertThat(timings)
                    .singleElement()
                    .matches(line -> line.matches("my.requests:\\d+(\\.\\d+)?\\|ms\\|#method:GET,uri:/ping,"
                            + "status:200,outcome:SUCCESS,exception:none"));
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(PingController.class)
    static class OwnRegistrationApp {

        @Bean
        FilterRegistrationBean<StatsdRequestTimingFilter> myTiming(StatsdClient client) {
            FilterRegistrationBean<StatsdRequestTimingFilter> registration =
                    new FilterRegistrationBean<>(new StatsdRequestTimingFilter(client, "my.requests", List.of(), 10));
            registration.setName("myTiming");
            registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
            return registration;
        }

        @Bean
        FilterRegistrationBean<Filter> markerFilter(StatsdClient client) {
            FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>((request, response, chain) -> {
                try {
                    chain.doFilter(request, response);
                } finally {
                    client.increment("test.marker", "id:" + ((HttpServletRequest) request).getHeader("X-Marker"));
                }
            });
            registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
            return registration;
        }
    }

    @RestController
    static class PingController {

        @GetMapping("/ping")
        String ping() {
            return "pong";
        }
    }
}
