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
 * simple class name of what the method threw, or {@code none}) besides those given here. A method returning a
 * {@link java.util.concurrent.CompletionStage} is timed until the stage completes.
 *
 * <p>Spring AOP works through proxies: a call from one method of a bean to another method of the same bean
 * (self-invocation) is not timed.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface StatsdTimed {

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
     * The probability a call is sent, in (0, 1].
     *
     * @return the sample rate, 1 by default
     */
    double sampleRate() default 1.0;

    /**
     * Whether to send the time as a histogram (a distribution for DogStatsD-aware servers) rather than a timer. For
     * flavours without histograms it is sent as a timer.
     *
     * @return whether to send a histogram
     */
    boolean histogram() default false;
}
