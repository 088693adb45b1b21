package io.github.statsd.sample;

import io.github.statsd.StatsdClient;
import io.github.statsd.StatsdCounter;
import io.github.statsd.annotation.StatsdTimed;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Service;

/**
 * A tiny in-memory order store; its methods are timed with {@link StatsdTimed}, and placed orders are counted by a
 * {@link StatsdCounter} made once.
 */
@Service
public class OrderService {

    private final Map<Long, Order> orders = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final StatsdCounter placed;

    OrderService(StatsdClient statsd) {
        this.placed = statsd.counter("orders.placed", "store:memory");
    }

    /**
     * Finds an order.
     *
     * @param id the order id
     * @return the order
     * @throws OrderNotFoundException when there is none
     */
    @StatsdTimed(value = "orders.lookup", tags = "store:memory")
    public Order find(long id) {
        Order order = orders.get(id);
        if (order == null) {
            throw new OrderNotFoundException(id);
        }
        return order;
    }

    /**
     * Places an order.
     *
     * @param item what is ordered
     * @return the new order
     */
    @StatsdTimed("orders.place")
    public Order place(String item) {
        Order order = new Order(ids.incrementAndGet(), item);
        orders.put(order.id(), order);
        placed.increment();
        return order;
    }

    /**
     * Counts the orders, slowly, on another thread.
     *
     * @return the number of orders, later
     */
    @StatsdTimed("orders.count")
    public CompletableFuture<Integer> countAsync() {
        return CompletableFuture.supplyAsync(orders::size);
    }

    /** An order. */
    public record Order(long id, String item) {}

    /** No order with that id. */
    public static class OrderNotFoundException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        OrderNotFoundException(long id) {
            super("no order " + id);
        }
    }
}
