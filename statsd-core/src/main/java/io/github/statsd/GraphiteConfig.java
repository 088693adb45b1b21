package io.github.statsd;

import java.time.Clock;
import java.time.Duration;

/**
 * Immutable configuration of a {@link GraphiteClient}, built with {@link #builder()}. A builder setter throws a
 * {@link StatsdConfigException} naming the option for a bad value; {@link Builder#build()} checks the options that must
 * fit together.
 *
 * <p>The transport options are those of a {@link StatsdConfig}, held and checked by one: the Graphite client runs on
 * the same non-blocking engine (striped packet buffers, a bounded queue of packets, background sender threads).
 *
 * <pre>{@code
 * GraphiteConfig config = GraphiteConfig.builder().host("carbon").prefix("shop").interval(Duration.ofMinutes(1)).build();
 * }</pre>
 */
public final class GraphiteConfig {

    /** Default carbon plaintext port. */
    public static final int DEFAULT_PORT = 2003;

    /** Default reporting interval: timestamps are aligned down to a multiple of it. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);

    private final String prefix;
    private final Duration interval;
    private final Clock clock;
    private final StatsdConfig engineConfig;

    private GraphiteConfig(Builder b) {
        this.prefix = b.prefix;
        this.interval = b.interval;
        this.clock = b.clock;
        this.engineConfig = b.transport.build();
    }

    /**
     * Starts a builder with every option at its default.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the carbon host name or address, resolved on the sender thread */
    public String host() {
        return engineConfig.host();
    }

    /** @return the carbon port */
    public int port() {
        return engineConfig.port();
    }

    /** @return {@link Protocol#TCP} or {@link Protocol#UDP} */
    public Protocol protocol() {
        return engineConfig.protocol();
    }

    /** @return the prefix put before every path (joined with a dot), or the empty string */
    public String prefix() {
        return prefix;
    }

    /** @return the interval timestamps are aligned down to, in whole seconds */
    public Duration interval() {
        return interval;
    }

    /** @return the clock that gives the timestamps of {@link GraphiteClient#send(String, double, String...)} */
    public Clock clock() {
        return clock;
    }

    /** @return the largest packet the sender writes, in bytes */
    public int maxPacketSize() {
        return engineConfig.maxPacketSize();
    }

    /** @return how many full packets may wait for the sender before new lines are dropped (and counted) */
    public int queueCapacity() {
        return engineConfig.queueCapacity();
    }

    /** @return how long a part-filled packet may wait before it is sent */
    public Duration flushInterval() {
        return engineConfig.flushInterval();
    }

    /** @return the TCP connect timeout */
    public Duration connectTimeout() {
        return engineConfig.connectTimeout();
    }

    /** @return the timeout for writing one packet over TCP, zero for none */
    public Duration sendTimeout() {
        return engineConfig.sendTimeout();
    }

    /** @return how long {@code close()} keeps draining queued lines */
    public Duration closeTimeout() {
        return engineConfig.closeTimeout();
    }

    /** @return the sender's error handler, or {@code null} to only log */
    public ErrorHandler errorHandler() {
        return engineConfig.errorHandler();
    }

    /** The transport part, as the engine takes it. */
    StatsdConfig engineConfig() {
        return engineConfig;
    }

    @Override
    public String toString() {
        return "GraphiteConfig{host=" + host() + ", port=" + port() + ", protocol=" + protocol() + ", prefix='" + prefix
                + "', interval=" + interval + ", maxPacketSize=" + maxPacketSize() + ", queueCapacity="
                + queueCapacity() + ", flushInterval=" + flushInterval() + '}';
    }

    /**
     * Fail-fast builder for {@link GraphiteConfig}. A setter checks its argument and throws a
     * {@link StatsdConfigException} naming the option; {@link #build()} checks the options that must fit together. The
     * transport options are those of {@link StatsdConfig.Builder}, kept in one.
     *
     * <pre>{@code
     * GraphiteConfig config = GraphiteConfig.builder().host("carbon").protocol(Protocol.UDP).build();
     * }</pre>
     */
    public static final class Builder {

        private final StatsdConfig.Builder transport =
                StatsdConfig.builder().port(DEFAULT_PORT).protocol(Protocol.TCP);
        private String prefix = "";
        private Duration interval = DEFAULT_INTERVAL;
        private Clock clock = Clock.systemUTC();

        private Builder() {}

