package io.github.statsd.sample;

import io.github.statsd.StatsdClient;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** DEMO ONLY: the {@code /} page, and the target of its order form. */
@RestController
class MetricsPageController {

    /** The longest item name the form takes. */
    static final int MAX_ITEM_LENGTH = 40;

    private final ObjectProvider<DemoStatsdReceiver> receiver;
    private final StatsdClient client;
    private final OrderService orders;

    MetricsPageController(ObjectProvider<DemoStatsdReceiver> receiver, StatsdClient client, OrderService orders) {
        this.receiver = receiver;
        this.client = client;
        this.orders = orders;
    }

    @GetMapping(value = "/", produces = MediaType.TEXT_HTML_VALUE)
    String page(@RequestParam(required = false) Long placed, @RequestParam(defaultValue = "on") String auto) {
        return MetricsPage.render(client.stats(), receiver.getIfAvailable(), placed, !auto.equals("off"));
    }

    /** Places an order from the page's form, then back to the page (post/redirect/get: a reload does not repeat it). */
    @PostMapping("/place-order")
    ResponseEntity<Void> placeOrder(@RequestParam(defaultValue = "") String item) {
        String name = item.strip();
        if (name.isEmpty()) {
            name = "book";
        } else if (name.length() > MAX_ITEM_LENGTH) {
            name = name.substring(0, MAX_ITEM_LENGTH);
        }
        OrderService.Order order = orders.place(name);
        return ResponseEntity.status(HttpStatus.SEE_OTHER)
                .location(ServletUriComponentsBuilder.fromCurrentContextPath()
                        .path("/")
                        .queryParam("placed", order.id())
                        .build()
                        .toUri())
                .build();
    }
}
