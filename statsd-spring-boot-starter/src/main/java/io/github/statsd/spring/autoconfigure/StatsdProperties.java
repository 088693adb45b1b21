package io.github.statsd.spring.autoconfigure;

import io.github.statsd.Flavor;
import io.github.statsd.Protocol;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.DeprecatedConfigurationProperty;
import org.springframework.util.unit.DataSize;

/**
 * Configuration of the StatsD client, bound from the {@code statsd.*} properties. Defaults are those of
 * {@link io.github.statsd.StatsdConfig}.
 */
@ConfigurationProperties(prefix = "statsd")
public class StatsdProperties {

    /** Whether the StatsD client and everything built on it are enabled. */
    private boolean enabled = true;

    /**
     * Host name or address of the StatsD server. "unix:///path" (or "unixgram:///path") is a Unix domain datagram
     * socket, such as the Datadog Agent's dogstatsd_socket; "unixstream:///path" a Unix domain stream socket. When not
     * set, localhost, or with the datadog flavour the Agent's address from the DD_DOGSTATSD_URL or DD_AGENT_HOST
     * environment variable.
     */
    private String host;

    /**
     * Port of the StatsD server. When not set, 8125, or with the datadog flavour the port from the DD_DOGSTATSD_URL or
     * DD_DOGSTATSD_PORT environment variable.
     */
    private Integer port;

    /**
     * Transport used to send metrics to the server: udp, tcp, uds (a Unix domain stream socket; with a "unix://" host
     * it keeps the stream socket) or uds-datagram (a Unix domain datagram socket, which a "unix://" host selects by
     * itself). Unix datagram sockets need Java 22 or later, or com.github.jnr:jnr-unixsocket on the classpath.
     */
    private Protocol protocol = Protocol.UDP;

    /** Dialect written on the wire: plain StatsD, DogStatsD or Telegraf. */
    private Flavor flavor = Flavor.ETSY;

    /** Prefix put before every metric name, joined with a dot. */
    private String prefix;

    /** Tags sent with every metric, as key-value pairs. */
    private Map<String, String> tags = new LinkedHashMap<>();

    /** Sample rate used when a call gives none, greater than 0 and at most 1. */
    private double sampleRate = 1.0;

    /**
     * Largest packet written to the server. When not set, 1432 bytes for UDP and 8KB for TCP and Unix domain sockets.
     */
    private DataSize maxPacketSize;

    /** Number of full packets that may wait for the sender before new metrics are dropped and counted. */
    private int queueCapacity = 1024;

    /** Longest time a part-filled packet waits before it is sent. */
    private Duration flushInterval = Duration.ofMillis(100);

    /** Timeout for connecting to the server over TCP or a Unix domain socket. */
    private Duration connectTimeout = Duration.ofSeconds(5);

    /** Timeout for writing one packet over TCP or a Unix domain socket; zero for none. */
    private Duration sendTimeout = Duration.ZERO;

    /** Longest time queued metrics are still sent when the application shuts down. */
    private Duration closeTimeout = Duration.ofSeconds(5);

    /**
     * How often a UDP client resolves the host name again, moving to the new address when it changed; zero for never.
     * TCP and Unix domain sockets resolve at every reconnect.
     */
    private Duration dnsRefreshInterval = Duration.ofSeconds(30);

    /**
     * Container id sent with every DogStatsD metric, event and service check as "|c:<id>", for the Datadog Agent to add
     * the container's tags; only the datadog flavour writes it.
     */
    private String containerId;

    /** Whether every line sent is logged at DEBUG level. */
    private boolean debug;

    /** Number of sender threads, each with its own connection. */
    private int senderThreads = 1;

    private final Pool pool = new Pool();

    private final Aggregation aggregation = new Aggregation();

    private final Graphite graphite = new Graphite();

    private final Web web = new Web();

    private final Aspect aspect = new Aspect();

    private final Micrometer micrometer = new Micrometer();

    /** @return whether the client is enabled */
    public boolean isEnabled() {
        return this.enabled;
    }

