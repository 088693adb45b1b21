package io.github.statsd.spring.autoconfigure;

import io.github.statsd.SenderStatus;
import io.github.statsd.StatsdClient;
import io.github.statsd.StatsdConfig;
import io.github.statsd.StatsdStats;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The StatsD client's health, apart from Spring Boot's health API (which is in different packages on Boot 3.5 and 4.0):
 * {@code UP}, or {@link #DEGRADED} when a sender thread is dead, or not connected while packets wait for it. Never
 * {@code DOWN}: metrics are not what the application serves, and Spring Boot leaves a status that is not in
 * {@code management.endpoint.health.status.order} out of the aggregate, so a metrics outage shows in the {@code statsd}
 * component without taking the application out of its load balancer.
 *
 * @param degraded whether the status is {@link #DEGRADED} rather than {@code UP}
 * @param details the counts and the state of the sender threads
 */
record StatsdHealth(boolean degraded, Map<String, Object> details) {

    /** Status code of a client that cannot deliver metrics now. */
    static final String DEGRADED = "DEGRADED";

    /**
     * Reads the client's health now.
     *
     * @param client the client
     * @return its health
     */
    static StatsdHealth of(StatsdClient client) {
        StatsdConfig config = client.config();
        StatsdStats stats = client.stats();
        SenderStatus senders = client.senderStatus();
        Map<String, Object> threads = new LinkedHashMap<>();
        threads.put("threads", senders.threads());
        threads.put("alive", senders.alive());
        threads.put("connected", senders.connected());
        threads.put("failed", senders.failed());
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("protocol", config.protocol().name());
        details.put("flavor", config.flavor().name());
        details.put("sent", stats.sent());
        details.put("dropped", droppedByCause(stats));
        details.put("aggregated", stats.aggregated());
        details.put("queuedPackets", stats.queuedPackets());
        details.put("queueCapacity", config.queueCapacity());
        details.put("senders", threads);
        boolean dead = senders.alive() < senders.threads();
        boolean waitingForServer = senders.connected() < senders.alive() && stats.queuedPackets() > 0;
        if (dead) {
            details.put(
                    "reason",
                    "a sender thread is not running: what it held, and every metric once none is left, is dropped"
                            + " as senderFailed");
        } else if (waitingForServer) {
            details.put("reason", "a sender is not connected to the server while packets wait");
        }
        return new StatsdHealth(dead || waitingForServer, details);
    }

    /**
     * The dropped counts by cause, as the info and the health endpoints show them.
     *
     * @param stats the client's counts
     * @return the total and each cause's count
     */
    static Map<String, Object> droppedByCause(StatsdStats stats) {
        Map<String, Object> dropped = new LinkedHashMap<>();
        dropped.put("total", stats.dropped());
        dropped.put("queueFull", stats.droppedQueueFull());
        dropped.put("ioError", stats.droppedIoError());
        dropped.put("invalid", stats.droppedInvalid());
        dropped.put("oversize", stats.droppedOversize());
        dropped.put("closed", stats.droppedClosed());
        dropped.put("senderFailed", stats.droppedSenderFailed());
        return dropped;
    }
}
