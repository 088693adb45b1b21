package io.github.statsd;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * A DogStatsD event, sent with {@link DogStatsdClient#event(Event)}. Immutable; built with {@link #builder(String,
 * String)}. Building never throws: an event without a title is dropped and counted as invalid when it is sent.
 *
 * <pre>{@code
 * client.event(Event.builder("Deploy finished", "version 1.4.2\nall checks green")
 *         .alertType(Event.AlertType.SUCCESS)
 *         .tags("service:shop")
 *         .build());
 * }</pre>
 *
 * @see <a href="https://docs.datadoghq.com/developers/dogstatsd/datagram_shell/?tab=events">DogStatsD events</a>
 */
public final class Event {

    /**
     * How prominently the event is shown.
     *
     * <pre>{@code
     * Event.builder("Nightly export", "done").priority(Event.Priority.LOW).build();
     * }</pre>
     */
    public enum Priority {
        /** {@code p:normal}, the Agent's default. */
        NORMAL,
        /** {@code p:low}. */
        LOW;

        String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * The kind of alert the event is.
     *
     * <pre>{@code
     * Event.builder("Deploy failed", "v1.4.2").alertType(Event.AlertType.ERROR).build();
     * }</pre>
     */
    public enum AlertType {
        /** {@code t:info}, the Agent's default. */
        INFO,
        /** {@code t:warning}. */
        WARNING,
        /** {@code t:error}. */
        ERROR,
        /** {@code t:success}. */
        SUCCESS;

        String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final String title;
    private final String text;
    private final Instant timestamp;
    private final String hostname;
    private final String aggregationKey;
    private final Priority priority;
    private final String sourceType;
    private final AlertType alertType;
    private final List<String> tags;

    private Event(Builder b) {
        this.title = b.title;
        this.text = b.text;
        this.timestamp = b.timestamp;
        this.hostname = b.hostname;
        this.aggregationKey = b.aggregationKey;
        this.priority = b.priority;
        this.sourceType = b.sourceType;
        this.alertType = b.alertType;
        this.tags = Collections.unmodifiableList(new ArrayList<>(b.tags));
    }

    /**
     * Starts an event.
     *
     * @param title the title, not empty
     * @param text the text; line breaks are sent escaped as {@code \n}, as DogStatsD expects
     * @return a new builder
     */
    public static Builder builder(String title, String text) {
        return new Builder(title, text);
    }

    /** @return the title */
    public String title() {
        return title;
    }

    /** @return the text */
    public String text() {
        return text;
    }

    /** @return when the event happened ({@code d:}), or {@code null} for the Agent's receive time */
    public Instant timestamp() {
        return timestamp;
    }

    /** @return the host name ({@code h:}), or {@code null} */
    public String hostname() {
        return hostname;
    }

    /** @return the key grouping events together ({@code k:}), or {@code null} */
    public String aggregationKey() {
        return aggregationKey;
    }

    /** @return the priority ({@code p:}), or {@code null} for the Agent's default */
    public Priority priority() {
        return priority;
    }

    /** @return the source type name ({@code s:}), or {@code null} */
    public String sourceType() {
        return sourceType;
    }

    /** @return the alert type ({@code t:}), or {@code null} for the Agent's default */
    public AlertType alertType() {
        return alertType;
    }

    /** @return the event's own tags, {@code key:value} strings (the client's constant tags are added) */
    public List<String> tags() {
        return tags;
    }

    @Override
    public String toString() {
        return "Event{title='" + title + "', alertType=" + alertType + ", tags=" + tags + '}';
    }

    /**
     * Builder of an {@link Event}; every field but the title and text is optional.
     *
     * <pre>{@code
     * Event deploy = Event.builder("Deploy finished", "v1.4.2").hostname("web-1").tags("env:prod").build();
     * }</pre>
     */
    public static final class Builder {
        private final String title;
        private final String text;
        private Instant timestamp;
        private String hostname;
        private String aggregationKey;
        private Priority priority;
        private String sourceType;
        private AlertType alertType;
        private final List<String> tags = new ArrayList<>();

        private Builder(String title, String text) {
            this.title = title;
            this.text = text;
        }

        /**
         * Sets when the event happened, sent in Unix seconds.
         *
         * @param timestamp the time, or {@code null} for the Agent's receive time
         * @return this builder
         */
        public Builder timestamp(Instant timestamp) {
            this.timestamp = timestamp;
            return this;
        }

        /**
         * Sets the host the event is about.
         *
         * @param hostname the host name, or {@code null}
         * @return this builder
         */
        public Builder hostname(String hostname) {
            this.hostname = hostname;
            return this;
        }

        /**
         * Sets a key that groups this event with others that have it.
         *
         * @param aggregationKey the key, or {@code null}
         * @return this builder
         */
        public Builder aggregationKey(String aggregationKey) {
            this.aggregationKey = aggregationKey;
            return this;
        }

        /**
         * Sets the priority.
         *
         * @param priority the priority, or {@code null} for the Agent's default (normal)
         * @return this builder
         */
        public Builder priority(Priority priority) {
            this.priority = priority;
            return this;
        }

        /**
         * Sets the source type name.
         *
         * @param sourceType the name, or {@code null}
         * @return this builder
         */
        public Builder sourceType(String sourceType) {
            this.sourceType = sourceType;
            return this;
        }

        /**
         * Sets the alert type.
         *
         * @param alertType the type, or {@code null} for the Agent's default (info)
         * @return this builder
         */
        public Builder alertType(AlertType alertType) {
            this.alertType = alertType;
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
         * Builds the event. Never throws.
         *
         * @return the immutable event
         */
        public Event build() {
            return new Event(this);
        }
    }
}
