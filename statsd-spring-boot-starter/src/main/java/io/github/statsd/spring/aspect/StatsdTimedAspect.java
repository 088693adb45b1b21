package io.github.statsd.spring.aspect;

import io.github.statsd.DogStatsdClient;
import io.github.statsd.StatsdClient;
import io.github.statsd.annotation.StatsdTimed;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.aspectj.lang.ProceedingJoinPoint;
import org.aspectj.lang.annotation.Around;
import org.aspectj.lang.annotation.Aspect;
import org.aspectj.lang.reflect.MethodSignature;
import org.springframework.aop.support.AopUtils;
import org.springframework.core.MethodClassKey;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;

/**
 * Times methods annotated with {@link StatsdTimed}, or every method of a class annotated with it (a method's own
 * annotation wins), also through a composed annotation that is meta-annotated with {@link StatsdTimed} (up to two
 * levels). The annotation is looked up on the method of the target class, so a bean proxied through its interface (JDK
 * proxy) is timed as a class-proxied one is. The time is recorded in a {@code finally} block with the tags
 * {@code class}, {@code method} and {@code exception}; for a {@link CompletionStage} result, when the stage completes.
 * Recording never throws into the timed code.
 */
@Aspect
public final class StatsdTimedAspect {

    private static final Log logger = LogFactory.getLog(StatsdTimedAspect.class);

    private static final String MICROMETER_TIMED = "io.micrometer.core.annotation.Timed";

    /** Cached for a method that turns out to carry no annotation, so the look-up is not repeated. */
    private static final Timed NOT_TIMED = new Timed(null, null, Kind.TIMER, StatsdTimed.CLIENT_SAMPLE_RATE);

    private final StatsdClient client;

    /** Micrometer's {@code @Timed}, for methods left to Micrometer's aspect; null when none are. */
    private final Class<? extends Annotation> leftToMicrometer;

    /** What each method of each target class records: annotation look-ups are reflective, so done once. */
    private final Map<MethodClassKey, Timed> cache = new ConcurrentHashMap<>();

    /**
     * Creates the aspect.
     *
     * @param client the client to record with
     */
    public StatsdTimedAspect(StatsdClient client) {
        this(client, false);
    }

    /**
     * Creates the aspect, which may leave to Micrometer's {@code TimedAspect} the methods that Micrometer's
     * {@code @Timed} also times (on the method or its class): when Micrometer's meters go to StatsD too, such a method
     * is then timed once, by Micrometer, rather than twice under the same default name.
     *
     * @param client the client to record with
     * @param leaveMicrometerTimed whether methods that carry Micrometer's {@code @Timed} are not timed here; ignored
     *     when Micrometer is not on the classpath
     */
    public StatsdTimedAspect(StatsdClient client, boolean leaveMicrometerTimed) {
        this.client = client;
        this.leftToMicrometer = leaveMicrometerTimed ? micrometerTimed() : null;
    }

    @SuppressWarnings("unchecked") // Timed is an annotation type
    private static Class<? extends Annotation> micrometerTimed() {
        ClassLoader loader = StatsdTimedAspect.class.getClassLoader();
        if (!ClassUtils.isPresent(MICROMETER_TIMED, loader)) {
            return null;
        }
        return (Class<? extends Annotation>) ClassUtils.resolveClassName(MICROMETER_TIMED, loader);
    }

    /**
     * Times a method annotated, directly or through a composed annotation, or a method of a class annotated so. The
     * patterns {@code @(@StatsdTimed *)} and {@code @(@(@StatsdTimed *) *)} match annotations meta-annotated with
     * {@code @StatsdTimed}, up to two levels: the pointcut stays an annotation match, so only beans that carry the
     * annotation are proxied. Spring AOP matches it against the target class's method, also for a JDK proxy.
     *
     * @param pjp the join point
     * @return what the method returned
     * @throws Throwable what the method threw
     */
    @Around("execution(* *(..)) && (@annotation(io.github.statsd.annotation.StatsdTimed)"
            + " || execution(@(@io.github.statsd.annotation.StatsdTimed *) * *(..))"
            + " || execution(@(@(@io.github.statsd.annotation.StatsdTimed *) *) * *(..))"
            + " || @within(io.github.statsd.annotation.StatsdTimed)"
            + " || within(@(@io.github.statsd.annotation.StatsdTimed *) *)"
            + " || within(@(@(@io.github.statsd.annotation.StatsdTimed *) *) *))")
    public Object time(ProceedingJoinPoint pjp) throws Throwable {
        Method method = ((MethodSignature) pjp.getSignature()).getMethod();
        Object target = pjp.getTarget();
        Class<?> targetClass = target != null ? AopUtils.getTargetClass(target) : method.getDeclaringClass();
        Timed timed = timed(method, targetClass);
        if (timed == NOT_TIMED) {
            return pjp.proceed();
        }
        long start = System.nanoTime();
        boolean async = CompletionStage.class.isAssignableFrom(method.getReturnType());
        Object result = null;
        Throwable error = null;
        try {
            result = pjp.proceed();
            return result;
        } catch (Throwable t) {
            error = t;
            throw t;
        } finally {
            if (async && error == null && result instanceof CompletionStage<?> stage) {
                try {
                    stage.whenComplete((value, ex) -> record(timed, method, start, unwrap(ex)));
                } catch (RuntimeException ex) {
                    logger.debug("Could not time the completion of " + method, ex);
                }
            } else {
                record(timed, method, start, error);
            }
        }
    }

