package io.github.statsd.spring.aspect;

import io.github.statsd.DogStatsdClient;
import io.github.statsd.StatsdClient;
import io.github.statsd.annotation.StatsdTimed;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.aspectj.lang.ProceedingJoinPoint;
import org.aspectj.lang.annotation.Around;
import org.aspectj.lang.annotation.Aspect;
import org.aspectj.lang.reflect.MethodSignature;
import org.springframework.core.annotation.AnnotatedElementUtils;

/**
 * Times methods annotated with {@link StatsdTimed}, or every method of a class annotated with it (a method's own
 * annotation wins). The time is recorded in a {@code finally} block with the tags {@code class}, {@code method} and
 * {@code exception}; for a {@link CompletionStage} result, when the stage completes. Recording never throws into the
 * timed code.
 */
@Aspect
public final class StatsdTimedAspect {

    private static final Log logger = LogFactory.getLog(StatsdTimedAspect.class);

    private final StatsdClient client;

    /**
     * Creates the aspect.
     *
     * @param client the client to record with
     */
    public StatsdTimedAspect(StatsdClient client) {
        this.client = client;
    }

    /**
     * Times a method annotated directly.
     *
     * @param pjp the join point
     * @return what the method returned
     * @throws Throwable what the method threw
     */
    @Around("execution(* *(..)) && @annotation(io.github.statsd.annotation.StatsdTimed)")
    public Object timeMethod(ProceedingJoinPoint pjp) throws Throwable {
        return time(pjp);
    }

    /**
     * Times a method of an annotated class, unless the method is annotated itself.
     *
     * @param pjp the join point
     * @return what the method returned
     * @throws Throwable what the method threw
     */
    @Around("execution(* *(..)) && @within(io.github.statsd.annotation.StatsdTimed)"
            + " && !@annotation(io.github.statsd.annotation.StatsdTimed)")
    public Object timeClass(ProceedingJoinPoint pjp) throws Throwable {
        return time(pjp);
    }

    private Object time(ProceedingJoinPoint pjp) throws Throwable {
        Method method = ((MethodSignature) pjp.getSignature()).getMethod();
        StatsdTimed timed = findAnnotation(pjp, method);
        if (timed == null) {
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
                    stage.whenComplete((value, ex) -> record(timed, pjp, method, start, unwrap(ex)));
                } catch (RuntimeException ex) {
                    logger.debug("Could not time the completion of " + method, ex);
                }
            } else {
                record(timed, pjp, method, start, error);
            }
        }
    }

    private static StatsdTimed findAnnotation(ProceedingJoinPoint pjp, Method method) {
        StatsdTimed timed = AnnotatedElementUtils.findMergedAnnotation(method, StatsdTimed.class);
        if (timed == null) {
            Class<?> target = pjp.getTarget() != null ? pjp.getTarget().getClass() : method.getDeclaringClass();
            timed = AnnotatedElementUtils.findMergedAnnotation(target, StatsdTimed.class);
        }
        return timed;
    }

    private static Throwable unwrap(Throwable ex) {
        return (ex instanceof CompletionException && ex.getCause() != null) ? ex.getCause() : ex;
    }

    private void record(StatsdTimed timed, ProceedingJoinPoint pjp, Method method, long start, Throwable error) {
        try {
            long nanos = System.nanoTime() - start;
            String[] extra = timed.tags();
            String[] tags = new String[extra.length + 3];
            Class<?> type = pjp.getTarget() != null ? pjp.getTarget().getClass() : method.getDeclaringClass();
            tags[0] = "class:" + userClassName(type);
            tags[1] = "method:" + method.getName();
            tags[2] = "exception:" + (error == null ? "none" : error.getClass().getSimpleName());
            System.arraycopy(extra, 0, tags, 3, extra.length);
            if (timed.histogram() && client instanceof DogStatsdClient dog) {
                dog.histogram(timed.value(), nanos / 1_000_000d, timed.sampleRate(), tags);
            } else {
                client.timing(timed.value(), Duration.ofNanos(nanos), timed.sampleRate(), tags);
            }
        } catch (RuntimeException ex) {
            logger.debug("Could not record the timing of " + method, ex);
        }
    }

    private static String userClassName(Class<?> type) {
        Class<?> c = type;
        while (c.getName().contains("$$") && c.getSuperclass() != null) {
            c = c.getSuperclass(); // a CGLIB proxy: name the user's class
        }
        return c.getSimpleName().isEmpty() ? c.getName() : c.getSimpleName();
    }
}
