package io.github.statsd.internal;

import java.util.List;

/**
 * {@code prefix.name:value|type|@rate|#constant:tags,call:tags|T<unix seconds>|c:<container id>}, the field order of
 * the DogStatsD datagram format; the timestamp only for timestamped metrics, the container id only when configured.
 */
public final class DatadogLineEncoder extends LineEncoder {

    private static final byte[] TIMESTAMP = {'|', 'T'};
    private static final LineWriter.TagFormat TAG = DatadogLineEncoder::writeTag;

    /** {@code |#k:v,k2} for the constant tags, or empty. */
    private final byte[] constantTags;

    /** {@code |c:<id>}, or empty. */
    private final byte[] containerId;

    DatadogLineEncoder(String prefix, List<String> constantTags, String containerId) {
        super(prefix);
        this.containerId = containerId == null ? new byte[0] : bytes("|c:" + containerId, false);
        LineWriter w = new LineWriter(8192);
        for (String tag : constantTags) {
            w.writeByte(w.length() == 0 ? '#' : ',');
            writeTag(w, tag);
        }
        byte[] tags = java.util.Arrays.copyOf(w.array(), w.length());
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
            w.writeSanitized(tag);
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
     * Writes the tail of a timestamped metric (DogStatsD protocol v1.3): type, tags, {@code |T<seconds>}, container
     * id. Timestamped metrics are never sampled.
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
     * Writes {@code |c:<id>} when a container id is configured.
     *
     * @param w the writer
     */
    public void writeContainerId(LineWriter w) {
        w.writeBytes(containerId);
    }

    /**
     * Writes {@code |#} and the constant and call tags, or nothing when there are none; after a cached name, the
     * bytes are remembered for that name and these very tag strings, and copied the next time.
     *
     * @param w the writer
     * @param tags the call's tags, may be {@code null}
     */
    public void writeTags(LineWriter w, String[] tags) {
        if (w.writeRememberedTags(tags)) {
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
                    w.writeTagCached(tag, TAG);
                }
            }
        }
        w.rememberTags(tags, start);
    }

    @Override
    public boolean supportsGaugeDelta() {
        return false;
    }
}