    private Timed timed(Method method, Class<?> targetClass) {
        MethodClassKey key = new MethodClassKey(method, targetClass);
        Timed timed = cache.get(key);
        if (timed == null) {
            timed = cache.computeIfAbsent(key, k -> resolve(method, targetClass));
        }
        return timed;
    }

    /**
     * The merged annotation of the target class's method, else of the target class (both searched through superclasses
     * and interfaces), so that composed annotations and their {@code @AliasFor} attributes count.
     */
    private Timed resolve(Method method, Class<?> targetClass) {
        try {
            Method specific = AopUtils.getMostSpecificMethod(method, targetClass);
            if (leftToMicrometer != null
                    && (AnnotatedElementUtils.hasAnnotation(specific, leftToMicrometer)
                            || AnnotatedElementUtils.hasAnnotation(targetClass, leftToMicrometer))) {
                return NOT_TIMED;
            }
            StatsdTimed annotation = AnnotatedElementUtils.findMergedAnnotation(specific, StatsdTimed.class);
            if (annotation == null) {
                annotation = AnnotatedElementUtils.findMergedAnnotation(targetClass, StatsdTimed.class);
            }
            if (annotation == null) {
                return NOT_TIMED;
            }
            String[] extra = annotation.tags();
            String[] tags = new String[extra.length + 3];
            tags[0] = "class:" + userClassName(targetClass);
            tags[1] = "method:" + method.getName();
            System.arraycopy(extra, 0, tags, 3, extra.length);
            return new Timed(annotation.value(), tags, kind(annotation), rate(annotation, specific));
        } catch (RuntimeException ex) {
            // a malformed composed annotation: time nothing rather than fail the call
            logger.warn("Could not read @StatsdTimed of " + method + " on " + targetClass.getName(), ex);
            return NOT_TIMED;
        }
    }

    private static Kind kind(StatsdTimed annotation) {
        if (annotation.histogram()) {
            return annotation.distribution() ? Kind.INVALID : Kind.HISTOGRAM;
        }
        return annotation.distribution() ? Kind.DISTRIBUTION : Kind.TIMER;
    }

    /**
     * The annotation's rate: an out-of-range one is kept, so that the client drops and counts each call as it does for
     * any call with such a rate, and logged once here, where the method can be named.
     */
    private static double rate(StatsdTimed annotation, Method method) {
        if (annotation.histogram() && annotation.distribution()) {
            logger.warn("@StatsdTimed on " + method + " asks for both a histogram and a distribution: its calls are"
                    + " dropped and counted as invalid; set only one");
            return Double.NaN;
        }
        double rate = annotation.sampleRate();
        if (rate == StatsdTimed.CLIENT_SAMPLE_RATE) {
            return rate;
        }
        if (!(rate > 0.0 && rate <= 1.0)) {
            logger.warn("@StatsdTimed on " + method + " has sampleRate " + rate + ", not in (0, 1]: its calls are"
                    + " dropped and counted as invalid");
        }
        return rate;
    }

    private static Throwable unwrap(Throwable ex) {
        return (ex instanceof CompletionException && ex.getCause() != null) ? ex.getCause() : ex;
    }

    private void record(Timed timed, Method method, long start, Throwable error) {
        try {
            long nanos = System.nanoTime() - start;
            // a fresh array per call: the client may keep it until a sender thread encodes the line
            String[] tags = timed.tags.clone();
            tags[2] = "exception:" + (error == null ? "none" : exceptionName(error));
            boolean clientRate = timed.rate == StatsdTimed.CLIENT_SAMPLE_RATE;
            if (client instanceof DogStatsdClient dog
                    && (timed.kind == Kind.HISTOGRAM || timed.kind == Kind.DISTRIBUTION)) {
                double millis = nanos / 1_000_000d;
                if (timed.kind == Kind.HISTOGRAM) {
                    if (clientRate) {
                        dog.histogram(timed.name, millis, tags);
                    } else {
                        dog.histogram(timed.name, millis, timed.rate, tags);
                    }
                } else if (clientRate) {
                    dog.distribution(timed.name, millis, tags);
                } else {
                    dog.distribution(timed.name, millis, timed.rate, tags);
                }
            } else if (clientRate) {
                client.timing(timed.name, Duration.ofNanos(nanos), tags);
            } else {
                client.timing(timed.name, Duration.ofNanos(nanos), timed.rate, tags);
            }
        } catch (RuntimeException ex) {
            logger.debug("Could not record the timing of " + method, ex);
        }
    }

    /** The simple class name; for an anonymous class, which has none, the class name (as the request filter). */
    private static String exceptionName(Throwable error) {
        String name = error.getClass().getSimpleName();
        return name.isEmpty() ? error.getClass().getName() : name;
    }

    private static String userClassName(Class<?> type) {
        Class<?> c = type;
        while (c.getName().contains("$$") && c.getSuperclass() != null) {
            c = c.getSuperclass(); // a CGLIB proxy: name the user's class
        }
        return c.getSimpleName().isEmpty() ? c.getName() : c.getSimpleName();
    }

    /** What a timed method sends. */
    private enum Kind {
        TIMER,
        HISTOGRAM,
        DISTRIBUTION,
        /** Both a histogram and a distribution asked for: sent as a timer with an invalid rate, so counted. */
        INVALID
    }

    /**
     * A timed method's metric: its name, its tags with the {@code exception} slot (index 2) left to fill, what it
     * sends, and its rate ({@link StatsdTimed#CLIENT_SAMPLE_RATE} for the client's).
     */
    private record Timed(String name, String[] tags, Kind kind, double rate) {}
}
