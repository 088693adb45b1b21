package io.github.statsd;

import io.github.statsd.internal.Engine;
import io.github.statsd.internal.Entries;
import io.github.statsd.internal.GraphiteLineEncoder;
import io.github.statsd.internal.ThreadNames;
import java.time.Clock;
import java.time.Instant;

/**
 * A Graphite client for carbon's plaintext protocol: {@code path value timestamp}, one line per data point, over TCP
 * (default, port 2003) or UDP. Like {@link StatsdClient}, a call never blocks on I/O, never resolves a host name and
 * never throws: lines are packed into packets that a background sender writes, and what cannot be sent is counted in
 * {@link #stats()}.
 *
 * <p>Timestamps are Unix seconds aligned down to the configured {@link GraphiteConfig#interval() interval} (10 s by
 * default), so that clients reporting in the same interval write the same timestamp. Values are written in plain
 * decimal, never in exponent notation.
 *
 * <p>Tags make a <a href="https://graphite.readthedocs.io/en/latest/tags.html">tagged series</a>,
 * {@code path;key=value;key2=value2}. They are given as {@code "key:value"} (or {@code "key=value"}) strings; a tag
 * with an empty key or value is not valid in carbon, so such a call is dropped and counted as invalid.
 *
 * <p>Sanitizing: in the path (and prefix), whitespace, control characters and {@code ;} are written as {@code _}; in
 * tag keys and values, also {@code ~ ! ^ =}. Calls with a null or empty path, a NaN or infinite value or a negative
 * timestamp are dropped and counted in {@link StatsdStats#droppedInvalid()}.
 *
 * <pre>{@code
 * try (GraphiteClient graphite = GraphiteClient.create(GraphiteConfig.builder().host("carbon").prefix("shop").build())) {
 *     graphite.send("orders.placed", 42, "region:eu");   // shop.orders.placed;region=eu 42 1700000000
 * }
 * }</pre>
 */
public final class GraphiteClient implements AutoCloseable {

    private final GraphiteConfig config;
    private final Engine engine;
    private final Clock clock;
    private final long intervalSeconds;
    private final GraphiteLineEncoder encoder;
    /** Writes a data point from the values each call passes along: made once, so calls allocate none. */
    private final Entries points;

    private GraphiteClient(GraphiteConfig config) {
        this.config = config;
        this.clock = config.clock();
        this.intervalSeconds = config.interval().getSeconds();
        this.encoder = new GraphiteLineEncoder(config.prefix());
        this.points =
                (w, i, path, tags, number, value, seconds) -> encoder.writeLine(w, (String) path, tags, value, seconds);
        this.engine = new Engine(EngineSettingsFactory.of(config.engineConfig(), ThreadNames.next("graphite")), null);
    }

    /**
     * Creates a client and starts its sender thread.
     *
     * @param config the configuration
     * @return the client; close it to drain and release its thread and socket
     */
    public static GraphiteClient create(GraphiteConfig config) {
        return new GraphiteClient(config);
    }

    /** @return the configuration this client was created with */
    public GraphiteConfig config() {
        return config;
    }

    /**
     * Sends a data point stamped with the current time, aligned down to the interval.
     *
     * @param path the metric path, such as {@code servers.web1.cpu}
     * @param value the value, finite
     * @param tags {@code key:value} tags, making a tagged series
     */
    public void send(String path, double value, String... tags) {
        record(path, value, Math.floorDiv(clock.millis(), 1000L), tags);
    }

    /**
     * Sends a data point with a given timestamp, aligned down to the interval like every timestamp.
     *
     * @param path the metric path
     * @param value the value, finite
     * @param epochSeconds the time of the value, in Unix seconds, not negative
     * @param tags {@code key:value} tags, making a tagged series
     */
    public void send(String path, double value, long epochSeconds, String... tags) {
        record(path, value, epochSeconds, tags);
    }

    /**
     * Sends a data point with a given time, in whole seconds aligned down to the interval like every timestamp.
     *
     * <pre>{@code
     * graphite.send("batch.rows", rows, job.finishedAt());
     * }</pre>
     *
     * @param path the metric path
     * @param value the value, finite
     * @param timestamp the time of the value, not before the epoch; {@code null} drops the call, counted as invalid
     * @param tags {@code key:value} tags, making a tagged series
     */
    public void send(String path, double value, Instant timestamp, String... tags) {
        record(path, value, timestamp == null ? -1 : timestamp.getEpochSecond(), tags);
    }

    /**
     * Returns the counts of sent and dropped data points.
     *
     * @return a snapshot
     */
    public StatsdStats stats() {
        return StatsdStats.of(engine.stats());
    }

    /**
     * Returns the state of the sender threads: whether they are alive and connected, and whether one ended on an
     * unexpected error (see {@link SenderStatus}). For health checks.
     *
     * @return a snapshot
     */
    public SenderStatus senderStatus() {
        return SenderStatus.of(engine.senderState());
    }

    /**
     * Stops accepting data points, sends what is queued (for at most the close timeout), counts what could not be sent,
     * and releases the client's thread and socket. Idempotent.
     */
    @Override
    public void close() {
        engine.close();
    }

    private void record(String path, double value, long epochSeconds, String[] tags) {
        if (path == null
                || path.isEmpty()
                || !Double.isFinite(value)
                || epochSeconds < 0
                || !GraphiteLineEncoder.validTags(tags)) {
            engine.countInvalid();
            return;
        }
        long timestamp = epochSeconds - Math.floorMod(epochSeconds, intervalSeconds);
        engine.offer(points, 1, path, tags, 0, value, timestamp);
    }
}
