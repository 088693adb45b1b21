package io.github.statsd.micrometer;

import io.github.statsd.DogStatsdClient;
import io.github.statsd.Flavor;
import io.github.statsd.StatsdClient;
import io.github.statsd.StatsdConfig;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Statistic;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.NamingConvention;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.distribution.pause.PauseDetector;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * A Micrometer {@link MeterRegistry} that sends through a statsd-java {@link StatsdClient}: every meter's lines take
 * the client's ordinary path (its prefix and constant tags, sanitizing, sampling, aggregation when on, and the drops
 * counted in {@link StatsdClient#stats()}).
 *
 * <p><b>Push meters</b> write one line per recording, on the recording thread, with their name and tags encoded once at
 * registration: a {@link Counter} writes {@code |c}, a {@link Timer} {@code |ms}, a {@link DistributionSummary}
 * {@code |h} with a {@link DogStatsdClient} ({@code |d} with {@link Builder#distributions(boolean)}), else {@code |ms}
 * (Etsy StatsD counts {@code |h} as a counter; Telegraf's StatsD input treats {@code |ms} and {@code |h} alike). The
 * client counts in whole numbers: a counter carries fractions of increments until they add up to one.
 *
 * <p><b>Polled meters</b> are read and sent at each {@linkplain Builder#step(Duration) step} (10 seconds by default) by
 * one daemon thread of the registry ({@code statsd-micrometer-poll-<n>}), never by a recording thread: a {@link Gauge}
 * (and {@code TimeGauge}, in milliseconds) writes {@code |g}; a {@link FunctionCounter} writes its increase since the
 * last step as {@code |c}; a {@link FunctionTimer} the increases of its count and of its total time as two {@code |c};
 * a {@link LongTaskTimer} its active tasks, total duration and longest duration as three {@code |g}. A gauge whose
 * object was garbage-collected is polled no more; a NaN or infinite value is not sent, and counted in
 * {@link #skippedValues()}.
 *
 * <p><b>Names and tags</b> follow the naming convention of Micrometer's StatsD registry for the client's flavour:
 * camelCase for {@link Flavor#ETSY}, dots for {@link Flavor#DATADOG}, snake_case for {@link Flavor#TELEGRAF}; change it
 * with {@code config().namingConvention(...)} before registering meters. Micrometer's tags become the client's
 * {@code key:value} tags (folded into the name on ETSY), with a {@code statistic} tag where Micrometer's StatsD
 * registry writes one, so that its users keep their metric names. Put tags common to every metric in the client's
 * constant tags: a meter tag equal to one of them is not written twice.
 *
 * <p><b>Closing</b> the registry publishes the polled meters one last time, then closes the client if the registry made
 * it ({@link #builder(StatsdConfig)}); a client given to the registry ({@link #builder(StatsdClient)}) belongs to the
 * caller, who closes it after the registry. Meters keep writing to such a client after the registry is closed.
 *
 * <pre>{@code
 * StatsdClientMeterRegistry registry = StatsdClientMeterRegistry.builder(
 *                 StatsdConfig.builder().host("statsd").flavor(Flavor.DATADOG).build())
 *         .build();
 * registry.counter("orders.placed", "region", "eu").increment();
 * }</pre>
 */
public final class StatsdClientMeterRegistry extends MeterRegistry {

    /** The default step: how often polled meters are published. */
    public static final Duration DEFAULT_STEP = Duration.ofSeconds(10);

    /** The longest {@link #close()} waits for the last poll: only a value function that hangs takes it. */
    public static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

    private final StatsdClient client;
    private final boolean ownsClient;
    private final DogStatsdClient dogStatsd;
    private final boolean distributions;
    private final Duration step;
    /** The client's constant tags, not repeated in a meter's tags. */
    private final Set<String> constantTags;

    private final Poller poller;

    /**
     * Makes a registry on a client the caller owns and closes (after the registry), with the default step and the
     * system clock.
     *
     * @param client the client
     */
    public StatsdClientMeterRegistry(StatsdClient client) {
        this(builder(client));
    }

    private StatsdClientMeterRegistry(Builder b) {
        super(b.clock);
        this.ownsClient = b.client == null;
        this.client = ownsClient ? createClient(b.clientConfig) : b.client;
        this.dogStatsd = client instanceof DogStatsdClient ? (DogStatsdClient) client : null;
        this.distributions = b.distributions;
        this.step = b.step;
        this.constantTags = new HashSet<>(client.config().constantTags());
        config().namingConvention(namingConvention(client.config().flavor()));
        this.poller = new Poller(client, step);
        config().onMeterRemoved(poller::remove);
    }

    private static StatsdClient createClient(StatsdConfig config) {
        return config.flavor() == Flavor.DATADOG ? DogStatsdClient.create(config) : StatsdClient.create(config);
    }

    /** The naming convention of Micrometer's StatsD registry for a flavour. */
    private static NamingConvention namingConvention(Flavor flavor) {
        switch (flavor) {
            case DATADOG:
                return NamingConvention.dot;
            case TELEGRAF:
                return NamingConvention.snakeCase;
            default:
                return NamingConvention.camelCase;
        }
    }

    /**
     * Starts a registry on a client the caller owns: closing the registry does not close the client.
     *
     * @param client the client; a {@link DogStatsdClient} for distribution summaries as {@code |h} or {@code |d}
     * @return a builder
     */
    public static Builder builder(StatsdClient client) {
        return new Builder(Objects.requireNonNull(client, "client"), null);
    }

    /**
     * Starts a registry that makes its own client from this configuration (a {@link DogStatsdClient} for the DATADOG
     * flavour) and closes it when the registry is closed.
     *
     * @param config the client's configuration
     * @return a builder
     */
    public static Builder builder(StatsdConfig config) {
        return new Builder(null, Objects.requireNonNull(config, "config"));
    }

    /** @return the client this registry sends through */
    public StatsdClient client() {
        return client;
    }

    /** @return how often polled meters are published */
    public Duration step() {
        return step;
    }

    /**
     * Returns how many polled values were not sent since the registry was made: NaN or infinite gauge values (a gauge
     * whose function has no value yet, or failed) and function meter values.
     *
     * @return the count
     */
    public long skippedValues() {
        return poller.skipped();
    }

    /**
     * Publishes the polled meters one last time (on the poll thread, waited for at most {@link #CLOSE_TIMEOUT}), then
     * closes the client if this registry made it, which sends what is queued. Idempotent.
     */
    @Override
    public void close() {
        if (isClosed()) {
            return;
        }
        poller.close(CLOSE_TIMEOUT);
        super.close();
        if (ownsClient) {
            client.close();
        }
    }

    /** @return how many meters are polled (for tests) */
    int polledMeters() {
        return poller.size();
    }

    // ---- meters

    @Override
    protected Counter newCounter(Meter.Id id) {
        return new ClientCounter(id, client.counter(name(id), tags(id, Statistic.COUNT)));
    }

    @Override
    protected Timer newTimer(
            Meter.Id id, DistributionStatisticConfig distributionStatisticConfig, PauseDetector pauseDetector) {
        return new ClientTimer(
                id,
                clock,
                distributionStatisticConfig,
                pauseDetector,
                getBaseTimeUnit(),
                client.timer(name(id), tags(id, null)));
    }

    @Override
    protected DistributionSummary newDistributionSummary(
            Meter.Id id, DistributionStatisticConfig distributionStatisticConfig, double scale) {
        if (dogStatsd == null) {
            return new ClientSummary(
                    id, clock, distributionStatisticConfig, scale, client.timer(name(id), tags(id, null)));
        }
        ClientSummary.Kind kind = distributions ? ClientSummary.Kind.DISTRIBUTION : ClientSummary.Kind.HISTOGRAM;
        return new ClientSummary(
                id, clock, distributionStatisticConfig, scale, kind, dogStatsd, name(id), tags(id, null));
    }

    @Override
    protected <T> Gauge newGauge(Meter.Id id, T obj, ToDoubleFunction<T> valueFunction) {
        return polled(new ClientGauge<>(id, obj, valueFunction, name(id), tags(id, Statistic.VALUE)));
    }

    @Override
    protected <T> FunctionCounter newFunctionCounter(Meter.Id id, T obj, ToDoubleFunction<T> countFunction) {
        return polled(new ClientFunctionCounter<>(id, obj, countFunction, name(id), tags(id, Statistic.COUNT)));
    }

    @Override
    protected <T> FunctionTimer newFunctionTimer(
            Meter.Id id,
            T obj,
            ToLongFunction<T> countFunction,
            ToDoubleFunction<T> totalTimeFunction,
            TimeUnit totalTimeFunctionUnit) {
        return polled(new ClientFunctionTimer<>(
                id,
                obj,
                countFunction,
                totalTimeFunction,
                totalTimeFunctionUnit,
                getBaseTimeUnit(),
                name(id),
                tags(id, Statistic.COUNT),
                tags(id, Statistic.TOTAL_TIME)));
    }

    @Override
    protected LongTaskTimer newLongTaskTimer(Meter.Id id, DistributionStatisticConfig distributionStatisticConfig) {
        return polled(new ClientLongTaskTimer(
                id,
                clock,
                distributionStatisticConfig,
                name(id),
                tags(id, Statistic.ACTIVE_TASKS),
                tags(id, Statistic.DURATION),
                tags(id, Statistic.MAX)));
    }

    @Override
    protected Meter newMeter(Meter.Id id, Meter.Type type, Iterable<Measurement> measurements) {
        return polled(new ClientCustomMeter(id, measurements, name(id), statistic -> tags(id, statistic)));
    }

    private <M extends Polled> M polled(M meter) {
        poller.add(meter);
        return meter;
    }

    @Override
    protected TimeUnit getBaseTimeUnit() {
        return TimeUnit.MILLISECONDS;
    }

    @Override
    protected DistributionStatisticConfig defaultHistogramConfig() {
        return DistributionStatisticConfig.builder().expiry(step).build().merge(DistributionStatisticConfig.DEFAULT);
    }

    // ---- names and tags, made once per meter

    private String name(Meter.Id id) {
        return id.getConventionName(config().namingConvention());
    }

    /**
     * The client's tags for a meter: its tags in the naming convention, with the statistic (when not null), less those
     * equal to a constant tag of the client. A colon in a key would end it early: it becomes an underscore.
     */
    private String[] tags(Meter.Id id, Statistic statistic) {
        Meter.Id withStatistic = statistic == null ? id : id.withTag(statistic);
        List<Tag> tags = withStatistic.getConventionTags(config().namingConvention());
        return tags.stream()
                .map(t -> t.getKey().replace(':', '_') + ':' + t.getValue())
                .filter(t -> !constantTags.contains(t))
                .toArray(String[]::new);
    }

    /**
     * Builds a {@link StatsdClientMeterRegistry}: {@link #builder(StatsdClient)} for a client the caller owns,
     * {@link #builder(StatsdConfig)} for one the registry makes and closes.
     */
    public static final class Builder {

        private final StatsdClient client;
        private final StatsdConfig clientConfig;
        private Duration step = DEFAULT_STEP;
        private boolean distributions;
        private Clock clock = Clock.SYSTEM;

        /** With a client the caller owns, or (when {@code null}) the configuration of one the registry makes. */
        private Builder(StatsdClient client, StatsdConfig clientConfig) {
            this.client = client;
            this.clientConfig = clientConfig;
        }

        /**
         * Sets how often polled meters (gauges, function counters and timers, long task timers) are published, and the
         * window of timers' and summaries' max. Default 10 seconds.
         *
         * @param step a positive duration
         * @return this builder
         * @throws IllegalArgumentException when the step is not positive
         */
        public Builder step(Duration step) {
            Objects.requireNonNull(step, "step");
            if (step.isNegative() || step.isZero()) {
                throw new IllegalArgumentException("step must be positive, was " + step);
            }
            this.step = step;
            return this;
        }

        /**
         * Sends distribution summaries as DogStatsD distributions ({@code |d}, aggregated across hosts) instead of
         * histograms ({@code |h}). Applies with a {@link DogStatsdClient} only. Default {@code false}.
         *
         * @param distributions whether to send distributions
         * @return this builder
         */
        public Builder distributions(boolean distributions) {
            this.distributions = distributions;
            return this;
        }

        /**
         * Sets the clock of the meters (for tests). Default {@link Clock#SYSTEM}.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Makes the registry, and its client when it owns one, and starts its poll thread.
         *
         * @return the registry; close it
         */
        public StatsdClientMeterRegistry build() {
            return new StatsdClientMeterRegistry(this);
        }
    }
}
