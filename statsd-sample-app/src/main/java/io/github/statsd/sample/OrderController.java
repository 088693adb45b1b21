package io.github.statsd.sample;

import java.util.concurrent.CompletableFuture;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;

/** The orders API: path variables, async endpoints and an endpoint that fails. */
@RestController
public class OrderController {

    private final OrderService orders;

    OrderController(OrderService orders) {
        this.orders = orders;
    }

    @PostMapping("/orders")
    @ResponseStatus(HttpStatus.CREATED)
    OrderService.Order place(@RequestParam(defaultValue = "book") String item) {
        return orders.place(item);
    }

    @GetMapping("/orders/{id}")
    OrderService.Order find(@PathVariable long id) {
        return orders.find(id);
    }

    @GetMapping("/orders/count")
    CompletableFuture<Integer> count() {
        return orders.countAsync();
    }

    @GetMapping("/orders/deferred")
    DeferredResult<String> deferred() {
        DeferredResult<String> result = new DeferredResult<>();
        CompletableFuture.runAsync(() -> result.setResult("done"));
        return result;
    }

    @GetMapping("/orders/fail")
    String fail() {
        throw new IllegalStateException("this endpoint always fails");
    }

    @ExceptionHandler(OrderService.OrderNotFoundException.class)
    @ResponseStatus(HttpStatus.NOT_FOUND)
    String notFound(OrderService.OrderNotFoundException ex) {
        return ex.getMessage();
    }
}