        /**
         * Sets the carbon host (default {@code localhost}).
         *
         * @param host the host, never resolved on the caller's thread; not a {@code unix://} address
         * @return this builder
         */
        public Builder host(String host) {
            if (host != null && StatsdConfig.isUnixAddress(host)) {
                throw new StatsdConfigException("host", "carbon does not listen on Unix domain sockets");
            }
            transport.host(host);
            return this;
        }

        /**
         * Sets the carbon port (default 2003).
         *
         * @param port 1 to 65535
         * @return this builder
         */
        public Builder port(int port) {
            transport.port(port);
            return this;
        }

        /**
         * Sets the transport (default {@link Protocol#TCP}; {@link Protocol#UDP} for carbon's UDP listener).
         *
         * @param protocol TCP or UDP
         * @return this builder
         */
        public Builder protocol(Protocol protocol) {
            if (protocol != Protocol.TCP && protocol != Protocol.UDP) {
                throw new StatsdConfigException("protocol", "must be TCP or UDP for Graphite, was " + protocol);
            }
            transport.protocol(protocol);
            return this;
        }

        /**
         * Sets a prefix put before every path, joined with a dot (default none).
         *
         * @param prefix the prefix, or {@code null} or empty for none
         * @return this builder
         */
        public Builder prefix(String prefix) {
            this.prefix = (prefix == null) ? "" : prefix;
            return this;
        }

        /**
         * Sets the reporting interval (default 10 s): every timestamp is aligned down to a multiple of it, so that
         * clients reporting in the same interval write the same timestamp.
         *
         * @param interval whole seconds, at least 1 s
         * @return this builder
         */
        public Builder interval(Duration interval) {
            StatsdConfig.requireNonNull("interval", interval);
            if (interval.getSeconds() < 1 || interval.getNano() != 0) {
                throw new StatsdConfigException("interval", "must be whole seconds, at least 1 s, was " + interval);
            }
            this.interval = interval;
            return this;
        }

        /**
         * Sets the clock that gives the current time (default the system UTC clock), for tests.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = StatsdConfig.requireNonNull("clock", clock);
            return this;
        }

        /**
         * Sets the largest packet the sender writes (default 1432 bytes for UDP, 8192 for TCP).
         *
         * @param maxPacketSize at least 64 bytes, at most 1 MiB; at most 65507 for UDP (checked by {@link #build()})
         * @return this builder
         */
        public Builder maxPacketSize(int maxPacketSize) {
            transport.maxPacketSize(maxPacketSize);
            return this;
        }

        /**
         * Sets how many full packets may wait for the sender (default 1024).
         *
         * @param queueCapacity at least 1
         * @return this builder
         */
        public Builder queueCapacity(int queueCapacity) {
            transport.queueCapacity(queueCapacity);
            return this;
        }

        /**
         * Sets how long a part-filled packet may wait before it is sent (default 100 ms).
         *
         * @param flushInterval positive
         * @return this builder
         */
        public Builder flushInterval(Duration flushInterval) {
            transport.flushInterval(flushInterval);
            return this;
        }

        /**
         * Sets the TCP connect timeout (default 5 s).
         *
         * @param connectTimeout positive
         * @return this builder
         */
        public Builder connectTimeout(Duration connectTimeout) {
            transport.connectTimeout(connectTimeout);
            return this;
        }

        /**
         * Sets how long writing one packet over TCP may take (default zero: no timeout).
         *
         * @param sendTimeout zero or positive
         * @return this builder
         */
        public Builder sendTimeout(Duration sendTimeout) {
            transport.sendTimeout(sendTimeout);
            return this;
        }

        /**
         * Sets how long {@code close()} keeps draining queued lines (default 5 s).
         *
         * @param closeTimeout zero or positive
         * @return this builder
         */
        public Builder closeTimeout(Duration closeTimeout) {
            transport.closeTimeout(closeTimeout);
            return this;
        }

        /**
         * Sets a handler told about every sender I/O error (default: log a warning).
         *
         * @param errorHandler the handler, or {@code null} for the default
         * @return this builder
         */
        public Builder errorHandler(ErrorHandler errorHandler) {
            transport.errorHandler(errorHandler);
            return this;
        }

        /**
         * Checks the options that must fit together (the setters checked each value) and builds the configuration.
         *
         * @return the immutable configuration
         * @throws StatsdConfigException naming an option that does not fit the others
         */
        public GraphiteConfig build() {
            return new GraphiteConfig(this);
        }
    }
}
