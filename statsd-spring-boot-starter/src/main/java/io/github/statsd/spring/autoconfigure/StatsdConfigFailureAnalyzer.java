package io.github.statsd.spring.autoconfigure;

import io.github.statsd.StatsdConfigException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a {@link StatsdConfigException} thrown at startup into a message that names the {@code statsd.*} property to
 * fix rather than the builder option, for the StatsD client and for the Graphite client.
 */
final class StatsdConfigFailureAnalyzer extends AbstractFailureAnalyzer<StatsdConfigException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, StatsdConfigException cause) {
        String property = StatsdPropertiesConfigAdapter.propertyName(cause.option());
        String client =
                cause.option().startsWith(GraphitePropertiesConfigAdapter.OPTION_PREFIX) ? "Graphite" : "StatsD";
        String description = "The " + client + " client could not be configured: property '" + property + "' "
                + cause.reason() + ".";
        String action = "Update your application's configuration: give '" + property + "' a valid value.";
        return new FailureAnalysis(description, action, cause);
    }
}
