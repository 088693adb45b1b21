package io.github.statsd.spring.autoconfigure;

import io.github.statsd.StatsdClient;
import io.github.statsd.StatsdConfig;
import io.github.statsd.StatsdStats;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;

/**
 * Shows the StatsD client's counts under {@code statsd} in the actuator's info endpoint: metrics sent, metrics dropped
 * by cause, calls merged by client-side aggregation, and packets waiting for the sender. Once the client is closed,
 * every metric that passed sampling is in {@code sent}, {@code dropped.total} or {@code aggregated}.
 */
public final class StatsdInfoContributor implements InfoContributor {

    private final StatsdClient client;

    /**
     * Creates a contributor for one client.
     *
     * @param client the client whose counts are shown
     */
    public StatsdInfoContributor(StatsdClient client) {
        this.client = client;
    }

    @Override
    public void contribute(Info.Builder builder) {
        StatsdConfig config = this.client.config();
        StatsdStats stats = this.client.stats();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("protocol", config.protocol().name());
        details.put("flavor", config.flavor().name());
        details.put("sent", stats.sent());
        details.put("packetsSent", stats.packetsSent());
        details.put("bytesSent", stats.bytesSent());
        details.put("sampledOut", stats.sampledOut());
        details.put("dropped", StatsdHealth.droppedByCause(stats));
        details.put("aggregated", stats.aggregated());
        details.put("queuedPackets", stats.queuedPackets());
        details.put("queueCapacity", config.queueCapacity());
        builder.withDetail("statsd", details);
    }
}
