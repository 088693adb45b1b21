package io.github.statsd;

import io.github.statsd.internal.DatadogLineEncoder;
import io.github.statsd.internal.Engine;
import io.github.statsd.internal.LineWriter;
import io.github.statsd.internal.MetricType;
import java.time.Instant;

/**
 * A DogStatsD client: everything {@link StatsdClient} does, always in the {@link Flavor#DATADOG} flavour, plus
 * histograms, distributions, {@linkplain #event(Event) events}, {@linkplain #serviceCheck(ServiceCheck) service
 * checks} and {@linkplain #countAt(String, long, Instant, String...) timestamped metrics}. With a configured
 * {@link StatsdConfig#containerId() container id}, every line carries {@code |c:<id>}.
 *
 * <p>Each event, service check or timestamped metric counts as one metric in {@link #stats()}. Events and service
 * checks are rare, so they are encoded with a few allocations; metrics are not.
 *
 * @see <a href="https://docs.datadoghq.com/developers/dogstatsd/datagram_shell/">DogStatsD datagram format</a>
 */
public final class DogStatsdClient extends StatsdClient {

    private static final String[] NO_TAGS = new String[0];

    private final DatadogLineEncoder datadog;

    private DogStatsdClient(StatsdConfig config) {
        super(config);
        this.datadog = (DatadogLineEncoder) encoder;
    }

    /**
     * Creates a DogStatsD client. The configured flavour is replaced by {@link Flavor#DATADOG}.
     *
     * @param config the configuration
     * @return the client; close it to drain and release its threads and sockets
     */
    public static DogStatsdClient create(StatsdConfig config) {
        StatsdConfig datadog = config.flavor() == Flavor.DATADOG
                ? config
                : config.toBuilder().flavor(Flavor.DATADOG).build();
        return new DogStatsdClient(datadog);
    }

    /**
     * Records a value in a histogram (aggregated by the agent).
     *
     * @param name the metric name
     * @param value the value, finite
     * @param tags {@code key:value} tags
     */
    public void histogram(String name, double value, String... tags) {
        record(name, MetricType.HISTOGRAM, DOUBLE, 0, value, null, defaultRate, tags);
    }

    /**
     * Records a value in a histogram, sampled.
     *
     * @param name the metric name
     * @param value the value, finite
     * @param sampleRate the probability the call is sent, in (0, 1]
     * @param tags {@code key:value} tags
     */
    public void histogram(String name, double value, double sampleRate, String... tags) {
        record(name, MetricType.HISTOGRAM, DOUBLE, 0, value, null, sampleRate, tags);
    }

    /**
     * Records a value in a distribution (aggregated server-side, across hosts).
     *
     * @param name the metric name
     * @param value the value, finite
     * @param tags {@code key:value} tags
     */
    public void distribution(String name, double value, String... tags) {
        record(name, MetricType.DISTRIBUTION, DOUBLE, 0, value, null, defaultRate, tags);
    }

    /**
     * Records a value in a distribution, sampled.
     *
     * @param name the metric name
     * @param value the value, finite
     * @param sampleRate the probability the call is sent, in (0, 1]
     * @param tags {@code key:value} tags
     */
    public void distribution(String name, double value, double sampleRate, String... tags) {
        record(name, MetricType.DISTRIBUTION, DOUBLE, 0, value, null, sampleRate, tags);
    }

    // ---- timestamped metrics (DogStatsD protocol v1.3)

    /**
     * Adds to a counter at a given time: {@code name:delta|c|#tags|T<seconds>}. The Agent does not aggregate
     * timestamped metrics; use them for values already aggregated in the application. Never sampled.
     *
     * @param name the metric name
     * @param delta the amount
     * @param timestamp when the count happened, after the epoch (sent in whole seconds)
     * @param tags {@code key:value} tags
     */
    public void countAt(String name, long delta, Instant timestamp, String... tags) {
        timestamped(name, MetricType.COUNTER, LONG, delta, 0, timestamp, tags);
    }

    /**
     * Sets a gauge at a given time: {@code name:value|g|#tags|T<seconds>}.
     *
     * @param name the metric name
     * @param value the value, finite
     * @param timestamp when the value was measured, after the epoch (sent in whole seconds)
     * @param tags {@code key:value} tags
     */
    public void gaugeAt(String name, double value, Instant timestamp, String... tags) {
        timestamped(name, MetricType.GAUGE, DOUBLE, 0, value, timestamp, tags);
    }

    private void timestamped(
            String name, MetricType type, int kind, long lv, double dv, Instant timestamp, String[] tags) {
        if (timestamp == null || timestamp.getEpochSecond() <= 0) {
            engine.countInvalid();
            return;
        }
        if (!accept(name, type, kind, lv, dv, 1.0)) {
            return;
        }
        Engine.Stripe s = engine.begin();
        if (s == null) {
            return;
        }
        try {
            LineWriter w = s.writer();
            String[] t = tags == null ? NO_TAGS : tags;
            datadog.writeHead(w, name, t);
            if (kind == LONG) {
                w.writeLong(lv);
            } else {
                w.writeDouble(dv);
            }
            datadog.writeTimestampedTail(w, type, t, timestamp.getEpochSecond());
            engine.commit(s);
        } catch (RuntimeException e) {
            engine.countInvalid();
        } finally {
            s.unlock();
        }
    }

    // ---- events and service checks

    /**
     * Sends an event: {@code _e{<title bytes>,<text bytes>}:title|text|d:..|h:..|k:..|p:..|s:..|t:..|#tags}. Line
     * breaks in the title and text are escaped as {@code \n}; the lengths are the UTF-8 byte lengths after escaping,
     * so a {@code |} in the title or text cannot break the format. In the other fields, {@code |} and control
     * characters become {@code _}. An event without a title is dropped and counted as invalid.
     *
     * @param event the event
     */
    public void event(Event event) {
        if (event == null || event.title() == null || event.title().isEmpty() || event.text() == null) {
            engine.countInvalid();
            return;
        }
        engine.submit(w -> datadog.writeEvent(
                w,
                event.title(),
                event.text(),
                event.timestamp(),
                event.hostname(),
                event.aggregationKey(),
                event.priority() == null ? null : event.priority().wire(),
                event.sourceType(),
                event.alertType() == null ? null : event.alertType().wire(),
                event.tags().toArray(NO_TAGS)));
    }

    /**
     * Sends a service check: {@code _sc|name|status|d:..|h:..|#tags|m:message}, the message last as DogStatsD
     * requires. In the name and host name, {@code |} and control characters become {@code _}; in the message, line
     * breaks are escaped as {@code \n} and {@code |} becomes {@code _}. A check without a name or status is dropped
     * and counted as invalid.
     *
     * @param check the service check
     */
    public void serviceCheck(ServiceCheck check) {
        if (check == null || check.name() == null || check.name().isEmpty() || check.status() == null) {
            engine.countInvalid();
            return;
        }
        engine.submit(w -> datadog.writeServiceCheck(
                w,
                check.name(),
                check.status().code(),
                check.timestamp(),
                check.hostname(),
                check.tags().toArray(NO_TAGS),
                check.message()));
    }
}
