package io.github.statsd;

import io.github.statsd.internal.LineEncoder;
import io.github.statsd.internal.LineWriter;
import io.github.statsd.internal.MetricType;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The line of a meter ({@link StatsdCounter}, {@link StatsdTimer}) encoded once, around the hole for its value: a
 * call copies the bytes before and after the value and writes the value itself, with no lookup of its name or tags.
 */
final class PreEncodedLine {

    final String name;
    final MetricType type;
    /** A copy of the meter's tags, for the calls kept as records and for aggregation. */
    final String[] tags;
    /** Whether a call may be kept as a record, as {@link StatsdClient} decides for every call with these strings. */
    final boolean fitsRecord;
    /** The encoded head (up to the colon) and tail (type, rate, tags and the rest), in one array. */
    private final byte[] bytes;

    private final int headLength;

    /** Encodes the line of a meter; the name is not empty. */
    PreEncodedLine(LineEncoder encoder, String name, MetricType type, double rate, String[] tags, boolean fitsRecord) {
        this.name = name;
        this.type = type;
        this.tags = tags == null ? null : tags.clone();
        this.fitsRecord = fitsRecord;
        byte[] head = encoded(w -> encoder.writeHead(w, name, this.tags));
        byte[] tail = encoded(w -> encoder.writeTail(w, type, rate, this.tags));
        this.bytes = Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, bytes, head.length, tail.length);
        this.headLength = head.length;
    }

    /** Encodes a part of the line, in a writer as large as it takes. */
    private static byte[] encoded(Consumer<LineWriter> part) {
        for (int capacity = 256; ; capacity *= 2) {
            LineWriter w = new LineWriter(capacity);
            part.accept(w);
            if (!w.overflowed()) {
                return Arrays.copyOf(w.array(), w.length());
            }
        }
    }

    /**
     * Writes the line with a value. A line longer than the writer leaves it overflowed, which the engine counts as
     * an oversized drop.
     */
    void write(LineWriter w, int kind, long lv, double dv) {
        w.writeBytes(bytes, 0, headLength);
        if (kind == StatsdClient.LONG) {
            w.writeLong(lv);
        } else {
            w.writeDouble(dv);
        }
        w.writeBytes(bytes, headLength, bytes.length - headLength);
    }
}
