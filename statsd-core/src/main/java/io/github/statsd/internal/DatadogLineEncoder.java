package io.github.statsd.internal;

import java.time.Instant;
import java.util.List;

/**
 * {@code prefix.name:value|type|@rate|#constant:tags,call:tags|T<unix seconds>|c:<container id>}, the field order of
 * the DogStatsD datagram format; the timestamp only for timestamped metrics, the container id only when configured.
 * Also writes events and service checks.
 */
public final class DatadogLineEncoder extends LineEncoder {

    private static final byte[] TIMESTAMP = {'|', 'T'};
    private static final byte[] EVENT = {'_', 'e', '{'};
    private static final byte[] SERVICE_CHECK = {'_', 's', 'c', '|'};
    private static final NameTagCache.TagFormat TAG = DatadogLineEncoder::writeTag;

    /** {@code |#k:v,k2} for the constant tags, or empty. */
    private final byte[] constantTags;

    /** {@code |c:<id>}, or empty. */
    private final byte[] containerId;

    DatadogLineEncoder(String prefix, List<String> constantTags, String containerId) {
        super(prefix);
        this.containerId = containerId == null ? new byte[0] : bytes("|c:" + containerId, false);
        LineWriter w = writerFor(constantTags);
        for (String tag : constantTags) {
            w.writeByte(w.length() == 0 ? '#' : ',');
            writeTag(w, tag);
        }
        byte[] tags = written(w);
        if (tags.length > 0) {
            byte[] withBar = new byte[tags.length + 1];
            withBar[0] = '|';
            System.arraycopy(tags, 0, withBar, 1, tags.length);
            tags = withBar;
        }
        this.constantTags = tags;
    }

    static void writeTag(LineWriter w, String tag) {
        int colon = keyEnd(tag);
        if (colon < 0) {
            Sanitizer.STATSD.write(w, tag);
        } else {
            writeTagPart(w, tag, 0, colon);
            w.writeByte(':');
            writeTagPart(w, tag, colon + 1, tag.length());
        }
    }

    @Override
    public void writeHead(LineWriter w, String name, String[] tags) {
        w.writeBytes(prefix);
        writeName(w, name);
        w.writeByte(':');
    }

    @Override
    public void writeTail(LineWriter w, MetricType type, double sampleRate, String[] tags) {
        writeTypeAndRate(w, type.code(), sampleRate);
        writeTags(w, tags);
        w.writeBytes(containerId);
    }

    /**
     * Writes the tail of a timestamped metric (DogStatsD protocol v1.3): type, tags, {@code |T<seconds>}, container id.
     * Timestamped metrics are never sampled.
     *
     * @param w the writer
     * @param type the metric type, a counter or a gauge
     * @param tags the call's tags, may be {@code null}
     * @param epochSeconds the Unix time of the value
     */
    public void writeTimestampedTail(LineWriter w, MetricType type, String[] tags, long epochSeconds) {
        w.writeBytes(type.code());
        writeTags(w, tags);
        w.writeBytes(TIMESTAMP);
        w.writeLong(epochSeconds);
        w.writeBytes(containerId);
    }

