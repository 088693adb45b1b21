package io.github.statsd;

import io.github.statsd.internal.MetricType;

/**
 * A DogStatsD client: everything {@link StatsdClient} does, always in the {@link Flavor#DATADOG} flavour, plus
 * histograms and distributions.
 */
public final class DogStatsdClient extends StatsdClient {

    private DogStatsdClient(StatsdConfig config) {
        super(config);
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
}
