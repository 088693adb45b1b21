package io.github.statsd.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Writes one StatsD line in one flavour. A line is written in two halves around the value, which the caller writes
 * itself (so that no value is boxed): {@link #writeHead} writes the name (and, for some flavours, the tags) and the
 * colon; {@link #writeTail} writes the type, the sample rate and the rest.
 */
public abstract class LineEncoder {

    private static final byte[] RATE = "|@".getBytes(StandardCharsets.US_ASCII);

    /** The prefix with its trailing dot, sanitized, or empty. */
    protected final byte[] prefix;

    /**
     * Creates an encoder.
     *
     * @param prefix the configured prefix, may be empty
     */
    protected LineEncoder(String prefix) {
        this.prefix = prefix.isEmpty() ? new byte[0] : bytes(prefix + '.', true);
    }

    /**
     * Returns the encoder of plain StatsD, tags folded into the name.
     *
     * @param prefix the name prefix, may be empty
     * @param constantTags tags for every line
     * @return the encoder
     */
    public static LineEncoder etsy(String prefix, List<String> constantTags) {
        return new EtsyLineEncoder(prefix, constantTags);
    }

    /**
     * Returns the encoder of DogStatsD.
     *
     * @param prefix the name prefix, may be empty
     * @param constantTags tags for every line
     * @param containerId the container id, or {@code null}
     * @return the encoder
     */
    public static DatadogLineEncoder datadog(String prefix, List<String> constantTags, String containerId) {
        return new DatadogLineEncoder(prefix, constantTags, containerId);
    }

    /**
     * Returns the encoder of Telegraf's StatsD, tags in the name.
     *
     * @param prefix the name prefix, may be empty
     * @param constantTags tags for every line
     * @return the encoder
     */
    public static LineEncoder telegraf(String prefix, List<String> constantTags) {
        return new TelegrafLineEncoder(prefix, constantTags);
    }

    /**
     * Writes what comes before the value, ending with {@code :}.
     *
     * @param w the writer
     * @param name the metric name, not empty
     * @param tags the call's tags, may be {@code null}
     */
    public abstract void writeHead(LineWriter w, String name, String[] tags);

    /**
     * Writes what comes after the value.
     *
     * @param w the writer
     * @param type the metric type
     * @param sampleRate the rate the line was sampled at, 1 for none
     * @param tags the call's tags, may be {@code null}
     */
    public abstract void writeTail(LineWriter w, MetricType type, double sampleRate, String[] tags);

    /**
     * Returns whether the flavour has gauge deltas ({@code +3|g}, {@code -3|g}). Where it has, a leading minus sign
     * means a delta, so an absolute gauge below zero is sent as a reset to 0 followed by a delta.
     *
     * @return true for flavours with gauge deltas
     */
    public boolean supportsGaugeDelta() {
        return true;
    }

    /**
     * Writes the type code and the sample rate.
     *
     * @param w the writer
     * @param code the type code
     * @param sampleRate the rate, written when below 1
     */
    protected static void writeTypeAndRate(LineWriter w, byte[] code, double sampleRate) {
        w.writeBytes(code);
        if (sampleRate < 1.0) {
            w.writeBytes(RATE);
            w.writeDouble(sampleRate);
        }
    }

    /**
     * Returns the index of the colon that separates a tag's key and value.
     *
     * @param tag a {@code key:value} or {@code key} tag
     * @return the index, or -1 for a tag without value
     */
    protected static int keyEnd(String tag) {
        return tag.indexOf(':');
    }

    /**
     * Writes the key or the value of a {@code key:value} tag, sanitized. An empty part (the tags {@code ":v"},
     * {@code "k:"}, {@code ":"}) is written as {@code _}, as a sanitized character would be: an empty tag key or value
     * is malformed in Telegraf and DogStatsD.
     *
     * @param w the writer
     * @param tag the tag
     * @param from first index, inclusive
     * @param to last index, exclusive
     */
    protected static void writeTagPart(LineWriter w, String tag, int from, int to) {
        if (from == to) {
            w.writeByte('_');
        } else {
            Sanitizer.STATSD.write(w, tag, from, to);
        }
    }

    /**
     * Encodes a fixed string once, at construction.
     *
     * @param s the string
     * @param sanitize whether to apply the sanitizing rule
     * @return its bytes
     */
    protected static byte[] bytes(String s, boolean sanitize) {
        if (!sanitize) {
            return s.getBytes(StandardCharsets.UTF_8);
        }
        LineWriter w = new LineWriter(s.length() * 4 + 1);
        Sanitizer.STATSD.write(w, s);
        return written(w);
    }

    /**
     * Returns a writer large enough for all the constant tags in any flavour's format, so that none is cut: at most 3
     * bytes per character, plus separators and the parts written for empty or missing values.
     *
     * @param constantTags the tags
     * @return an empty writer
     */
    protected static LineWriter writerFor(List<String> constantTags) {
        int capacity = 2;
        for (String tag : constantTags) {
            capacity += tag.length() * 3 + 6;
        }
        return new LineWriter(capacity);
    }

    /**
     * Returns the bytes written.
     *
     * @param w the writer
     * @return a copy of its bytes
     */
    protected static byte[] written(LineWriter w) {
        return Arrays.copyOf(w.array(), w.length());
    }

    /**
     * Writes a metric name with the sanitizing rule applied (dots are kept).
     *
     * @param w the writer
     * @param name the name
     */
    protected static void writeName(LineWriter w, String name) {
        w.cache().writeName(name);
    }
}
