package io.github.statsd;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Immutable client configuration, built with {@link #builder()}. Every option is checked when {@link Builder#build()}
 * is called, which throws a {@link StatsdConfigException} naming the option; nothing is resolved or connected until
 * the client's sender thread starts.
 */
public final class StatsdConfig {

    /** Default server host. */
    public static final String DEFAULT_HOST = "localhost";

    /** Default StatsD port. */
    public static final int DEFAULT_PORT = 8125;

    /** Default number of full packets that may wait for the sender. */
    public static final int DEFAULT_QUEUE_CAPACITY = 1024;

    /** Default time a part-filled packet may wait before it is sent. */
    public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofMillis(100);

    /** Default connect timeout for stream transports. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

    /** Default send timeout: none. */
    public static final Duration DEFAULT_SEND_TIMEOUT = Duration.ZERO;

    /** Default time after which a UDP client resolves the host name again. */
    public static final Duration DEFAULT_DNS_REFRESH_INTERVAL = Duration.ofSeconds(30);

    /** Default time {@code close()} keeps draining the queue. */
    public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(5);

    /** Default window of client-side aggregation, when it is on. */
    public static final Duration DEFAULT_AGGREGATION_INTERVAL = Duration.ofSeconds(2);

    /** Smallest accepted max packet size. */
    public static final int MIN_PACKET_SIZE = 64;

    /** Largest UDP payload over IPv4. */
    public static final int MAX_UDP_PACKET_SIZE = 65507;

    /** Largest accepted max packet size for stream transports. */
    public static final int MAX_STREAM_PACKET_SIZE = 1 << 20;

    private final String host;
    private final int port;
    private final Protocol protocol;
    private final String socketPath;
    private final Flavor flavor;
    private final String prefix;
    private final List<String> constantTags;
    private final double sampleRate;
    private final int maxPacketSize;
    private final int queueCapacity;
    private final Duration flushInterval;
    private final Duration connectTimeout;
    private final Duration sendTimeout;
    private final Duration closeTimeout;
    private final Duration dnsRefreshInterval;
    private final int poolMaxSize;
    private final boolean debug;
    private final ErrorHandler errorHandler;
    private final String containerId;
    private final boolean aggregation;
    private final Duration aggregationInterval;

    private StatsdConfig(Builder b) {
        this.host = b.host;
        this.port = b.port;
        this.protocol = b.protocol;
        this.socketPath = b.socketPath;
        this.flavor = b.flavor;
        this.prefix = b.prefix;
        this.constantTags = Collections.unmodifiableList(new ArrayList<>(b.constantTags));
        this.sampleRate = b.sampleRate;
        this.maxPacketSize = (b.maxPacketSize == null) ? b.protocol.defaultMaxPacketSize() : b.maxPacketSize;
        this.queueCapacity = b.queueCapacity;
        this.flushInterval = b.flushInterval;
        this.connectTimeout = b.connectTimeout;
        this.sendTimeout = b.sendTimeout;
        this.closeTimeout = b.closeTimeout;
        this.dnsRefreshInterval = b.dnsRefreshInterval;
        this.poolMaxSize = b.poolMaxSize;
        this.debug = b.debug;
        this.errorHandler = b.errorHandler;
        this.containerId = b.containerId;
        this.aggregation = b.aggregation;
        this.aggregationInterval = b.aggregationInterval;
    }

    /**
     * Starts a builder with every option at its default.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a builder holding this configuration's values, to derive a changed copy.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.host = host;
        b.port = port;
        b.protocol = protocol;
        b.socketPath = socketPath;
        b.flavor = flavor;
        b.prefix = prefix;
        b.constantTags.addAll(constantTags);
        b.sampleRate = sampleRate;
        b.maxPacketSize = maxPacketSize;
        b.queueCapacity = queueCapacity;
        b.flushInterval = flushInterval;
        b.connectTimeout = connectTimeout;
        b.sendTimeout = sendTimeout;
        b.closeTimeout = closeTimeout;
        b.dnsRefreshInterval = dnsRefreshInterval;
        b.poolMaxSize = poolMaxSize;
        b.debug = debug;
        b.errorHandler = errorHandler;
        b.containerId = containerId;
        b.aggregation = aggregation;
        b.aggregationInterval = aggregationInterval;
        return b;
    }

    /** @return the server host name or address, resolved on the sender thread */
    public String host() {
        return host;
    }

    /** @return the server port */
    public int port() {
        return port;
    }

    /** @return the transport protocol */
    public Protocol protocol() {
        return protocol;
    }

    /** @return the Unix domain socket path, or {@code null} when the protocol is not {@link Protocol#UDS} */
    public String socketPath() {
        return socketPath;
    }

    /** @return the wire dialect */
    public Flavor flavor() {
        return flavor;
    }

    /** @return the prefix put before every metric name (joined with a dot), or the empty string */
    public String prefix() {
        return prefix;
    }

    /** @return tags added to every metric, as {@code key:value} strings */
    public List<String> constantTags() {
        return constantTags;
    }

    /** @return the sample rate used when a call gives none, in (0, 1] */
    public double sampleRate() {
        return sampleRate;
    }

    /** @return the largest packet the sender writes, in bytes */
    public int maxPacketSize() {
        return maxPacketSize;
    }

    /** @return how many full packets may wait for the sender before new metrics are dropped (and counted) */
    public int queueCapacity() {
        return queueCapacity;
    }

    /** @return how long a part-filled packet may wait before it is sent */
    public Duration flushInterval() {
        return flushInterval;
    }

    /** @return the timeout for connecting stream transports */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** @return the timeout for writing one packet to a stream transport, zero for none */
    public Duration sendTimeout() {
        return sendTimeout;
    }

    /** @return how long {@code close()} keeps draining queued metrics */
    public Duration closeTimeout() {
        return closeTimeout;
    }

    /**
     * @return how often a UDP client resolves the host name again (stream transports resolve at every reconnect),
     *     zero for never
     */
    public Duration dnsRefreshInterval() {
        return dnsRefreshInterval;
    }

    /** @return the number of sender threads, each with its own connection */
    public int poolMaxSize() {
        return poolMaxSize;
    }

    /** @return whether every line sent is logged at DEBUG level */
    public boolean debug() {
        return debug;
    }

    /** @return the sender's error handler, or {@code null} to only log */
    public ErrorHandler errorHandler() {
        return errorHandler;
    }

    /** @return the container id sent as {@code |c:<id>} on DogStatsD lines, or {@code null} for none */
    public String containerId() {
        return containerId;
    }

    /** @return whether counters, gauges and sets are aggregated in the client before they are sent */
    public boolean aggregation() {
        return aggregation;
    }

    /** @return the window over which the client aggregates, when {@link #aggregation()} is on */
    public Duration aggregationInterval() {
        return aggregationInterval;
    }

    @Override
    public String toString() {
        return "StatsdConfig{"
                + (protocol == Protocol.UDS ? "socketPath=" + socketPath : "host=" + host + ", port=" + port)
                + ", protocol=" + protocol + ", flavor=" + flavor + ", prefix='" + prefix + "', constantTags="
                + constantTags + ", sampleRate=" + sampleRate + ", maxPacketSize=" + maxPacketSize
                + ", queueCapacity=" + queueCapacity + ", flushInterval=" + flushInterval + ", connectTimeout="
                + connectTimeout + ", sendTimeout=" + sendTimeout + ", closeTimeout=" + closeTimeout
                + ", dnsRefreshInterval=" + dnsRefreshInterval
                + ", poolMaxSize=" + poolMaxSize + ", debug=" + debug
                + (containerId == null ? "" : ", containerId=" + containerId)
                + (aggregation ? ", aggregationInterval=" + aggregationInterval : "") + '}';
    }

    /** Fail-fast builder for {@link StatsdConfig}. Setters check their argument; {@link #build()} checks the whole. */
    public static final class Builder {

        private String host = DEFAULT_HOST;
        private int port = DEFAULT_PORT;
        private Protocol protocol = Protocol.UDP;
        private String socketPath;
        private Flavor flavor = Flavor.ETSY;
        private String prefix = "";
        private final List<String> constantTags = new ArrayList<>();
        private double sampleRate = 1.0;
        private Integer maxPacketSize;
        private int queueCapacity = DEFAULT_QUEUE_CAPACITY;
        private Duration flushInterval = DEFAULT_FLUSH_INTERVAL;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration sendTimeout = DEFAULT_SEND_TIMEOUT;
        private Duration closeTimeout = DEFAULT_CLOSE_TIMEOUT;
        private Duration dnsRefreshInterval = DEFAULT_DNS_REFRESH_INTERVAL;
        private int poolMaxSize = 1;
        private boolean debug;
        private ErrorHandler errorHandler;
        private String containerId;
        private boolean aggregation;
        private Duration aggregationInterval = DEFAULT_AGGREGATION_INTERVAL;

        private Builder() {}

        /**
         * Sets the server host name or address (default {@code localhost}). A {@code unix:///path} address selects
         * the Unix domain socket transport with that path.
         *
         * @param host the host, never resolved on the caller's thread
         * @return this builder
         */
        public Builder host(String host) {
            if (host != null && host.startsWith("unix://")) {
                this.protocol = Protocol.UDS;
                this.socketPath = host.substring("unix://".length());
                this.host = host;
                return this;
            }
            this.host = host;
            return this;
        }

        /**
         * Sets the server port (default 8125).
         *
         * @param port 1 to 65535
         * @return this builder
         */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /**
         * Sets the transport (default UDP).
         *
         * @param protocol the protocol
         * @return this builder
         */
        public Builder protocol(Protocol protocol) {
            this.protocol = protocol;
            return this;
        }

        /**
         * Sets the Unix domain socket path and selects {@link Protocol#UDS}.
         *
         * @param socketPath the path of the server's socket file
         * @return this builder
         */
        public Builder socketPath(String socketPath) {
            this.socketPath = socketPath;
            this.protocol = Protocol.UDS;
            return this;
        }

        /**
         * Sets the wire dialect (default {@link Flavor#ETSY}).
         *
         * @param flavor the flavour
         * @return this builder
         */
        public Builder flavor(Flavor flavor) {
            this.flavor = flavor;
            return this;
        }

        /**
         * Sets a prefix put before every metric name, joined with a dot (default none).
         *
         * @param prefix the prefix, or {@code null} or empty for none
         * @return this builder
         */
        public Builder prefix(String prefix) {
            this.prefix = prefix;
            return this;
        }

        /**
         * Adds tags sent with every metric.
         *
         * @param tags {@code key:value} (or {@code key}) strings
         * @return this builder
         */
        public Builder constantTags(String... tags) {
            if (tags == null) {
                throw new StatsdConfigException("constantTags", "must not be null");
            }
            // not List.of: it throws NullPointerException for a null tag instead of naming the option
            return constantTags(java.util.Arrays.asList(tags));
        }

        /**
         * Adds tags sent with every metric.
         *
         * @param tags {@code key:value} (or {@code key}) strings
         * @return this builder
         */
        public Builder constantTags(List<String> tags) {
            if (tags == null) {
                throw new StatsdConfigException("constantTags", "must not be null");
            }
            for (String tag : tags) {
                if (tag == null || tag.isEmpty()) {
                    throw new StatsdConfigException("constantTags", "a tag must not be null or empty");
                }
                this.constantTags.add(tag);
            }
            return this;
        }

        /**
         * Sets the sample rate used when a call gives none (default 1.0).
         *
         * @param sampleRate greater than 0 and at most 1
         * @return this builder
         */
        public Builder sampleRate(double sampleRate) {
            this.sampleRate = sampleRate;
            return this;
        }

        /**
         * Sets the largest packet the sender writes (default 1432 bytes for UDP, 8192 for TCP and UDS).
         *
         * @param maxPacketSize at least 64 bytes; at most 65507 for UDP
         * @return this builder
         */
        public Builder maxPacketSize(int maxPacketSize) {
            this.maxPacketSize = maxPacketSize;
            return this;
        }

        /**
         * Sets how many full packets (datagrams, or stream writes of at most the max packet size) may wait for the
         * sender (default 1024); past that, new metrics are dropped and counted. Callers fill buffers of as many packets
         * as fit into 8 KB, at most 4 and at most 1/16 of the capacity, and hand each over whole; a buffer takes as
         * many places as it has room for packets, full or not. A buffer of metric calls kept for the sender to encode
         * holds one call per 12 bytes of each of those packets (16 to 128 per packet).
         *
         * @param queueCapacity at least 1
         * @return this builder
         */
        public Builder queueCapacity(int queueCapacity) {
            this.queueCapacity = queueCapacity;
            return this;
        }

        /**
         * Sets how long a part-filled packet may wait before it is sent (default 100 ms).
         *
         * @param flushInterval positive
         * @return this builder
         */
        public Builder flushInterval(Duration flushInterval) {
            this.flushInterval = flushInterval;
            return this;
        }

        /**
         * Sets the connect timeout of stream transports (default 5 s).
         *
         * @param connectTimeout positive
         * @return this builder
         */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
            return this;
        }

        /**
         * Sets how long writing one packet to a stream transport may take before the connection is dropped and the
         * packet counted as lost (default zero: no timeout).
         *
         * @param sendTimeout zero or positive
         * @return this builder
         */
        public Builder sendTimeout(Duration sendTimeout) {
            this.sendTimeout = sendTimeout;
            return this;
        }

        /**
         * Sets how long {@code close()} keeps draining queued metrics (default 5 s).
         *
         * @param closeTimeout zero or positive
         * @return this builder
         */
        public Builder closeTimeout(Duration closeTimeout) {
            this.closeTimeout = closeTimeout;
            return this;
        }

        /**
         * Sets how often a UDP client resolves the host name again, on its sender thread, and moves to the new
         * address when it changed (default 30 s; stream transports resolve at every reconnect).
         *
         * @param dnsRefreshInterval zero (never) or positive
         * @return this builder
         */
        public Builder dnsRefreshInterval(Duration dnsRefreshInterval) {
            this.dnsRefreshInterval = dnsRefreshInterval;
            return this;
        }

        /**
         * Sets the number of sender threads, each with its own connection (default 1).
         *
         * @param poolMaxSize 1 to 64
         * @return this builder
         */
        public Builder poolMaxSize(int poolMaxSize) {
            this.poolMaxSize = poolMaxSize;
            return this;
        }

        /**
         * Sets whether every line sent is logged at DEBUG level (default false).
         *
         * @param debug whether to log lines
         * @return this builder
         */
        public Builder debug(boolean debug) {
            this.debug = debug;
            return this;
        }

        /**
         * Sets a handler told about every sender I/O error (default: log a warning).
         *
         * @param errorHandler the handler, or {@code null} for the default
         * @return this builder
         */
        public Builder errorHandler(ErrorHandler errorHandler) {
            this.errorHandler = errorHandler;
            return this;
        }

        /**
         * Sets a container id sent with every DogStatsD metric, event and service check as {@code |c:<id>}
         * (DogStatsD protocol v1.2), for the Agent to add the container's tags (default none). Only the
         * {@link Flavor#DATADOG} flavour writes it.
         *
         * @param containerId the id, without whitespace, {@code |} or {@code ,}; {@code null} for none
         * @return this builder
         */
        public Builder containerId(String containerId) {
            this.containerId = containerId;
            return this;
        }

        /**
         * Sets whether the client aggregates before sending (default false). When on, over each
         * {@linkplain #aggregationInterval(Duration) interval} counters are summed, gauges keep their last value and
         * set members are de-duplicated, per name, tags (in the order given) and sample rate; then one line per
         * counter and gauge and per distinct set member is sent. Timers, histograms, distributions, gauge deltas,
         * batches and timestamped metrics are never aggregated. A sampled counter is summed with others of the same
         * rate and sent with that rate, so the server scales the sum. The last window is sent by {@code close()}.
         * Calls merged into another call's line are counted in {@link StatsdStats#aggregated()}.
         *
         * @param aggregation whether to aggregate
         * @return this builder
         */
        public Builder aggregation(boolean aggregation) {
            this.aggregation = aggregation;
            return this;
        }

        /**
         * Sets the aggregation window (default 2 s), used when {@link #aggregation(boolean)} is on.
         *
         * @param aggregationInterval positive
         * @return this builder
         */
        public Builder aggregationInterval(Duration aggregationInterval) {
            this.aggregationInterval = aggregationInterval;
            return this;
        }

        /**
         * Checks every option and builds the configuration.
         *
         * @return the immutable configuration
         * @throws StatsdConfigException naming the first option with a bad value
         */
        public StatsdConfig build() {
            if (protocol == null) {
                throw new StatsdConfigException("protocol", "must not be null");
            }
            if (protocol == Protocol.UDS) {
                if (socketPath == null || socketPath.isBlank()) {
                    throw new StatsdConfigException("socketPath", "must be set for the UDS protocol");
                }
            } else {
                if (host == null || host.isBlank()) {
                    throw new StatsdConfigException("host", "must not be empty");
                }
                if (host.startsWith("unix://")) {
                    throw new StatsdConfigException(
                            "host", "a unix:// address needs the UDS protocol, not " + protocol);
                }
                if (port < 1 || port > 65535) {
                    throw new StatsdConfigException("port", "must be between 1 and 65535, was " + port);
                }
            }
            if (flavor == null) {
                throw new StatsdConfigException("flavor", "must not be null");
            }
            if (prefix == null) {
                prefix = "";
            }
            if (!(sampleRate > 0.0 && sampleRate <= 1.0)) {
                throw new StatsdConfigException(
                        "sampleRate", "must be greater than 0 and at most 1, was " + sampleRate);
            }
            if (maxPacketSize != null) {
                int max = protocol == Protocol.UDP ? MAX_UDP_PACKET_SIZE : MAX_STREAM_PACKET_SIZE;
                if (maxPacketSize < MIN_PACKET_SIZE || maxPacketSize > max) {
                    throw new StatsdConfigException(
                            "maxPacketSize",
                            "must be between " + MIN_PACKET_SIZE + " and " + max + " bytes for " + protocol + ", was "
                                    + maxPacketSize);
                }
            }
            if (queueCapacity < 1) {
                throw new StatsdConfigException("queueCapacity", "must be at least 1, was " + queueCapacity);
            }
            requirePositive("flushInterval", flushInterval);
            requirePositive("connectTimeout", connectTimeout);
            requireNotNegative("sendTimeout", sendTimeout);
            requireNotNegative("closeTimeout", closeTimeout);
            requireNotNegative("dnsRefreshInterval", dnsRefreshInterval);
            if (poolMaxSize < 1 || poolMaxSize > 64) {
                throw new StatsdConfigException("poolMaxSize", "must be between 1 and 64, was " + poolMaxSize);
            }
            requirePositive("aggregationInterval", aggregationInterval);
            if (containerId != null) {
                if (containerId.isEmpty()) {
                    throw new StatsdConfigException("containerId", "must not be empty (null for none)");
                }
                for (int i = 0; i < containerId.length(); i++) {
                    char c = containerId.charAt(i);
                    if (c == '|' || c == ',' || c == '#' || Character.isWhitespace(c) || Character.isISOControl(c)) {
                        throw new StatsdConfigException(
                                "containerId", "must not contain whitespace, control characters, '|', ',' or '#'");
                    }
                }
            }
            return new StatsdConfig(this);
        }

        private static void requirePositive(String option, Duration value) {
            requireNotNegative(option, value);
            if (value.isZero()) {
                throw new StatsdConfigException(option, "must be positive");
            }
        }

        private static void requireNotNegative(String option, Duration value) {
            if (value == null) {
                throw new StatsdConfigException(option, "must not be null");
            }
            if (value.isNegative()) {
                throw new StatsdConfigException(option, "must not be negative, was " + value);
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof StatsdConfig)) {
            return false;
        }
        StatsdConfig c = (StatsdConfig) o;
        return port == c.port
                && Double.compare(sampleRate, c.sampleRate) == 0
                && maxPacketSize == c.maxPacketSize
                && queueCapacity == c.queueCapacity
                && poolMaxSize == c.poolMaxSize
                && debug == c.debug
                && Objects.equals(host, c.host)
                && protocol == c.protocol
                && Objects.equals(socketPath, c.socketPath)
                && flavor == c.flavor
                && prefix.equals(c.prefix)
                && constantTags.equals(c.constantTags)
                && flushInterval.equals(c.flushInterval)
                && connectTimeout.equals(c.connectTimeout)
                && sendTimeout.equals(c.sendTimeout)
                && closeTimeout.equals(c.closeTimeout)
                && dnsRefreshInterval.equals(c.dnsRefreshInterval)
                && Objects.equals(errorHandler, c.errorHandler)
                && Objects.equals(containerId, c.containerId)
                && aggregation == c.aggregation
                && aggregationInterval.equals(c.aggregationInterval);
    }

    @Override
    public int hashCode() {
        return Objects.hash(host, port, protocol, socketPath, flavor, prefix, constantTags, sampleRate, maxPacketSize);
    }
}
