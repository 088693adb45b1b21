package io.github.statsd.internal;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

/**
 * Writes one line (or one multi-line entry) as UTF-8 bytes into a fixed array, with no allocation for names, tags and
 * numbers of ordinary size. Writing past the capacity sets {@link #overflowed()} instead of throwing. The
 * {@link Sanitizer} rules decide what text may be written as it is; the writer's {@link NameTagCache} holds what it
 * wrote before.
 */
public final class LineWriter {

    private static final long[] POW10 = {
        1L,
        10L,
        100L,
        1_000L,
        10_000L,
        100_000L,
        1_000_000L,
        10_000_000L,
        100_000_000L,
        1_000_000_000L,
        10_000_000_000L,
        100_000_000_000L,
        1_000_000_000_000L,
        10_000_000_000_000L,
        100_000_000_000_000L,
        1_000_000_000_000_000L,
        10_000_000_000_000_000L,
        100_000_000_000_000_000L,
        1_000_000_000_000_000_000L
    };

    /** Fraction digits written for non-integral doubles. */
    public static final int DOUBLE_FRACTION_DIGITS = 6;

    private final byte[] buf;
    private int pos;
    private boolean overflow;
    private final NameTagCache cache = new NameTagCache(this);

    /**
     * Creates a writer.
     *
     * @param capacity the largest entry it holds, in bytes
     */
    public LineWriter(int capacity) {
        this.buf = new byte[capacity];
    }

    /** Starts a new entry. */
    public void reset() {
        pos = 0;
        overflow = false;
        cache.newEntry();
    }

    /** @return this writer's cache of encoded names and tags */
    NameTagCache cache() {
        return cache;
    }

    /** @return the bytes written so far (valid up to {@link #length()}) */
    public byte[] array() {
        return buf;
    }

    /** @return the number of bytes written */
    public int length() {
        return pos;
    }

    /** @return whether something did not fit */
    public boolean overflowed() {
        return overflow;
    }

    /**
     * Writes one byte.
     *
     * @param b the byte
     */
    public void writeByte(int b) {
        if (pos < buf.length) {
            buf[pos++] = (byte) b;
        } else {
            overflow = true;
        }
    }

    /**
     * Writes bytes as they are.
     *
     * @param bytes the bytes
     */
    public void writeBytes(byte[] bytes) {
        writeBytes(bytes, 0, bytes.length);
    }

    /**
     * Writes part of an array.
     *
     * @param bytes the bytes
     * @param from the first index
     * @param n how many
     */
    public void writeBytes(byte[] bytes, int from, int n) {
        if (pos + n <= buf.length) {
            System.arraycopy(bytes, from, buf, pos, n);
            pos += n;
        } else {
            overflow = true;
        }
    }

    /**
     * Writes a string with the {@link Sanitizer#STATSD} rule, as names, tags and set members are written.
     *
     * @param s the string
     */
    public void writeSanitized(CharSequence s) {
        Sanitizer.STATSD.write(this, s);
    }

    /**
     * Writes the character at an index as UTF-8 (a surrogate pair as one code point, an unpaired surrogate as
     * {@code ?}), with no sanitizing: for encoders with their own rules.
     *
     * @param s the string
     * @param i the index of the character
     * @param to the end of the string part being written, exclusive
     * @return the index after the character (after the pair for a surrogate pair)
     */
    public int writeChar(CharSequence s, int i, int to) {
        char c = s.charAt(i);
        if (c < 0x80) {
            writeByte(c);
        } else if (c < 0x800) {
            writeByte(0xC0 | (c >> 6));
            writeByte(0x80 | (c & 0x3F));
        } else if (Character.isHighSurrogate(c) && i + 1 < to && Character.isLowSurrogate(s.charAt(i + 1))) {
            int cp = Character.toCodePoint(c, s.charAt(++i));
            writeByte(0xF0 | (cp >> 18));
            writeByte(0x80 | ((cp >> 12) & 0x3F));
            writeByte(0x80 | ((cp >> 6) & 0x3F));
            writeByte(0x80 | (cp & 0x3F));
        } else if (Character.isSurrogate(c)) {
            writeByte('?');
        } else {
            writeByte(0xE0 | (c >> 12));
            writeByte(0x80 | ((c >> 6) & 0x3F));
            writeByte(0x80 | (c & 0x3F));
        }
        return i + 1;
    }

    /**
     * Writes a decimal long.
     *
     * @param v the value
     */
    public void writeLong(long v) {
        if (v < 0) {
            if (v == Long.MIN_VALUE) {
                writeBytes("-9223372036854775808".getBytes(StandardCharsets.US_ASCII));
                return;
            }
            writeByte('-');
            v = -v;
        }
        int digits = digits(v);
        if (pos + digits > buf.length) {
            overflow = true;
            return;
        }
        int end = pos + digits;
        for (int i = end - 1; i >= pos; i--) {
            buf[i] = (byte) ('0' + (v % 10));
            v /= 10;
        }
        pos = end;
    }

    private static int digits(long v) {
        for (int d = 1; d < POW10.length; d++) {
            if (v < POW10[d]) {
                return d;
            }
        }
        return 19;
    }

    /**
     * Writes a finite double in plain decimal notation (never exponent notation): integral values as integers, others
     * rounded to {@value #DOUBLE_FRACTION_DIGITS} fraction digits with trailing zeros removed; values too large or too
     * small for that are written exactly, in full.
     *
     * @param v a finite value
     */
    public void writeDouble(double v) {
        double abs = Math.abs(v);
        if (abs < 9.0e15 && v == (long) v) {
            writeLong((long) v);
            return;
        }
        // below 9e9, abs * 1e6 stays under 2^53, where the scaled value is exact to within one unit
        if (abs < 9.0e9 && abs >= 1.0e-6) {
            long scaled = Math.round(abs * 1_000_000d);
            long intPart = scaled / 1_000_000L;
            long frac = scaled % 1_000_000L;
            if (v < 0) {
                writeByte('-');
            }
            writeLong(intPart);
            if (frac != 0) {
                int width = DOUBLE_FRACTION_DIGITS;
                while (frac % 10 == 0) {
                    frac /= 10;
                    width--;
                }
                writeByte('.');
                for (int d = digits(frac); d < width; d++) {
                    writeByte('0');
                }
                writeLong(frac);
            }
            return;
        }
        // Rare: very large or very small magnitudes. Exact and plain, at the cost of an allocation.
        writeBytes(BigDecimal.valueOf(v).stripTrailingZeros().toPlainString().getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public String toString() {
        return new String(buf, 0, pos, StandardCharsets.UTF_8);
    }
}
