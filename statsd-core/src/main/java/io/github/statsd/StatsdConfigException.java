package io.github.statsd;

/**
 * Thrown by a configuration builder when an option has a value the client cannot work with: by the setter for a bad
 * value on its own, by {@code build()} for options that do not fit together.
 *
 * <pre>{@code
 * try {
 *     StatsdConfig.builder().port(70000);
 * } catch (StatsdConfigException e) {
 *     e.option();   // "port"
 * }
 * }</pre>
 */
public final class StatsdConfigException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** The builder option that was rejected. */
    private final String option;

    /** What is wrong with the option's value. */
    private final String reason;

    /**
     * Creates an exception for one option.
     *
     * @param option the name of the offending option, as in the builder method
     * @param reason what is wrong with it, for example {@code must be between 1 and 65535, was 0}
     */
    public StatsdConfigException(String option, String reason) {
        super("Invalid statsd option '" + option + "': " + reason);
        this.option = option;
        this.reason = reason;
    }

    /**
     * Returns the option that was rejected.
     *
     * @return the builder option name, for example {@code port}
     */
    public String option() {
        return option;
    }

    /**
     * Returns what is wrong with the option's value, without the option's name.
     *
     * @return the reason, for example {@code must be between 1 and 65535, was 0}
     */
    public String reason() {
        return reason;
    }
}
