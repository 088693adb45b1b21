package io.github.statsd.internal;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Names the threads of one client with one id, so that a thread dump shows which threads belong together:
 * {@code statsd-sender-3-0}, {@code statsd-aggregator-3}.
 */
public final class ThreadNames {

    private static final AtomicInteger CLIENT_IDS = new AtomicInteger();

    private final String kind;
    private final int id;

    private ThreadNames(String kind, int id) {
        this.kind = kind;
        this.id = id;
    }

    /**
     * Takes the next client id.
     *
     * @param kind a word for the client, such as {@code statsd} or {@code graphite}
     * @return the names of that client's threads
     */
    public static ThreadNames next(String kind) {
        return new ThreadNames(kind, CLIENT_IDS.incrementAndGet());
    }

    String sender(int index) {
        return kind + "-sender-" + id + "-" + index;
    }

    String aggregator() {
        return kind + "-aggregator-" + id;
    }
}
