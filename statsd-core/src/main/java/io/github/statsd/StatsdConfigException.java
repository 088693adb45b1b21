package io.github.statsd;

/** Thrown by {@link StatsdConfig.Builder#build()} when an option has a value the client cannot work with. */
public final class StatsdConfigException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String option;

    /**
     * Creates an exception for one option.
     *
     * @param option the name of the offending option, as in the builder method
     * @param message what is wrong with it
     */
    public StatsdConfigException(String option, String message) {
        super("Invalid statsd option '" + option + "': " + message);
        this.option = option;
    }

    /**
     * Returns the option that was rejected.
     *
     * @return the builder option name, for example {@code port}
     */
    public String option() {
        return option;
    }
}
