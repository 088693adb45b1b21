package io.github.statsd;

/**
 * Told about every I/O error of the background sender (never called on the caller's thread). Metrics lost to the error
 * are counted in {@link StatsdStats} whether or not a handler is set.
 *
 * <pre>{@code
 * StatsdConfig config = StatsdConfig.builder()
 *         .errorHandler(e -> log.warn("statsd send failed: {}", e.toString()))
 *         .build();
 * }</pre>
 */
@FunctionalInterface
public interface ErrorHandler {

    /**
     * Called with an error the sender hit and recovered from.
     *
     * @param error what went wrong
     */
    void handle(Exception error);
}
