package io.github.statsd;

import io.github.statsd.internal.UnixDatagramTransports;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * Immutable client configuration, built with {@link #builder()}. A builder setter throws a
 * {@link StatsdConfigException} naming the option for a bad value; {@link Builder#build()} checks the options that must
 * fit together. Nothing is resolved or connected until the client's sender thread starts.
 *
 * <pre>{@code
 * StatsdConfig config = StatsdConfig.builder()
 *         .host("statsd.internal")
 *         .prefix("shop")
 *         .constantTags("env:prod")
 *         .build();
 * }</pre>
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

    /** Most sender threads. */
    static final int MAX_SENDER_THREADS = 64;

    /** A Unix domain socket: datagram, unless the protocol is set to the stream {@link Protocol#UDS}. */
    private static final String UNIX_SCHEME = "unix://";
    /** A Unix domain datagram socket. */
    private static final String UNIXGRAM_SCHEME = "unixgram://";
    /** A Unix domain stream socket. */
    private static final String UNIXSTREAM_SCHEME = "unixstream://";

    private final TransportOptions transport;
    private final LineOptions lines;
    // resolved once: the engine reads it per packet
    private final int maxPacketSize;

    /**
     * The options that shape the lines, as a record so that equality and hashing follow the components.
     *
     * @param constantTags an unmodifiable copy
     */
    private record LineOptions(
            Flavor flavor,
            String prefix,
            List<String> constantTags,
            double sampleRate,
            boolean debug,
            String containerId,
            boolean aggregation,
            Duration aggregationInterval) {}

    private StatsdConfig(TransportOptions transport, LineOptions lines) {
        this.transport = transport;
        this.lines = lines;
        this.maxPacketSize = transport.resolvedMaxPacketSize();
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
     * Returns a builder holding this configuration's values, to derive a changed copy. A max packet size that was not
     * set stays unset, so the copy gets the default of its own protocol.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** @return the server host name or address, resolved on the sender thread */
    public String host() {
        return transport.host();
    }

    /** @return the server port */
    public int port() {
        return transport.port();
    }

    /** @return the transport protocol */
    public Protocol protocol() {
        return transport.protocol();
    }

    /**
     * @return the Unix domain socket path, or {@code null} when the protocol is not {@link Protocol#UDS} or
     *     {@link Protocol#UDS_DATAGRAM}
     */
    public String socketPath() {
        return transport.socketPath();
    }

    /** @return the wire dialect */
    public Flavor flavor() {
        return lines.flavor();
    }

    /** @return the prefix put before every metric name (joined with a dot), or the empty string */
    public String prefix() {
        return lines.prefix();
    }

    /** @return tags added to every metric, as {@code key:value} strings */
    public List<String> constantTags() {
        return lines.constantTags();
    }

    /** @return the sample rate used when a call gives none, in (0, 1] */
    public double sampleRate() {
        return lines.sampleRate();
    }

    /** @return the largest packet the sender writes, in bytes (the protocol's default when none was set) */
    public int maxPacketSize() {
        return maxPacketSize;
    }

    /** @return how many full packets may wait for the sender before new metrics are dropped (and counted) */
    public int queueCapacity() {
        return transport.queueCapacity();
    }

    /** @return how long a part-filled packet may wait before it is sent */
    public Duration flushInterval() {
        return transport.flushInterval();
    }

    /** @return the timeout for connecting stream transports */
    public Duration connectTimeout() {
        return transport.connectTimeout();
    }

    /** @return the timeout for writing one packet to a stream transport, zero for none */
    public Duration sendTimeout() {
        return transport.sendTimeout();
    }

    /** @return how long {@code close()} keeps draining queued metrics */
    public Duration closeTimeout() {
        return transport.closeTimeout();
    }

    /**
     * @return how often a UDP client resolves the host name again (stream transports resolve at every reconnect), zero
     *     for never
     */
    public Duration dnsRefreshInterval() {
        return transport.dnsRefreshInterval();
    }

    /** @return the number of sender threads, each with its own connection */
    public int senderThreads() {
        return transport.senderThreads();
    }

    /**
     * Returns the number of sender threads.
     *
     * @return the number of sender threads, each with its own connection
     * @deprecated a fixed number of threads, not the bound of a pool: use {@link #senderThreads()}
     */
    @Deprecated(since = "0.1.0")
    public int poolMaxSize() {
        return senderThreads();
    }

    /** @return whether every line sent is logged at DEBUG level */
    public boolean debug() {
        return lines.debug();
    }

    /** @return the sender's error handler, or {@code null} to only log */
    public ErrorHandler errorHandler() {
        return transport.errorHandler();
    }

    /** @return the container id sent as {@code |c:<id>} on DogStatsD lines, or {@code null} for none */
    public String containerId() {
        return lines.containerId();
    }

    /** @return whether counters, gauges and sets are aggregated in the client before they are sent */
    public boolean aggregation() {
        return lines.aggregation();
    }

    /** @return the window over which the client aggregates, when {@link #aggregation()} is on */
    public Duration aggregationInterval() {
        return lines.aggregationInterval();
    }

    /** Two configurations are equal when every option is; an unset max packet size differs from a set one. */
    @Override
    public boolean equals(Object o) {
        return this == o || (o instanceof StatsdConfig c && transport.equals(c.transport) && lines.equals(c.lines));
    }

    @Override
    public int hashCode() {
        return 31 * transport.hashCode() + lines.hashCode();
    }

    @Override
    public String toString() {
        // the error handler is left out: a lambda's toString says nothing
        return "StatsdConfig{"
                + (protocol().isUnixDomain() ? "socketPath=" + socketPath() : "host=" + host() + ", port=" + port())
                + ", protocol=" + protocol() + ", flavor=" + flavor() + ", prefix='" + prefix() + "', constantTags="
                + constantTags() + ", sampleRate=" + sampleRate() + ", maxPacketSize=" + maxPacketSize
                + ", queueCapacity=" + queueCapacity() + ", flushInterval=" + flushInterval() + ", connectTimeout="
                + connectTimeout() + ", sendTimeout=" + sendTimeout() + ", closeTimeout=" + closeTimeout()
                + ", dnsRefreshInterval=" + dnsRefreshInterval()
                + ", senderThreads=" + senderThreads() + ", debug=" + debug()
                + (containerId() == null ? "" : ", containerId=" + containerId())
                + (aggregation() ? ", aggregationInterval=" + aggregationInterval() : "") + '}';
    }

    /**
     * Fail-fast builder for {@link StatsdConfig}. A setter checks its argument and throws a
     * {@link StatsdConfigException} naming the option; {@link #build()} checks the options that must fit together.
     *
     * <pre>{@code
     * StatsdConfig.Builder builder = StatsdConfig.builder().host("statsd").flavor(Flavor.DATADOG);
     * StatsdConfig config = builder.build();
     * }</pre>
     */
    public static final class Builder {

        private String host = DEFAULT_HOST;
        private int port = DEFAULT_PORT;
        private Protocol protocol = Protocol.UDP;
        private String socketPath;
        // null: the protocol's default, resolved by the config
        private Integer maxPacketSize;
        private int queueCapacity = DEFAULT_QUEUE_CAPACITY;
        private Duration flushInterval = DEFAULT_FLUSH_INTERVAL;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration sendTimeout = DEFAULT_SEND_TIMEOUT;
        private Duration closeTimeout = DEFAULT_CLOSE_TIMEOUT;
        private Duration dnsRefreshInterval = DEFAULT_DNS_REFRESH_INTERVAL;
        private int senderThreads = 1;
        private ErrorHandler errorHandler;

        private Flavor flavor = Flavor.ETSY;
        private String prefix = "";
        private final List<String> constantTags = new ArrayList<>();
        private double sampleRate = 1.0;
        private boolean debug;
        private String containerId;
        private boolean aggregation;
        private Duration aggregationInterval = DEFAULT_AGGREGATION_INTERVAL;

        // while the protocol and socket path come from a unix:// host: what they were before it, for a later host
        private boolean udsFromHost;
        private Protocol protocolBeforeUnixHost;
        private String socketPathBeforeUnixHost;

        // whether the application chose the address: the Datadog environment only fills in what it did not
        private boolean hostSet;
        private boolean portSet;
        private Function<String, String> environment = System::getenv;

        private Builder() {}

        private Builder(StatsdConfig config) {
            TransportOptions t = config.transport;
            host = t.host();
            port = t.port();
            protocol = t.protocol();
            socketPath = t.socketPath();
            maxPacketSize = t.maxPacketSize();
            queueCapacity = t.queueCapacity();
            flushInterval = t.flushInterval();
            connectTimeout = t.connectTimeout();
            sendTimeout = t.sendTimeout();
            closeTimeout = t.closeTimeout();
            dnsRefreshInterval = t.dnsRefreshInterval();
            senderThreads = t.senderThreads();
            errorHandler = t.errorHandler();
            LineOptions l = config.lines;
            flavor = l.flavor();
            prefix = l.prefix();
            constantTags.addAll(l.constantTags());
            sampleRate = l.sampleRate();
            debug = l.debug();
            containerId = l.containerId();
            aggregation = l.aggregation();
            aggregationInterval = l.aggregationInterval();
            // a copy of a config built from a unix:// host lets a later host choose again (the defaults before it)
            String path = unixPath(host);
            udsFromHost = path != null && protocol.isUnixDomain() && path.equals(socketPath);
            // a stream socket reached through unix:// was chosen by the protocol set before it
            protocolBeforeUnixHost =
                    (protocol == Protocol.UDS && host.startsWith(UNIX_SCHEME)) ? Protocol.UDS : Protocol.UDP;
            // the copy's address is the configuration's, wherever it came from
            hostSet = true;
            portSet = true;
        }

        /**
         * Sets the server host name or address (default {@code localhost}). A Unix domain socket address selects its
         * transport and path, as Datadog's {@code DD_DOGSTATSD_URL} reads them: {@code unix:///path} and
         * {@code unixgram:///path} the datagram socket ({@link Protocol#UDS_DATAGRAM}, unless the protocol set before
         * is the stream {@link Protocol#UDS}), {@code unixstream:///path} the stream socket ({@link Protocol#UDS}). A
         * later host that is not one selects again the protocol and socket path set before it.
         *
         * @param host the host, never resolved on the caller's thread
         * @return this builder
         */
        public Builder host(String host) {
            if (host == null || host.isBlank()) {
                throw new StatsdConfigException("host", "must not be empty");
            }
            String path = unixPath(host);
            if (path != null) {
                if (path.isEmpty()) {
                    throw new StatsdConfigException("host", "a Unix domain socket address needs a path: " + host);
                }
                if (!udsFromHost) {
                    udsFromHost = true;
                    protocolBeforeUnixHost = protocol;
                    socketPathBeforeUnixHost = socketPath;
                }
                this.protocol = unixProtocol(host, protocolBeforeUnixHost);
                this.socketPath = path;
            } else if (udsFromHost) {
                udsFromHost = false;
                this.protocol = protocolBeforeUnixHost;
                this.socketPath = socketPathBeforeUnixHost;
            }
            this.host = host;
            this.hostSet = true;
            return this;
        }

        private static Protocol unixProtocol(String address, Protocol before) {
            if (address.startsWith(UNIXSTREAM_SCHEME)) {
                return Protocol.UDS;
            }
            if (address.startsWith(UNIXGRAM_SCHEME)) {
                return Protocol.UDS_DATAGRAM;
            }
            return before == Protocol.UDS ? Protocol.UDS : Protocol.UDS_DATAGRAM;
        }

        /**
         * Sets the server port (default 8125).
         *
         * @param port 1 to 65535
         * @return this builder
         */
        public Builder port(int port) {
            if (port < 1 || port > 65535) {
                throw new StatsdConfigException("port", "must be between 1 and 65535, was " + port);
            }
            this.port = port;
            this.portSet = true;
            return this;
        }

        /**
         * Sets the transport (default UDP).
         *
         * @param protocol the protocol
         * @return this builder
         */
        public Builder protocol(Protocol protocol) {
            this.protocol = requireNonNull("protocol", protocol);
            udsFromHost = false;
            return this;
        }

        /**
         * Sets the Unix domain socket path and selects the stream {@link Protocol#UDS}, unless the protocol is already
         * {@link Protocol#UDS_DATAGRAM}.
         *
         * @param socketPath the path of the server's socket file
         * @return this builder
         */
        public Builder socketPath(String socketPath) {
            if (socketPath == null || socketPath.isBlank()) {
                throw new StatsdConfigException("socketPath", "must not be empty");
            }
            this.socketPath = socketPath;
            if (!protocol.isUnixDomain()) {
                this.protocol = Protocol.UDS;
            }
            udsFromHost = false;
            hostSet = true;
            return this;
        }

        /**
         * Sets where the Datadog environment variables are read (default {@link System#getenv(String)}), for tests and
         * for applications that keep their settings elsewhere. With the {@link Flavor#DATADOG} flavour,
         * {@link #build()} reads:
         *
         * <ul>
         *   <li>{@code DD_DOGSTATSD_URL} ({@code udp://host:port}, {@code unix:///path}, {@code unixgram:///path} or
         *       {@code unixstream:///path}), else {@code DD_AGENT_HOST}: the host, when none was set with
         *       {@link #host(String)} or {@link #socketPath(String)};
         *   <li>the port of {@code DD_DOGSTATSD_URL}, else {@code DD_DOGSTATSD_PORT}: the port, when none was set with
         *       {@link #port(int)};
         *   <li>{@code DD_ENV}, {@code DD_SERVICE}, {@code DD_VERSION}: constant tags {@code env}, {@code service} and
         *       {@code version}, and {@code DD_ENTITY_ID}: {@code dd.internal.entity_id}, each unless a constant tag of
         *       that key was set.
         * </ul>
         *
         * <p>A bad value fails {@link #build()} with a {@link StatsdConfigException} naming the variable.
         *
         * @param environment returns a variable's value, or {@code null} when it is not set
         * @return this builder
         */
        public Builder environment(Function<String, String> environment) {
            this.environment = requireNonNull("environment", environment);
            return this;
        }

        /**
         * Sets the wire dialect (default {@link Flavor#ETSY}).
         *
         * @param flavor the flavour
         * @return this builder
         */
        public Builder flavor(Flavor flavor) {
            this.flavor = requireNonNull("flavor", flavor);
            return this;
        }

        /**
         * Sets a prefix put before every metric name, joined with a dot (default none).
         *
         * @param prefix the prefix, or {@code null} or empty for none
         * @return this builder
         */
        public Builder prefix(String prefix) {
            this.prefix = (prefix == null) ? "" : prefix;
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
            return constantTags(Arrays.asList(tags));
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
            if (!(sampleRate > 0.0 && sampleRate <= 1.0)) {
                throw new StatsdConfigException(
                        "sampleRate", "must be greater than 0 and at most 1, was " + sampleRate);
            }
            this.sampleRate = sampleRate;
            return this;
        }

        /**
         * Sets the largest packet the sender writes (default 1432 bytes for UDP, 8192 for TCP and Unix domain sockets).
         *
         * @param maxPacketSize at least 64 bytes, at most 1 MiB; at most 65507 for UDP and Unix datagrams (checked by
         *     {@link #build()})
         * @return this builder
         */
        public Builder maxPacketSize(int maxPacketSize) {
            if (maxPacketSize < MIN_PACKET_SIZE) {
                throw new StatsdConfigException(
                        "maxPacketSize", "must be at least " + MIN_PACKET_SIZE + " bytes, was " + maxPacketSize);
            }
            if (maxPacketSize > MAX_STREAM_PACKET_SIZE) {
                throw new StatsdConfigException(
                        "maxPacketSize", "must be at most " + MAX_STREAM_PACKET_SIZE + " bytes, was " + maxPacketSize);
            }
            this.maxPacketSize = maxPacketSize;
            return this;
        }

        /**
         * Sets how many full packets (datagrams, or stream writes of at most the max packet size) may wait for the
         * sender (default 1024); past that, new metrics are dropped and counted. Callers fill buffers of as many
         * packets as fit into 8 KB, at most 4 and at most 1/16 of the capacity, and hand each over whole; a buffer
         * takes as many places as it has room for packets, full or not. A buffer of metric calls kept for the sender to
         * encode holds one call per 12 bytes of each of those packets (16 to 128 per packet).
         *
         * @param queueCapacity at least 1
         * @return this builder
         */
        public Builder queueCapacity(int queueCapacity) {
            if (queueCapacity < 1) {
                throw new StatsdConfigException("queueCapacity", "must be at least 1, was " + queueCapacity);
            }
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
            this.flushInterval = requirePositive("flushInterval", flushInterval);
            return this;
        }

        /**
         * Sets the connect timeout of stream transports (default 5 s).
         *
         * @param connectTimeout positive
         * @return this builder
         */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = requirePositive("connectTimeout", connectTimeout);
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
            this.sendTimeout = requireNotNegative("sendTimeout", sendTimeout);
            return this;
        }

        /**
         * Sets how long {@code close()} keeps draining queued metrics (default 5 s).
         *
         * @param closeTimeout zero or positive
         * @return this builder
         */
        public Builder closeTimeout(Duration closeTimeout) {
            this.closeTimeout = requireNotNegative("closeTimeout", closeTimeout);
            return this;
        }

        /**
         * Sets how often a UDP client resolves the host name again, on its sender thread, and moves to the new address
         * when it changed (default 30 s; stream transports resolve at every reconnect).
         *
         * @param dnsRefreshInterval zero (never) or positive
         * @return this builder
         */
        public Builder dnsRefreshInterval(Duration dnsRefreshInterval) {
            this.dnsRefreshInterval = requireNotNegative("dnsRefreshInterval", dnsRefreshInterval);
            return this;
        }

        /**
         * Sets the number of sender threads, each with its own connection (default 1).
         *
         * @param senderThreads 1 to 64
         * @return this builder
         */
        public Builder senderThreads(int senderThreads) {
            this.senderThreads = checkSenderThreads("senderThreads", senderThreads);
            return this;
        }

        /**
         * Sets the number of sender threads, each with its own connection (default 1).
         *
         * @param poolMaxSize 1 to 64
         * @return this builder
         * @deprecated a fixed number of threads, not the bound of a pool: use {@link #senderThreads(int)}
         */
        @Deprecated(since = "0.1.0")
        public Builder poolMaxSize(int poolMaxSize) {
            // the option named as the caller wrote it
            this.senderThreads = checkSenderThreads("poolMaxSize", poolMaxSize);
            return this;
        }

        private static int checkSenderThreads(String option, int senderThreads) {
            if (senderThreads < 1 || senderThreads > MAX_SENDER_THREADS) {
                throw new StatsdConfigException(
                        option, "must be between 1 and " + MAX_SENDER_THREADS + ", was " + senderThreads);
            }
            return senderThreads;
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
         * Sets a container id sent with every DogStatsD metric, event and service check as {@code |c:<id>} (DogStatsD
         * protocol v1.2), for the Agent to add the container's tags (default none). Only the {@link Flavor#DATADOG}
         * flavour writes it.
         *
         * @param containerId the id, without whitespace, {@code |} or {@code ,}; {@code null} for none
         * @return this builder
         */
        public Builder containerId(String containerId) {
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
            this.containerId = containerId;
            return this;
        }

        /**
         * Sets whether the client aggregates before sending (default false). When on, over each
         * {@linkplain #aggregationInterval(Duration) interval} counters are summed, gauges keep their last value and
         * set members are de-duplicated, per name, tags (in the order given) and sample rate; then one line per counter
         * and gauge and per distinct set member is sent. Timers, histograms, distributions, gauge deltas, batches and
         * timestamped metrics are never aggregated. A sampled counter is summed with others of the same rate and sent
         * with that rate, so the server scales the sum. The last window is sent by {@code close()}. Calls merged into
         * another call's line are counted in {@link StatsdStats#aggregated()}.
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
            this.aggregationInterval = requirePositive("aggregationInterval", aggregationInterval);
            return this;
        }

        /**
         * Checks the options that must fit together (the setters checked each value) and builds the configuration.
         *
         * @return the immutable configuration
         * @throws StatsdConfigException naming an option that does not fit the others
         */
        public StatsdConfig build() {
            if (flavor != Flavor.DATADOG) {
                return buildAsSet(null);
            }
            // a Unix protocol set without a path may get its path from DD_DOGSTATSD_URL
            String pathFromEnvironment = hostSet ? null : DatadogEnvironment.unixPath(environment);
            return DatadogEnvironment.apply(buildAsSet(pathFromEnvironment), environment, hostSet, portSet);
        }

        /**
         * Builds from what was set on this builder, without the environment.
         *
         * @param pathFromEnvironment the socket path for a Unix protocol set without one, or {@code null}
         */
        private StatsdConfig buildAsSet(String pathFromEnvironment) {
            String socketPath = this.socketPath;
            if (socketPath == null && protocol.isUnixDomain()) {
                socketPath = pathFromEnvironment;
            }
            if (protocol.isUnixDomain()) {
                if (socketPath == null) {
                    throw new StatsdConfigException("socketPath", "must be set for the " + protocol + " protocol");
                }
                String unavailable =
                        protocol == Protocol.UDS_DATAGRAM ? UnixDatagramTransports.unavailableReason() : null;
                if (unavailable != null) {
                    throw new StatsdConfigException(udsFromHost ? "host" : "protocol", unavailable);
                }
            } else if (isUnixAddress(host)) {
                throw new StatsdConfigException(
                        "host", "a Unix domain socket address needs the UDS or UDS_DATAGRAM protocol, not " + protocol);
            }
            boolean datagrams = protocol == Protocol.UDP || protocol == Protocol.UDS_DATAGRAM;
            if (maxPacketSize != null && datagrams && maxPacketSize > MAX_UDP_PACKET_SIZE) {
                throw new StatsdConfigException(
                        "maxPacketSize",
                        "must be between " + MIN_PACKET_SIZE + " and " + MAX_UDP_PACKET_SIZE + " bytes for " + protocol
                                + ", was " + maxPacketSize);
            }
            TransportOptions transport = new TransportOptions(
                    host,
                    port,
                    protocol,
                    socketPath,
                    maxPacketSize,
                    queueCapacity,
                    flushInterval,
                    connectTimeout,
                    sendTimeout,
                    closeTimeout,
                    dnsRefreshInterval,
                    senderThreads,
                    errorHandler);
            LineOptions lines = new LineOptions(
                    flavor,
                    prefix,
                    List.copyOf(constantTags),
                    sampleRate,
                    debug,
                    containerId,
                    aggregation,
                    aggregationInterval);
            return new StatsdConfig(transport, lines);
        }
    }

    /** @return whether a host is a Unix domain socket address ({@code unix://}, {@code unixgram://}, ...) */
    static boolean isUnixAddress(String host) {
        return unixPath(host) != null;
    }

    /** @return the socket path of a Unix domain socket address, or {@code null} when it is not one */
    static String unixPath(String host) {
        for (String scheme : new String[] {UNIX_SCHEME, UNIXGRAM_SCHEME, UNIXSTREAM_SCHEME}) {
            if (host.startsWith(scheme)) {
                return host.substring(scheme.length());
            }
        }
        return null;
    }

    static <T> T requireNonNull(String option, T value) {
        if (value == null) {
            throw new StatsdConfigException(option, "must not be null");
        }
        return value;
    }

    static Duration requirePositive(String option, Duration value) {
        requireNotNegative(option, value);
        if (value.isZero()) {
            throw new StatsdConfigException(option, "must be positive");
        }
        return value;
    }

    static Duration requireNotNegative(String option, Duration value) {
        requireNonNull(option, value);
        if (value.isNegative()) {
            throw new StatsdConfigException(option, "must not be negative, was " + value);
        }
        return value;
    }
}
