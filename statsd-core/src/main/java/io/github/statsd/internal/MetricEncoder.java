package io.github.statsd.internal;

/**
 * Writes the entry of one metric call with a flavour's {@link LineEncoder}, in the caller's thread or, for a deferred
 * call, in a sender's; and tells whether a call's entry surely fits a packet, so that it may be deferred.
 */
public final class MetricEncoder {

    private static final String[] NO_TAGS = new String[0];

    private final LineEncoder encoder;
    /**
     * The most characters a call's name and tags may have together for the call to be deferred (encoded by a sender):
     * few enough that its entry cannot exceed a packet, so that an oversized line is still counted in the caller's
     * thread. Zero or less when packets are too small for any.
     */
    private final int deferredChars;

    /**
     * Creates the encoder of a client.
     *
     * @param encoder the flavour's line encoder
     * @param maxPacketSize the most bytes of a packet
     */
    public MetricEncoder(LineEncoder encoder, int maxPacketSize) {
        this.encoder = encoder;
        this.deferredChars = deferredChars(encoder, maxPacketSize);
    }

    /** @return the flavour's line encoder */
    LineEncoder lineEncoder() {
        return encoder;
    }

    /** @return the character budget of {@link #fitsDeferred} (for tests of its bounds) */
    int deferredChars() {
        return deferredChars;
    }

    /** @return whether the flavour writes gauge deltas */
    boolean supportsGaugeDelta() {
        return encoder.supportsGaugeDelta();
    }

    /**
     * Whether a call can be deferred: few enough tags, and few enough characters that its entry fits a packet whatever
     * they encode to (at most 3 bytes each, twice for a negative gauge's two lines).
     */
    boolean fitsDeferred(String name, String[] tags) {
        int chars = name.length();
        if (tags != null) {
            if (tags.length > Packet.MAX_DEFERRED_TAGS) {
                return false;
            }
            for (String tag : tags) {
                if (tag != null) {
                    chars += tag.length();
                }
            }
        }
        return chars <= deferredChars;
    }

    /**
     * The character budget of {@link #fitsDeferred}: what a packet leaves after two entries' fixed parts (prefix,
     * constant tags, the longest value, rate, type and separators), divided by the 6 bytes a character may cost.
     */
    private static int deferredChars(LineEncoder encoder, int maxPacketSize) {
        LineWriter w = new LineWriter(maxPacketSize + 1);
        encoder.writeHead(w, "x", NO_TAGS);
        encoder.writeTail(w, MetricType.TIMER, 0.5, NO_TAGS);
        // a value and a rate as long as they get, type codes, tag separators
        int fixed = w.length() + 2 * 25 + 4 + 2 * (Packet.MAX_DEFERRED_TAGS + 2);
        return w.overflowed() ? 0 : (maxPacketSize - 2 * fixed - 1) / 6;
    }

    /**
     * Writes one entry: one line, or for a negative absolute gauge with delta flavours, a reset line and a delta.
     *
     * @param w the writer
     * @param name the metric name
     * @param type the metric type
     * @param kind which value the call carries
     * @param longValue the value, when a long
     * @param doubleValue the value, when a double
     * @param member the set member, when a string
     * @param rate the sample rate
     * @param tags the call's tags, may be {@code null}
     */
    public void write(
            LineWriter w,
            String name,
            MetricType type,
            ValueKind kind,
            long longValue,
            double doubleValue,
            String member,
            double rate,
            String[] tags) {
        String[] t = tags == null ? NO_TAGS : tags;
        boolean negativeGauge = type == MetricType.GAUGE
                && kind != ValueKind.GAUGE_DELTA
                && (kind == ValueKind.LONG_VALUE ? longValue < 0 : doubleValue < 0)
                && encoder.supportsGaugeDelta();
        if (negativeGauge) {
            encoder.writeHead(w, name, t);
            w.writeByte('0');
            encoder.writeTail(w, type, 1.0, t);
            w.writeByte('\n');
        }
        encoder.writeHead(w, name, t);
        if (kind == ValueKind.LONG_VALUE) {
            w.writeLong(longValue);
        } else if (kind == ValueKind.SET_MEMBER) {
            w.writeSanitized(member);
        } else if (kind == ValueKind.GAUGE_DELTA) {
            if (!(doubleValue < 0 || (doubleValue == 0 && 1 / doubleValue < 0))) {
                w.writeByte('+');
            } else if (doubleValue == 0) {
                w.writeByte('-');
            }
            w.writeDouble(doubleValue);
        } else {
            w.writeDouble(doubleValue);
        }
        encoder.writeTail(w, type, rate, t);
    }
}
