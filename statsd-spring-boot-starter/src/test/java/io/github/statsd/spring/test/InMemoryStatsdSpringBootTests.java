package io.github.statsd.spring.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.github.statsd.StatsdClient;
import io.github.statsd.annotation.StatsdTimed;
import io.github.statsd.spring.web.StatsdRequestTimingFilter;
import io.github.statsd.test.InMemoryStatsd;
import io.github.statsd.test.StatsdLine;
import io.github.statsd.test.autoconfigure.AutoConfigureInMemoryStatsd;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.stereotype.Service;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.WebApplicationContext;

/**
 * The README's test: one annotation swaps the network client for the in-memory one. MockMvc is built from the context
 * with the starter's filter, as {@code @AutoConfigureMockMvc} does, because that annotation lives in a different
 * package and artifact on Boot 4 and this test compiles against both lines.
 */
@SpringBootTest(properties = {"statsd.flavor=datadog", "statsd.prefix=shop", "statsd.tags.env=test"})
@AutoConfigureInMemoryStatsd
class InMemoryStatsdSpringBootTests {

    @Autowired
    WebApplicationContext context;

    @Autowired
    FilterRegistrationBean<StatsdRequestTimingFilter> timingFilter;

    MockMvc mvc;

    @Autowired
    InMemoryStatsd statsd;

    @Autowired
    StatsdClient client;

    @BeforeEach
    void forgetEarlierLines() {
        mvc = MockMvcBuilders.webAppContextSetup(context)
                .addFilters(timingFilter.getFilter())
                .build();
        statsd.clear();
    }

    @Test
    void recordsTheRequestAndTheTimedMethodWithoutASocket() throws Exception {
        mvc.perform(get("/orders/42")).andExpect(status().isOk());

        StatsdLine request = statsd.single(
                "http.server.requests", "method:GET", "uri:/orders/{id}", "status:200", "outcome:SUCCESS");
        assertThat(request.type()).isEqualTo("ms");
        assertThat(request.tags()).contains("env:test");
        assertThat(request.doubleValue()).isNotNegative();

        StatsdLine lookup = statsd.single("orders.lookup", "class:OrderService", "method:find", "exception:none");
        assertThat(lookup.line()).startsWith("shop.orders.lookup:");
        assertThat(statsd.stats().dropped()).isZero();
    }

    @Test
    void theApplicationsClientIsTheInMemoryOne() {
        assertThat(client).isSameAs(statsd.client());
        client.increment("direct");
        assertThat(statsd.lines()).containsExactly("shop.direct:1|c|#env:test");
    }

    @SpringBootApplication
    static class OrderApp {

        @RestController
        static class OrderController {

            private final OrderService orders;

            OrderController(OrderService orders) {
                this.orders = orders;
            }

            @GetMapping("/orders/{id}")
            String order(@PathVariable("id") String id) {
                return orders.find(id);
            }
        }

        @Service
        static class OrderService {

            @StatsdTimed("orders.lookup")
            public String find(String id) {
                return "order " + id;
            }
        }
    }
}
