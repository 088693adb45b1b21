package io.github.statsd.spring.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.github.statsd.StatsdClient;
import io.github.statsd.annotation.StatsdTimed;
import io.github.statsd.test.InMemoryStatsd;
import io.github.statsd.test.StatsdLine;
import io.github.statsd.test.autoconfigure.AutoConfigureInMemoryStatsd;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.stereotype.Service;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** The README's test, as written there: one annotation swaps the network client for the in-memory one. */
@SpringBootTest(properties = {"statsd.flavor=datadog", "statsd.prefix=shop", "statsd.tags.env=test"})
@AutoConfigureMockMvc
@AutoConfigureInMemoryStatsd
class InMemoryStatsdSpringBootTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    InMemoryStatsd statsd;

    @Autowired
    StatsdClient client;

    @BeforeEach
    void forgetEarlierLines() {
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
