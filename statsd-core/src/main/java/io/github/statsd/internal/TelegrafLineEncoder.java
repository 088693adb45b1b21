package io.github.statsd.internal;

import java.util.List;

/** {@code prefix.name,k=v,k2=v2:value|type|@rate}. */
final class TelegrafLineEncoder extends LineEncoder {

    private static final NameTagCache.TagFormat TAG = TelegrafLineEncoder::writeTag;

    private final byte[] constantTags;

    TelegrafLineEncoder(String prefix, List<String> constantTags) {
        super(prefix);
        LineWriter w = writerFor(constantTags);
        for (String tag : constantTags) {
            writeTag(w, tag);
        }
        this.constantTags = written(w);
    }

    private static void writeTag(LineWriter w, String tag) {
        int colon = keyEnd(tag);
        w.writeByte(',');
        if (colon < 0) {
            Sanitizer.STATSD.write(w, tag);
            w.writeByte('=');
            w.writeByte('t');
            w.writeByte('r');
            w.writeByte('u');
            w.writeByte('e');
        } else {
            writeTagPart(w, tag, 0, colon);
            w.writeByte('=');
            writeTagPart(w, tag, colon + 1, tag.length());
        }
    }

    @Override
    public void writeHead(LineWriter w, String name, String[] tags) {
        w.writeBytes(prefix);
        writeName(w, name);
        w.writeBytes(constantTags);
        if (tags != null) {
            for (String tag : tags) {
                if (tag != null && !tag.isEmpty()) {
                    w.cache().writeTag(tag, TAG);
                }
            }
        }
        w.writeByte(':');
    }

    @Override
    public void writeTail(LineWriter w, MetricType type, double sampleRate, String[] tags) {
        writeTypeAndRate(w, type.code(), sampleRate);
    }
}
