package io.github.statsd;

import static io.github.statsd.internal.ValueKind.DOUBLE_VALUE;
import static io.github.statsd.internal.ValueKind.LONG_VALUE;

import io.github.statsd.internal.DatadogLineEncoder;
import io.github.statsd.internal.Entries;
import io.github.statsd.internal.LineWriter;
import io.github.statsd.internal.MetricType;
import io.github.statsd.internal.ValueKind;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A DogStatsD client: everything {@link StatsdClient} does, always in the {@link Flavor#DATADOG} flavour, plus
 * histograms, distributions, {@linkplain #event(Event) events}, {@linkplain #serviceCheck(ServiceCheck) service checks}
 * and {@linkplain #countAt(String, long, Instant, String...) timestamped metrics}. With a configured
 * {@link StatsdConfig#containerId() container id}, every line carries {@code |c:<id>}.
 *
 * <p>Each event, service check or timestamped metric counts as one metric in {@link #stats()}. Events and service
 * checks are rare, so they are encoded with a few allocations; metrics are not.
 *
 * <pre>{@code
 * try (DogStatsdClient statsd = DogStatsdClient.create(StatsdConfig.builder().constantTags("env:prod").build())) {
 *     statsd.increment("orders.placed", "region:eu");   // orders.placed:1|c|#env:prod,region:eu
 *     statsd.distribution("checkout.time", 12.5);
 * }
 * }</pre>
 *
 * @see <a href="https://docs.datadoghq.com/developers/dogstatsd/datagram_shell/">DogStatsD datagram format</a>
 */
public final class DogStatsdClient extends StatsdClient {

    private static final String[] NO_TAGS = new String[0];

    private final DatadogLineEncoder datadog;
    /**
     * Write the entries this client adds, from the values each call passes along: made once, so calls allocate none.
     */
    private final Entries timestampedCount = (w, i, name, tags, number, value, seconds) ->
            writeTimestamped(w, (String) name, MetricType.COUNTER, LONG_VALUE, number, value, tags, seconds);

    private final Entries timestampedGauge = (w, i, name, tags, number, value, seconds) ->
            writeTimestamped(w, (String) name, MetricType.GAUGE, DOUBLE_VALUE, number, value, tags, seconds);
    private final Entries events = (w, i, event, tags, number, value, seconds) -> writeEvent(w, (Event) event);
    private final Entries serviceChecks =
            (w, i, check, tags, number, value, seconds) -> writeServiceCheck(w, (ServiceCheck) check);

    private DogStatsdClient(StatsdConfig config, Consumer<String> lineSink, boolean noop) {
        super(datadog(config), lineSink, noop);
        this.datadog = (DatadogLineEncoder) encoder;
    }

    private static StatsdConfig datadog(StatsdConfig config) {
        return config.flavor() == Flavor.DATADOG
                ? config
                : config.toBuilder().flavor(Flavor.DATADOG).build();
    }

    /**
     * Creates a DogStatsD client with the default configuration: UDP to {@code localhost:8125}.
     *
     * @return the client; close it to drain and release its threads and sockets
     */
    public static DogStatsdClient create() {
        return create(StatsdConfig.builder().build());
    }

    /**
     * Creates a DogStatsD client. The configured flavour is replaced by {@link Flavor#DATADOG}.
     *
     * @param config the configuration
     * @return the client; close it to drain and release its threads and sockets
     */
    public static DogStatsdClient create(StatsdConfig config) {
        return new DogStatsdClient(config, null, false);
    }

    /**
     * Creates a DogStatsD client that gives every line to a sink instead of a server, as
     * {@link StatsdClient#create(StatsdConfig, Consumer)} does. The configured flavour is replaced by
     * {@link Flavor#DATADOG}.
     *
     * @param config the configuration
     * @param lineSink gets each line, on a sender thread
     * @return the client; close it to release its threads
     */
    public static DogStatsdClient create(StatsdConfig config, Consumer<String> lineSink) {
        return new DogStatsdClient(config, Objects.requireNonNull(lineSink, "lineSink"), false);
    }

    /**
     * Returns a DogStatsD client that sends nothing, as {@link StatsdClient#noop()} does: no thread, no socket, stats
     * that always read zero.
     *
     * <pre>{@code
     * PaymentService service = new PaymentService(DogStatsdClient.noop());
     * }</pre>
     *
     * @return a new no-op client
     */
    public static DogStatsdClient noop() {
        return new DogStatsdClient(StatsdConfig.builder().build(), null, true);
    }

    /**
     * Starts a batch that also takes histograms and distributions.
     *
     * @return a new, empty batch (not thread-safe)
     */
    @Override
    public DogStatsdBatch batch() {
        return new DogStatsdBatch(gate);
    }

    /**
     * Records a value in a histogram (aggregated by the agent).
     *
     * @param name the metric name
     * @param value the value, finite
     * @param tags {@code key:value} tags
     */
    public void histogram(String name, double value, String... tags) {
        gate.metric(name, MetricType.HISTOGRAM, DOUBLE_VALUE, 0, value, null, gate.defaultRate(), tags);
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
        gate.metric(name, MetricType.HISTOGRAM, DOUBLE_VALUE, 0, value, null, sampleRate, tags);
    }

    /**
     * Records a value in a distribution (aggregated server-side, across hosts).
     *
     * @param name the metric name
     * @param value the value, finite
     * @param tags {@code key:value} tags
     */
    public void distribution(String name, double value, String... tags) {
        gate.metric(name, MetricType.DISTRIBUTION, DOUBLE_VALUE, 0, value, null, gate.defaultRate(), tags);
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
        gate.metric(name, MetricType.DISTRIBUTION, DOUBLE_VALUE, 0, value, null, sampleRate, tags);
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
        timestamped(timestampedCount, name, MetricType.COUNTER, LONG_VALUE, delta, 0, timestamp, tags);
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
        timestamped(timestampedGauge, name, MetricType.GAUGE, DOUBLE_VALUE, 0, value, timestamp, tags);
    }

    private void timestamped(
            Entries writer,
            String name,
            MetricType type,
            ValueKind kind,
            long longValue,
            double doubleValue,
            Instant timestamp,
            String[] tags) {
        if (timestamp == null || timestamp.getEpochSecond() <= 0) {
            gate.invalid();
            return;
        }
        if (!gate.accept(name, type, kind, longValue, doubleValue, 1.0)) {
            return;
        }
        engine.offer(writer, 1, name, tags, longValue, doubleValue, timestamp.getEpochSecond());
    }

    private void writeTimestamped(
            LineWriter w,
            String name,
            MetricType type,
            ValueKind kind,
            long longValue,
            double doubleValue,
            String[] tags,
            long seconds) {
        String[] t = tags == null ? NO_TAGS : tags;
        datadog.writeHead(w, name, t);
        if (kind == LONG_VALUE) {
            w.writeLong(longValue);
        } else {
            w.writeDouble(doubleValue);
        }
        datadog.writeTimestampedTail(w, type, t, seconds);
    }

    // ---- events and service checks

    /**
     * Sends an event: {@code _e{<title bytes>,<text bytes>}:title|text|d:..|h:..|k:..|p:..|s:..|t:..|#tags}. Line
     * breaks in the title and text are escaped as {@code \n}; the lengths are the UTF-8 byte lengths after escaping, so
     * a {@code |} in the title or text cannot break the format. In the other fields, {@code |} and control characters
     * become {@code _}. An event without a title is dropped and counted as invalid.
     *
     * @param event the event
     */
    public void event(Event event) {
        if (event == null || event.title() == null || event.title().isEmpty() || event.text() == null) {
            gate.invalid();
            return;
        }
        engine.offer(events, 1, event, null, 0, 0, 0);
    }

    private void writeEvent(LineWriter w, Event event) {
        datadog.writeEvent(
                w,
                event.title(),
                event.text(),
                event.timestamp(),
                event.hostname(),
                event.aggregationKey(),
                event.priority() == null ? null : event.priority().wire(),
                event.sourceType(),
                event.alertType() == null ? null : event.alertType().wire(),
                event.tags().toArray(NO_TAGS));
    }

    /**
     * Sends a service check: {@code _sc|name|status|d:..|h:..|#tags|m:message}, the message last as DogStatsD requires.
     * In the name and host name, {@code |} and control characters become {@code _}; in the message, line breaks are
     * escaped as {@code \n} and {@code |} becomes {@code _}. A check without a name or status is dropped and counted as
     * invalid.
     *
     * @param check the service check
     */
    public void serviceCheck(ServiceCheck check) {
        if (check == null || check.name() == null || check.name().isEmpty() || check.status() == null) {
            gate.invalid();
            return;
        }
        engine.offer(serviceChecks, 1, check, null, 0, 0, 0);
    }

    private void writeServiceCheck(LineWriter w, ServiceCheck check) {
        datadog.writeServiceCheck(
                w,
                check.name(),
                check.status().code(),
                check.timestamp(),
                check.hostname(),
                check.tags().toArray(NO_TAGS),
                check.message());
    }
}
