package io.github.statsd.internal;

import java.util.List;

/** {@code prefix.name.tagkey.tagvalue:value|type|@rate}: tags folded into the name. */
final class EtsyLineEncoder extends LineEncoder {

    private static final NameTagCache.TagFormat TAG = EtsyLineEncoder::fold;

    private final byte[] constantSuffix;

    EtsyLineEncoder(String prefix, List<String> constantTags) {
        super(prefix);
        LineWriter w = writerFor(constantTags);
        for (String tag : constantTags) {
            fold(w, tag);
        }
        this.constantSuffix = written(w);
    }

    private static void fold(LineWriter w, String tag) {
        int colon = keyEnd(tag);
        w.writeByte('.');
        if (colon < 0) {
            Sanitizer.STATSD.write(w, tag);
        } else {
            writeTagPart(w, tag, 0, colon);
            w.writeByte('.');
            writeTagPart(w, tag, colon + 1, tag.length());
        }
    }

    @Override
    public void writeHead(LineWriter w, String name, String[] tags) {
        w.writeBytes(prefix);
        writeName(w, name);
        w.writeBytes(constantSuffix);
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
        MetricType written =
                (type == MetricType.HISTOGRAM || type == MetricType.DISTRIBUTION) ? MetricType.TIMER : type;
        writeTypeAndRate(w, written.code(), sampleRate);
    }
}
