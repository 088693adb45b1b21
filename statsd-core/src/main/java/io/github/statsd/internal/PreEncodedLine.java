package io.github.statsd.internal;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The line of a meter (a counter or timer with its name and tags fixed) encoded once, around the hole for its value: a
 * call copies the bytes before and after the value and writes the value itself, with no lookup of its name or tags.
 */
public final class PreEncodedLine {

    final String name;
    final MetricType type;
    /** The sample rate of every call, written into the line. */
    final double rate;
    /** A copy of the meter's tags, for deferred calls and for aggregation. */
    final String[] tags;
    /** Whether a call may be deferred, as {@link MetricEncoder#fitsDeferred} decides for every call. */
    final boolean fitsDeferred;
    /** The encoded head (up to the colon) and tail (type, rate, tags and the rest), in one array. */
    private final byte[] bytes;

    private final int headLength;

    /** Encodes the line of a meter; the name is not empty. */
    PreEncodedLine(LineEncoder encoder, String name, MetricType type, double rate, String[] tags, boolean fits) {
        this.name = name;
        this.type = type;
        this.rate = rate;
        this.tags = tags == null ? null : tags.clone();
        this.fitsDeferred = fits;
        byte[] head = encoded(w -> encoder.writeHead(w, name, this.tags));
        byte[] tail = encoded(w -> encoder.writeTail(w, type, rate, this.tags));
        this.bytes = Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, bytes, head.length, tail.length);
        this.headLength = head.length;
    }

    /** @return the meter's name, as given */
    public String name() {
        return name;
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
     * Writes the line with a value. A line longer than the writer leaves it overflowed, which the engine counts as an
     * oversized drop.
     */
    void write(LineWriter w, ValueKind kind, long longValue, double doubleValue) {
        w.writeBytes(bytes, 0, headLength);
        if (kind == ValueKind.LONG_VALUE) {
            w.writeLong(longValue);
        } else {
            w.writeDouble(doubleValue);
        }
        w.writeBytes(bytes, headLength, bytes.length - headLength);
    }
}
