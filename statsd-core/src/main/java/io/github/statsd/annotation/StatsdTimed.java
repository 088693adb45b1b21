package io.github.statsd.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Times every call of the annotated method, or of every public method of the annotated class, when the Spring Boot
 * starter's aspect is active. The timer carries the tags {@code class}, {@code method} and {@code exception} (the
 * simple class name of what the method threw, its full class name for an anonymous class, or {@code none}) besides
 * those given here. A method returning a {@link java.util.concurrent.CompletionStage} is timed until the stage
 * completes.
 *
 * <p>It may also be used as a meta-annotation: a custom annotation annotated with {@code @StatsdTimed} (or with such an
 * annotation: up to two levels) times what it annotates with the same attributes, which it may override with Spring's
 * {@code @AliasFor}.
 *
 * <p>Spring AOP works through proxies: a call from one method of a bean to another method of the same bean
 * (self-invocation) is not timed. With interface-based (JDK) proxies the annotation is read from the implementation
 * class, as with class-based proxies.
 *
 * <pre>{@code
 * @StatsdTimed(value = "orders.lookup", tags = "source:db")
 * public Order find(long id) { ... }   // orders.lookup:3.2|ms|#class:OrderService,method:find,exception:none,source:db
 * }</pre>
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface StatsdTimed {

    /**
     * The value of {@link #sampleRate()} that means "the client's configured sample rate" ({@code statsd.sample-rate}
     * with the starter), the default. It is not a rate: any other value outside (0, 1] is invalid.
     */
    double CLIENT_SAMPLE_RATE = -1.0;

    /**
     * The metric name.
     *
     * @return the metric name, {@code method.timed} by default
     */
    String value() default "method.timed";

    /**
     * Extra tags, each {@code "key:value"}.
     *
     * @return the tags
     */
    String[] tags() default {};

    /**
     * The probability a call is sent, in (0, 1], or {@link #CLIENT_SAMPLE_RATE} (the default) for the client's
     * configured sample rate. As for any call of the client, a rate outside (0, 1] makes every call of the method
     * dropped and counted as invalid in the client's stats; the starter's aspect also logs a warning once.
     *
     * @return the sample rate, {@link #CLIENT_SAMPLE_RATE} by default
     */
    double sampleRate() default CLIENT_SAMPLE_RATE;

    /**
     * Whether to send the time, in milliseconds, as a DogStatsD histogram ({@code |h}: the Agent aggregates it on each
     * host into count, average, median, max and percentiles) rather than a timer. Only a {@code DogStatsdClient} (the
     * {@code DATADOG} flavour) sends histograms; with the {@code ETSY} and {@code TELEGRAF} flavours the time is sent
     * as a timer ({@code |ms}). Not together with {@link #distribution()}.
     *
     * @return whether to send a histogram
     */
    boolean histogram() default false;

    /**
     * Whether to send the time, in milliseconds, as a DogStatsD distribution ({@code |d}: aggregated by Datadog across
     * hosts, for global percentiles) rather than a timer. Only a {@code DogStatsdClient} (the {@code DATADOG} flavour)
     * sends distributions; with the {@code ETSY} and {@code TELEGRAF} flavours the time is sent as a timer
     * ({@code |ms}). Setting both this and {@link #histogram()} is a mistake: every call of the method is then dropped
     * and counted as invalid in the client's stats, and the starter's aspect logs a warning once.
     *
     * @return whether to send a distribution
     */
    boolean distribution() default false;
}