    /** @param enabled whether the client is enabled */
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /** @return the server host, or {@code null} when not set */
    public String getHost() {
        return this.host;
    }

    /**
     * @param host the server host, or {@code unix:///path}, {@code unixgram:///path} or {@code unixstream:///path} for
     *     a Unix domain socket
     */
    public void setHost(String host) {
        this.host = host;
    }

    /** @return the server port, or {@code null} when not set */
    public Integer getPort() {
        return this.port;
    }

    /** @param port the server port */
    public void setPort(Integer port) {
        this.port = port;
    }

    /** @return the transport protocol */
    public Protocol getProtocol() {
        return this.protocol;
    }

    /** @param protocol the transport protocol */
    public void setProtocol(Protocol protocol) {
        this.protocol = protocol;
    }

    /** @return the wire dialect */
    public Flavor getFlavor() {
        return this.flavor;
    }

    /** @param flavor the wire dialect */
    public void setFlavor(Flavor flavor) {
        this.flavor = flavor;
    }

    /** @return the metric name prefix, or {@code null} for none */
    public String getPrefix() {
        return this.prefix;
    }

    /** @param prefix the metric name prefix */
    public void setPrefix(String prefix) {
        this.prefix = prefix;
    }

    /** @return the constant tags */
    public Map<String, String> getTags() {
        return this.tags;
    }

    /** @param tags the constant tags */
    public void setTags(Map<String, String> tags) {
        this.tags = tags;
    }

    /** @return the default sample rate */
    public double getSampleRate() {
        return this.sampleRate;
    }

    /** @param sampleRate the default sample rate */
    public void setSampleRate(double sampleRate) {
        this.sampleRate = sampleRate;
    }

    /** @return the max packet size, or {@code null} for the protocol's default */
    public DataSize getMaxPacketSize() {
        return this.maxPacketSize;
    }

    /** @param maxPacketSize the max packet size, or {@code null} for the protocol's default */
    public void setMaxPacketSize(DataSize maxPacketSize) {
        this.maxPacketSize = maxPacketSize;
    }

    /** @return the queue capacity in packets */
    public int getQueueCapacity() {
        return this.queueCapacity;
    }

    /** @param queueCapacity the queue capacity in packets */
    public void setQueueCapacity(int queueCapacity) {
        this.queueCapacity = queueCapacity;
    }

    /** @return the flush interval */
    public Duration getFlushInterval() {
        return this.flushInterval;
    }

    /** @param flushInterval the flush interval */
    public void setFlushInterval(Duration flushInterval) {
        this.flushInterval = flushInterval;
    }

    /** @return the connect timeout */
    public Duration getConnectTimeout() {
        return this.connectTimeout;
    }

