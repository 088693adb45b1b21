package io.github.statsd.test;

import io.github.statsd.DogStatsdClient;
import io.github.statsd.Flavor;
import io.github.statsd.StatsdClient;
import io.github.statsd.StatsdConfig;
import io.github.statsd.StatsdStats;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A real client whose lines stay in memory, for tests: the lines are made by the same encoders and the same engine as
 * on the network (prefix, constant tags, sanitizing, flavour, sampling, aggregation, counted drops), and given to this
 * object instead of a socket. Reading ({@link #lines()}, {@link #find}, {@link #stats()}) first flushes the client and
 * waits until its sender has delivered everything given before, so a test reads right after the code under test
 * returns, with no waiting of its own.
 *
 * <pre>{@code
 * try (InMemoryStatsd statsd = InMemoryStatsd.create(StatsdConfig.builder().prefix("shop").build())) {
 *     new OrderService(statsd.client()).place(order);
 *
 *     assertEquals(List.of("shop.orders.placed:1|c"), statsd.lines());
 *     assertEquals(1, statsd.single("orders.placed").longValue());
 * }
 * }</pre>
 *
 * <p>The configuration's transport options (host, port, protocol) are not used; it always runs one sender thread, so
 * that the lines of one calling thread keep their order. Thread-safe.
 */
public final class InMemoryStatsd implements AutoCloseable {

    private final StatsdClient client;
    private final StatsdConfig config;
    private final List<String> lines = new ArrayList<>();

    private InMemoryStatsd(StatsdConfig config) {
        StatsdConfig one = config.senderThreads() == 1
                ? config
                : config.toBuilder().senderThreads(1).build();
        this.client = one.flavor() == Flavor.DATADOG
                ? DogStatsdClient.create(one, this::add)
                : StatsdClient.create(one, this::add);
        this.config = client.config();
    }

    /**
     * Creates an in-memory client with the default configuration: the ETSY flavour, no prefix.
     *
     * @return the client; close it to release its thread
     */
    public static InMemoryStatsd create() {
        return create(StatsdConfig.builder().build());
    }

    /**
     * Creates an in-memory client. With the {@link Flavor#DATADOG} flavour, {@link #client()} is a
     * {@link DogStatsdClient}.
     *
     * @param config the configuration, as the application would use it
     * @return the client; close it to release its thread
     */
    public static InMemoryStatsd create(StatsdConfig config) {
        return new InMemoryStatsd(Objects.requireNonNull(config, "config"));
    }

    /**
     * Creates an in-memory DogStatsD client with the default configuration.
     *
     * @return the client; close it to release its thread
     */
    public static InMemoryStatsd dogStatsd() {
        return create(StatsdConfig.builder().flavor(Flavor.DATADOG).build());
    }

    private synchronized void add(String line) {
        lines.add(line);
    }

    /**
     * Returns the client to hand to the code under test.
     *
     * @return the client
     */
    public StatsdClient client() {
        return client;
    }

    /**
     * Returns the client as a DogStatsD client.
     *
     * @return the client
     * @throws IllegalStateException when the flavour is not {@link Flavor#DATADOG}
     */
    public DogStatsdClient dogStatsdClient() {
        if (client instanceof DogStatsdClient dog) {
            return dog;
        }
        throw new IllegalStateException("the in-memory client has the " + config.flavor()
                + " flavour; create it with the DATADOG flavour for a DogStatsdClient");
    }

    /**
     * Returns every line sent so far, in the order sent (the order of the calls, for calls of one thread), after
     * flushing the client. Events and service checks are included.
     *
     * @return an unmodifiable copy
     */
    public List<String> lines() {
        flush();
        synchronized (this) {
            return List.copyOf(lines);
        }
    }

    /**
     * Returns every metric line sent so far, taken apart, after flushing the client. Events and service checks are left
     * out.
     *
     * @return the metric lines, in the order sent
     */
    public List<StatsdLine> metrics() {
        List<StatsdLine> metrics = new ArrayList<>();
        for (String line : lines()) {
            StatsdLine parsed = StatsdLine.parse(line, config.flavor());
            if (parsed != null) {
                metrics.add(parsed);
            }
        }
        return metrics;
    }

    /**
     * Returns the metric lines of a metric, after flushing the client. The name matches the name given to the client,
     * with or without the configured prefix. A line matches when it has every tag given, and maybe others (constant
     * tags, say); on the ETSY flavour, where tags are folded into the name, the name must be the metric name followed
     * by the constant tags and then the given tags, in order.
     *
     * @param name the metric name
     * @param tags {@code key:value} tags the lines must have
     * @return the matching lines, in the order sent
     */
    public List<StatsdLine> find(String name, String... tags) {
        List<StatsdLine> found = new ArrayList<>();
        for (StatsdLine line : metrics()) {
            if (matches(line, name, tags)) {
                found.add(line);
            }
        }
        return found;
    }

    /**
     * Returns the one metric line of a metric, after flushing the client; see {@link #find} for what matches.
     *
     * @param name the metric name
     * @param tags {@code key:value} tags the line must have
     * @return the line
     * @throws AssertionError when no line or more than one matches, listing the lines sent
     */
    public StatsdLine single(String name, String... tags) {
        List<StatsdLine> found = find(name, tags);
        if (found.size() != 1) {
            throw new AssertionError("expected one line of " + name + " with tags " + Arrays.toString(tags)
                    + " but found " + found.size() + "; lines sent: " + lines());
        }
        return found.get(0);
    }

    /**
     * Adds up the values of a metric's lines, as found by {@link #find}: the total of a counter, say. Values are added
     * as sent, not scaled by their sample rates.
     *
     * @param name the metric name
     * @param tags {@code key:value} tags the lines must have
     * @return the sum, 0 when no line matches
     */
    public double sum(String name, String... tags) {
        double sum = 0;
        for (StatsdLine line : find(name, tags)) {
            sum += line.doubleValue();
        }
        return sum;
    }

    /**
     * Returns the client's stats after flushing it: everything given before is counted as sent or dropped.
     *
     * @return a snapshot
     */
    public StatsdStats stats() {
        flush();
        return client.stats();
    }

    /** Forgets the lines sent so far, after flushing the client, so that later reads see only later lines. */
    public void clear() {
        flush();
        synchronized (this) {
            lines.clear();
        }
    }

    private void flush() {
        if (!client.isClosed() && !client.flush()) {
            throw new IllegalStateException(
                    "the in-memory client did not deliver its lines within " + config.closeTimeout());
        }
    }

    private boolean matches(StatsdLine line, String name, String[] tags) {
        String prefixed = config.prefix().isEmpty() ? name : config.prefix() + "." + name;
        if (config.flavor() == Flavor.ETSY) {
            StringBuilder folded = new StringBuilder();
            for (String tag : config.constantTags()) {
                fold(folded, tag);
            }
            for (String tag : tags) {
                fold(folded, tag);
            }
            return line.name().equals(name + folded) || line.name().equals(prefixed + folded);
        }
        return (line.name().equals(name) || line.name().equals(prefixed))
                && line.tags().containsAll(Arrays.asList(tags));
    }

    private static void fold(StringBuilder into, String tag) {
        int colon = tag.indexOf(':');
        into.append('.').append(colon < 0 ? tag : tag.substring(0, colon) + "." + tag.substring(colon + 1));
    }

    /** Closes the client: sends what is left to memory and ends its thread. The lines stay readable. */
    @Override
    public void close() {
        client.close();
    }
}