    /**
     * Writes an event: {@code _e{<title bytes>,<text bytes>}:title|text|d:..|h:..|k:..|p:..|s:..|t:..|#tags|c:..}. Line
     * breaks in the title and text are escaped as {@code \n} and the lengths are their UTF-8 byte lengths after
     * escaping, so a {@code |} in them cannot break the format; in the other fields {@code |} and control characters
     * become {@code _}. Optional fields are {@code null} when absent.
     *
     * @param w the writer
     * @param title the title, not empty
     * @param text the text
     * @param timestamp when the event happened, or {@code null}
     * @param hostname the host name, or {@code null}
     * @param aggregationKey the aggregation key, or {@code null}
     * @param priority the priority as written ({@code normal}, {@code low}), or {@code null}
     * @param sourceType the source type, or {@code null}
     * @param alertType the alert type as written ({@code error}, {@code success}...), or {@code null}
     * @param tags the event's tags
     */
    public void writeEvent(
            LineWriter w,
            String title,
            String text,
            Instant timestamp,
            String hostname,
            String aggregationKey,
            String priority,
            String sourceType,
            String alertType,
            String[] tags) {
        Sanitizer rule = Sanitizer.DOGSTATSD_EVENT_TEXT;
        w.writeBytes(EVENT);
        w.writeLong(rule.length(title));
        w.writeByte(',');
        w.writeLong(rule.length(text));
        w.writeByte('}');
        w.writeByte(':');
        rule.write(w, title);
        w.writeByte('|');
        rule.write(w, text);
        writeTimestamp(w, timestamp);
        writeField(w, 'h', hostname);
        writeField(w, 'k', aggregationKey);
        writeField(w, 'p', priority);
        writeField(w, 's', sourceType);
        writeField(w, 't', alertType);
        writeTags(w, tags);
        w.writeBytes(containerId);
    }

    /**
     * Writes a service check: {@code _sc|name|status|d:..|h:..|#tags|c:..|m:message}, the message last as DogStatsD
     * requires. In the name and host name, {@code |} and control characters become {@code _}; in the message, line
     * breaks are escaped as {@code \n} and {@code |} becomes {@code _}. Optional fields are {@code null} when absent.
     *
     * @param w the writer
     * @param name the check's name, not empty
     * @param status the status code
     * @param timestamp when the status was observed, or {@code null}
     * @param hostname the host name, or {@code null}
     * @param tags the check's tags
     * @param message the message, or {@code null}
     */
    public void writeServiceCheck(
            LineWriter w, String name, int status, Instant timestamp, String hostname, String[] tags, String message) {
        w.writeBytes(SERVICE_CHECK);
        Sanitizer.DOGSTATSD_FIELD.write(w, name);
        w.writeByte('|');
        w.writeLong(status);
        writeTimestamp(w, timestamp);
        writeField(w, 'h', hostname);
        writeTags(w, tags);
        w.writeBytes(containerId);
        if (message != null) {
            writeKey(w, 'm');
            Sanitizer.DOGSTATSD_MESSAGE.write(w, message);
        }
    }

    private static void writeTimestamp(LineWriter w, Instant timestamp) {
        if (timestamp != null) {
            writeKey(w, 'd');
            w.writeLong(timestamp.getEpochSecond());
        }
    }

    /** Writes {@code |x:value}, or nothing for a null value. */
    private static void writeField(LineWriter w, char key, String value) {
        if (value != null) {
            writeKey(w, key);
            Sanitizer.DOGSTATSD_FIELD.write(w, value);
        }
    }

    private static void writeKey(LineWriter w, char key) {
        w.writeByte('|');
        w.writeByte(key);
        w.writeByte(':');
    }

    /**
     * Writes {@code |#} and the constant and call tags, or nothing when there are none; after a cached name, the bytes
     * are remembered for that name and these very tag strings, and copied the next time.
     *
     * @param w the writer
     * @param tags the call's tags, may be {@code null}
     */
    void writeTags(LineWriter w, String[] tags) {
        if (w.cache().writeRememberedTags(tags)) {
            return;
        }
        int start = w.length();
        w.writeBytes(constantTags);
        boolean first = constantTags.length == 0;
        if (tags != null) {
            for (String tag : tags) {
                if (tag != null && !tag.isEmpty()) {
                    if (first) {
                        w.writeByte('|');
                        w.writeByte('#');
                        first = false;
                    } else {
                        w.writeByte(',');
                    }
                    w.cache().writeTag(tag, TAG);
                }
            }
        }
        w.cache().rememberTags(tags, start);
    }

    @Override
    public boolean supportsGaugeDelta() {
        return false;
    }
}
