package io.github.statsd;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Datadog's environment conventions for the {@link Flavor#DATADOG} flavour: the Agent's address from
 * {@code DD_DOGSTATSD_URL}, {@code DD_AGENT_HOST} and {@code DD_DOGSTATSD_PORT} when the application set none, and the
 * unified service tags from {@code DD_ENV}, {@code DD_SERVICE} and {@code DD_VERSION} (plus {@code DD_ENTITY_ID})
 * unless it set those tag keys. What the application set always wins.
 */
final class DatadogEnvironment {

    static final String URL = "DD_DOGSTATSD_URL";
    static final String AGENT_HOST = "DD_AGENT_HOST";
    static final String PORT = "DD_DOGSTATSD_PORT";

    private static final String UDP_SCHEME = "udp://";
    private static final String[][] TAGS = {
        {"DD_ENV", "env"},
        {"DD_SERVICE", "service"},
        {"DD_VERSION", "version"},
        {"DD_ENTITY_ID", "dd.internal.entity_id"}
    };

    private DatadogEnvironment() {}

    /**
     * Returns the configuration with what the environment adds.
     *
     * @param config built from what the application set
     * @param env the variables
     * @param hostSet whether the application set the host or socket path
     * @param portSet whether the application set the port
     * @return {@code config} itself when the environment adds nothing
     */
    static StatsdConfig apply(StatsdConfig config, Function<String, String> env, boolean hostSet, boolean portSet) {
        String url = value(env, URL);
        String host = null;
        String hostSource = null;
        Integer port = null;
        String portSource = null;
        if (!hostSet) {
            if (url != null) {
                hostSource = URL;
                if (url.startsWith(UDP_SCHEME)) {
                    String hostPort = url.substring(UDP_SCHEME.length());
                    int colon = hostPort.lastIndexOf(':');
                    // an IPv6 literal is in brackets: [::1]:8125
                    if (colon > hostPort.lastIndexOf(']')) {
                        host = hostPort.substring(0, colon);
                        port = parsePort(URL, hostPort.substring(colon + 1), url);
                        portSource = URL;
                    } else {
                        host = hostPort;
                    }
                    if (host.startsWith("[") && host.endsWith("]")) {
                        host = host.substring(1, host.length() - 1);
                    }
                    if (host.isEmpty() || host.contains("/")) {
                        throw badUrl(url);
                    }
                } else if (StatsdConfig.isUnixAddress(url)) {
                    host = url;
                } else {
                    throw badUrl(url);
                }
            } else {
                host = value(env, AGENT_HOST);
                hostSource = AGENT_HOST;
            }
        }
        if (!portSet && port == null) {
            String text = value(env, PORT);
            if (text != null) {
                port = parsePort(PORT, text, text);
                portSource = PORT;
            }
        }
        List<String> tags = new ArrayList<>();
        for (String[] variable : TAGS) {
            String v = value(env, variable[0]);
            if (v != null && !hasTagKey(config.constantTags(), variable[1])) {
                tags.add(variable[1] + ":" + v);
            }
        }
        if (host == null && (portSet || port == null) && tags.isEmpty()) {
            return config;
        }
        StatsdConfig.Builder builder = config.toBuilder().environment(name -> null);
        if (host != null) {
            String h = host;
            set(hostSource, () -> builder.host(h));
        }
        if (port != null && !portSet) {
            int p = port;
            set(portSource, () -> builder.port(p));
        }
        builder.constantTags(tags);
        try {
            return builder.build();
        } catch (StatsdConfigException e) {
            // the address came from the environment: name the variable that gave it
            if (host != null && ("host".equals(e.option()) || "protocol".equals(e.option()))) {
                throw renamed(hostSource, e);
            }
            throw e;
        }
    }

    /**
     * Returns the socket path of a Unix {@code DD_DOGSTATSD_URL}.
     *
     * @param env the variables
     * @return the path, or {@code null} when the URL is not set or not a Unix address
     */
    static String unixPath(Function<String, String> env) {
        String url = value(env, URL);
        String path = (url == null) ? null : StatsdConfig.unixPath(url);
        return (path == null || path.isEmpty()) ? null : path;
    }

    private static boolean hasTagKey(List<String> tags, String key) {
        for (String tag : tags) {
            if (tag.equals(key) || (tag.startsWith(key) && tag.charAt(key.length()) == ':')) {
                return true;
            }
        }
        return false;
    }

    private static void set(String variable, Runnable setter) {
        try {
            setter.run();
        } catch (StatsdConfigException e) {
            throw renamed(variable, e);
        }
    }

    private static StatsdConfigException renamed(String variable, StatsdConfigException e) {
        StatsdConfigException named = new StatsdConfigException(variable, e.reason());
        named.initCause(e);
        return named;
    }

    private static int parsePort(String variable, String text, String value) {
        try {
            int port = Integer.parseInt(text.trim());
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below, with the value
        }
        throw new StatsdConfigException(variable, "must give a port between 1 and 65535, was '" + value + "'");
    }

    private static StatsdConfigException badUrl(String url) {
        return new StatsdConfigException(
                URL,
                "must be udp://host[:port], unix:///path, unixgram:///path or unixstream:///path, was '" + url + "'");
    }

    /** @return the variable's value, or {@code null} when it is unset or blank */
    private static String value(Function<String, String> env, String name) {
        String v = env.apply(name);
        return (v == null || v.isBlank()) ? null : v.trim();
    }
}
