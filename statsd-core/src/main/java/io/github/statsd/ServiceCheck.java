package io.github.statsd;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A DogStatsD service check, sent with {@link DogStatsdClient#serviceCheck(ServiceCheck)}. Immutable; built with
 * {@link #builder(String, Status)}. Building never throws: a check without a name or status is dropped and counted as
 * invalid when it is sent.
 *
 * <pre>{@code
 * client.serviceCheck(ServiceCheck.builder("shop.db", ServiceCheck.Status.CRITICAL)
 *         .message("connection refused")
 *         .build());
 * }</pre>
 *
 * @see <a href="https://docs.datadoghq.com/developers/dogstatsd/datagram_shell/?tab=servicechecks">DogStatsD service
 *     checks</a>
 */
public final class ServiceCheck {

    /**
     * The state of the service, sent as its number.
     *
     * <pre>{@code
     * ServiceCheck.builder("shop.db", ServiceCheck.Status.WARNING).build();   // _sc|shop.db|1
     * }</pre>
     */
    public enum Status {
        /** 0. */
        OK(0),
        /** 1. */
        WARNING(1),
        /** 2. */
        CRITICAL(2),
        /** 3. */
        UNKNOWN(3);

        private final int code;

        Status(int code) {
            this.code = code;
        }

        /** @return the number DogStatsD uses for the status */
        public int code() {
            return code;
        }
    }

    private final String name;
    private final Status status;
    private final Instant timestamp;
    private final String hostname;
    private final String message;
    private final List<String> tags;

    private ServiceCheck(Builder b) {
        this.name = b.name;
        this.status = b.status;
        this.timestamp = b.timestamp;
        this.hostname = b.hostname;
        this.message = b.message;
        this.tags = Collections.unmodifiableList(new ArrayList<>(b.tags));
    }

    /**
     * Starts a service check.
     *
     * @param name the check name, not empty (not prefixed by the client's prefix)
     * @param status the status
     * @return a new builder
     */
    public static Builder builder(String name, Status status) {
        return new Builder(name, status);
    }

    /** @return the check name */
    public String name() {
        return name;
    }

    /** @return the status */
    public Status status() {
        return status;
    }

    /** @return when the check ran ({@code d:}), or {@code null} for the Agent's receive time */
    public Instant timestamp() {
        return timestamp;
    }

    /** @return the host name ({@code h:}), or {@code null} */
    public String hostname() {
        return hostname;
    }

    /** @return the message ({@code m:}, always the last field), or {@code null} */
    public String message() {
        return message;
    }

    /** @return the check's own tags, {@code key:value} strings (the client's constant tags are added) */
    public List<String> tags() {
        return tags;
    }

    @Override
    public String toString() {
        return "ServiceCheck{name='" + name + "', status=" + status + ", tags=" + tags + '}';
    }

    /**
     * Builder of a {@link ServiceCheck}; every field but the name and status is optional.
     *
     * <pre>{@code
     * ServiceCheck down = ServiceCheck.builder("shop.db", ServiceCheck.Status.CRITICAL).message("refused").build();
     * }</pre>
     */
    public static final class Builder {
        private final String name;
        private final Status status;
        private Instant timestamp;
        private String hostname;
        private String message;
        private final List<String> tags = new ArrayList<>();

        private Builder(String name, Status status) {
            this.name = name;
            this.status = status;
        }

        /**
         * Sets when the check ran, sent in Unix seconds.
         *
         * @param timestamp the time, or {@code null} for the Agent's receive time
         * @return this builder
         */
        public Builder timestamp(Instant timestamp) {
            this.timestamp = timestamp;
            return this;
        }

        /**
         * Sets the host the check is about.
         *
         * @param hostname the host name, or {@code null}
         * @return this builder
         */
        public Builder hostname(String hostname) {
            this.hostname = hostname;
            return this;
        }

        /**
         * Sets a message describing the state. Line breaks are sent escaped as {@code \n} and {@code |} as {@code _},
         * so that the message stays one field.
         *
         * @param message the message, or {@code null}
         * @return this builder
         */
        public Builder message(String message) {
            this.message = message;
            return this;
        }

        /**
         * Adds tags; {@code null} and empty ones are ignored.
         *
         * @param tags {@code key:value} strings
         * @return this builder
         */
        public Builder tags(String... tags) {
            if (tags != null) {
                for (String tag : tags) {
                    if (tag != null && !tag.isEmpty()) {
                        this.tags.add(tag);
                    }
                }
            }
            return this;
        }

        /**
         * Builds the service check. Never throws.
         *
         * @return the immutable service check
         */
        public ServiceCheck build() {
            return new ServiceCheck(this);
        }
    }
}
