package io.github.statsd.internal;

import java.util.List;

/** {@code prefix.name:value|type|@rate|#constant:tags,call:tags}. */
final class DatadogLineEncoder extends LineEncoder {

    /** {@code |#k:v,k2} for the constant tags, or empty. */
    private final byte[] constantTags;

    DatadogLineEncoder(String prefix, List<String> constantTags) {
        super(prefix);
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
    }

    /**
     * Writes {@code |#} and the constant and call tags, or nothing when there are none.
     *
     * @param w the writer
     * @param tags the call's tags, may be {@code null}
     */
    void writeTags(LineWriter w, String[] tags) {
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
                    writeTag(w, tag);
                }
            }
        }
    }

    @Override
    public boolean supportsGaugeDelta() {
        return false;
    }
}