    /** @param connectTimeout the connect timeout */
    public void setConnectTimeout(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    /** @return the send timeout */
    public Duration getSendTimeout() {
        return this.sendTimeout;
    }

    /** @param sendTimeout the send timeout, zero for none */
    public void setSendTimeout(Duration sendTimeout) {
        this.sendTimeout = sendTimeout;
    }

    /** @return the close timeout */
    public Duration getCloseTimeout() {
        return this.closeTimeout;
    }

    /** @param closeTimeout the close timeout */
    public void setCloseTimeout(Duration closeTimeout) {
        this.closeTimeout = closeTimeout;
    }

    /** @return how often a UDP client resolves the host name again, zero for never */
    public Duration getDnsRefreshInterval() {
        return this.dnsRefreshInterval;
    }

    /** @param dnsRefreshInterval how often a UDP client resolves the host name again, zero for never */
    public void setDnsRefreshInterval(Duration dnsRefreshInterval) {
        this.dnsRefreshInterval = dnsRefreshInterval;
    }

    /** @return the container id sent on DogStatsD lines, or {@code null} for none */
    public String getContainerId() {
        return this.containerId;
    }

    /** @param containerId the container id sent on DogStatsD lines, or {@code null} for none */
    public void setContainerId(String containerId) {
        this.containerId = containerId;
    }

    /** @return whether lines are logged */
    public boolean isDebug() {
        return this.debug;
    }

    /** @param debug whether lines are logged */
    public void setDebug(boolean debug) {
        this.debug = debug;
    }

    /** @return the number of sender threads */
    public int getSenderThreads() {
        return this.senderThreads;
    }

    /** @param senderThreads the number of sender threads */
    public void setSenderThreads(int senderThreads) {
        this.senderThreads = senderThreads;
    }

    /** @return the former sender thread settings, replaced by {@code statsd.sender-threads} */
    public Pool getPool() {
        return this.pool;
    }

    /** @return the client-side aggregation settings */
    public Aggregation getAggregation() {
        return this.aggregation;
    }

    /** @return the Graphite client settings */
    public Graphite getGraphite() {
        return this.graphite;
    }

    /** @return the HTTP server request metrics settings */
    public Web getWeb() {
        return this.web;
    }

    /** @return the timing aspect settings */
    public Aspect getAspect() {
        return this.aspect;
    }

    /** @return the Micrometer registry settings */
    public Micrometer getMicrometer() {
        return this.micrometer;
    }

    /** Former sender thread settings, replaced by {@code statsd.sender-threads}. */
    public static class Pool {

        /** Number of sender threads, each with its own connection; when set, used instead of sender-threads. */
        private Integer maxSize;

        /**
         * Returns the number of sender threads set under the former name.
         *
         * @return the number of sender threads, or {@code null} when not set
         * @deprecated a fixed number of threads, not the bound of a pool: use
         *     {@link StatsdProperties#getSenderThreads()}
         */
        @Deprecated(since = "0.1.0")
        @DeprecatedConfigurationProperty(
                replacement = "statsd.sender-threads",
                reason = "A fixed number of threads, not the bound of a pool.")
        public Integer getMaxSize() {
            return this.maxSize;
        }

        /**
         * Sets the number of sender threads under the former name.
         *
         * @param maxSize the number of sender threads
         * @deprecated use {@link StatsdProperties#setSenderThreads(int)}
         */
        @Deprecated(since = "0.1.0")
        public void setMaxSize(Integer maxSize) {
            this.maxSize = maxSize;
        }
    }

    /** Client-side aggregation. */
    public static class Aggregation {

        /** Whether counters, gauges and sets are aggregated in the client and sent once per interval. */
        private boolean enabled;

        /** Window over which the client aggregates, when aggregation is enabled. */
        private Duration interval = Duration.ofSeconds(2);

        /** @return whether aggregation is enabled */
        public boolean isEnabled() {
            return this.enabled;
        }

        /** @param enabled whether aggregation is enabled */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /** @return the aggregation window */
        public Duration getInterval() {
            return this.interval;
        }

        /** @param interval the aggregation window */
        public void setInterval(Duration interval) {
            this.interval = interval;
        }
    }

    /** Graphite plaintext client. */
    public static class Graphite {

        /** Whether a Graphite client is created. */
        private boolean enabled;

        /** Host name or address of the Graphite (carbon) server. */
        private String host = "localhost";

        /** Port of the Graphite plaintext listener. */
        private int port = 2003;

        /** Transport used to send metrics to Graphite: carbon's plaintext listener over TCP, or its UDP listener. */
        private GraphiteProtocol protocol = GraphiteProtocol.TCP;

        /** Reporting interval, in whole seconds: every timestamp is aligned down to a multiple of it. */
        private Duration interval = Duration.ofSeconds(10);

        /** Prefix put before every Graphite metric path, joined with a dot. */
        private String prefix;

        /** @return whether the Graphite client is enabled */
        public boolean isEnabled() {
            return this.enabled;
        }

        /** @param enabled whether the Graphite client is enabled */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /** @return the Graphite host */
        public String getHost() {
            return this.host;
        }

        /** @param host the Graphite host */
        public void setHost(String host) {
            this.host = host;
        }

        /** @return the Graphite port */
        public int getPort() {
            return this.port;
        }

        /** @param port the Graphite port */
        public void setPort(int port) {
            this.port = port;
        }

        /** @return the Graphite transport */
        public GraphiteProtocol getProtocol() {
            return this.protocol;
        }

        /** @param protocol the Graphite transport */
        public void setProtocol(GraphiteProtocol protocol) {
            this.protocol = protocol;
        }

        /** @return the reporting interval timestamps are aligned to */
        public Duration getInterval() {
            return this.interval;
        }

        /** @param interval the reporting interval timestamps are aligned to */
        public void setInterval(Duration interval) {
            this.interval = interval;
        }

        /** @return the metric path prefix, or {@code null} for none */
        public String getPrefix() {
            return this.prefix;
        }

        /** @param prefix the metric path prefix */
        public void setPrefix(String prefix) {
            this.prefix = prefix;
        }
    }

    /**
     * The transports carbon listens on: the subset of {@link Protocol} that a {@link io.github.statsd.GraphiteConfig}
     * accepts (carbon has no Unix domain socket listener).
     */
    public enum GraphiteProtocol {

        /** Carbon's plaintext line receiver over TCP. */
        TCP(Protocol.TCP),

        /** Carbon's UDP line receiver. */
        UDP(Protocol.UDP);

        private final Protocol protocol;

        GraphiteProtocol(Protocol protocol) {
            this.protocol = protocol;
        }

        /** @return the core protocol this transport stands for */
        public Protocol toProtocol() {
            return this.protocol;
        }
    }

    /** Timing of HTTP server requests. */
    public static class Web {

        /** Whether every HTTP server request is timed. */
        private boolean enabled = true;

        /** Name of the HTTP server request timer. */
        private String metricName = "http.server.requests";

        /** Path patterns of requests that are not timed. */
        private List<String> exclude = new ArrayList<>();

        /** Largest number of distinct values of the uri tag; requests past it share one value. */
        private int maxUriTags = 100;

        /** @return whether requests are timed */
        public boolean isEnabled() {
            return this.enabled;
        }

        /** @param enabled whether requests are timed */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /** @return the timer name */
        public String getMetricName() {
            return this.metricName;
        }

        /** @param metricName the timer name */
        public void setMetricName(String metricName) {
            this.metricName = metricName;
        }

        /** @return the excluded path patterns */
        public List<String> getExclude() {
            return this.exclude;
        }

        /** @param exclude the excluded path patterns */
        public void setExclude(List<String> exclude) {
            this.exclude = exclude;
        }

        /** @return the cap on distinct uri tag values */
        public int getMaxUriTags() {
            return this.maxUriTags;
        }

        /** @param maxUriTags the cap on distinct uri tag values */
        public void setMaxUriTags(int maxUriTags) {
            this.maxUriTags = maxUriTags;
        }
    }

    /** Timing of annotated methods. */
    public static class Aspect {

        /** Whether methods annotated with @StatsdTimed are timed. */
        private boolean enabled = true;

        /** @return whether annotated methods are timed */
        public boolean isEnabled() {
            return this.enabled;
        }

        /** @param enabled whether annotated methods are timed */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }

    /** The Micrometer registry on the client, when the application has micrometer-core. */
    public static class Micrometer {

        /** Whether Micrometer's meters are sent through the client, by a registry on it. */
        private boolean enabled = true;

        /**
         * How often gauges, function counters and timers and long task timers are sent; also the window of timers' and
         * distribution summaries' max.
         */
        private Duration step = Duration.ofSeconds(10);

        /**
         * Whether distribution summaries are sent as DogStatsD distributions (|d) instead of histograms (|h). Applies
         * to the DATADOG flavour only.
         */
        private boolean distributions = false;

        /** @return whether the registry is enabled */
        public boolean isEnabled() {
            return this.enabled;
        }

        /** @param enabled whether the registry is enabled */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /** @return how often polled meters are sent */
        public Duration getStep() {
            return this.step;
        }

        /** @param step how often polled meters are sent */
        public void setStep(Duration step) {
            this.step = step;
        }

        /** @return whether distribution summaries are sent as distributions */
        public boolean isDistributions() {
            return this.distributions;
        }

        /** @param distributions whether distribution summaries are sent as distributions */
        public void setDistributions(boolean distributions) {
            this.distributions = distributions;
        }
    }
}
