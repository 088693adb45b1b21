package io.github.statsd.internal;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

/**
 * Writes one line (or one multi-line entry) as UTF-8 bytes into a fixed array, with no allocation for names, tags
 * and numbers of ordinary size. Writing past the capacity sets {@link #overflowed()} instead of throwing.
 *
 * <p>Sanitizing rule, the same for every flavour: in names, tag keys, tag values and set members every character
 * that separates fields in some flavour ({@code : | @ # , = ;}), every whitespace and every ISO control character is
 * written as {@code _}; an unpaired surrogate is written as {@code ?}. So one call can never produce a second line
 * or a malformed one.
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
    private BytesCache<CachedName> names;
    private BytesCache<byte[]> tags;
    /** The name this entry was written with, when it is cached: where its tags' bytes may be remembered. */
    private CachedName current;

    /** Writes one tag in a flavour's format; used to fill the tag cache. */
    @FunctionalInterface
    public interface TagFormat {
        /**
         * Writes a tag.
         *
         * @param w the writer
         * @param tag the {@code key:value} tag
         */
        void write(LineWriter w, String tag);
    }

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
        current = null;
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
     * Moves the write position back, dropping what was written after it.
     *
     * @param length the new length
     */
    public void truncate(int length) {
        pos = length;
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
     * Returns whether a character is replaced by the sanitizing rule.
     *
     * @param c the character
     * @return whether it is written as {@code _}
     */
    public static boolean isReserved(char c) {
        if (c < 0x80) {
            return c <= ' ' || c == 0x7f || c == ':' || c == '|' || c == '@' || c == '#' || c == ',' || c == '='
                    || c == ';';
        }
        return Character.isISOControl(c) || Character.isWhitespace(c) || Character.isSpaceChar(c);
    }

    /**
     * Writes a string with the sanitizing rule applied.
     *
     * @param s the string
     */
    public void writeSanitized(CharSequence s) {
        writeSanitized(s, 0, s.length());
    }

    /**
     * Writes part of a string with the sanitizing rule applied.
     *
     * @param s the string
     * @param from first index, inclusive
     * @param to last index, exclusive
     */
    public void writeSanitized(CharSequence s, int from, int to) {
        int i = from;
        while (i < to) {
            if (isReserved(s.charAt(i))) {
                writeByte('_');
                i++;
            } else {
                i = writeChar(s, i, to);
            }
        }
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
     * Writes a name with the sanitizing rule applied, from this writer's cache when it was written before.
     *
     * @param name the name
     */
    public void writeNameCached(String name) {
        if (names == null) {
            names = new BytesCache<>();
        }
        CachedName cached = names.get(name);
        if (cached != null) {
            writeBytes(cached.bytes, 0, cached.nameLength);
            current = cached;
            return;
        }
        current = null;
        int start = pos;
        writeSanitized(name);
        if (!overflow && names.size() < BytesCache.MAX_ENTRIES) {
            current = new CachedName(java.util.Arrays.copyOfRange(buf, start, pos));
            names.put(name, current);
        }
    }

    /** @return how many names this writer holds encoded, so that tests can see the cache taking repeats */
    int cachedNames() {
        return names == null ? 0 : names.size();
    }

    /** @return how many tags this writer holds encoded, so that tests can see the cache taking repeats */
    int cachedTags() {
        return tags == null ? 0 : tags.size();
    }

    /**
     * Writes the bytes a flavour wrote before for this very set of tags after the name of this entry, if it
     * remembered them: the same tag strings (by identity, so that no content is compared) in the same order.
     *
     * @param tags the call's tags, may be {@code null}
     * @return whether they were remembered, and written
     */
    public boolean writeRememberedTags(String[] tags) {
        return current != null && current.writeTags(this, tags);
    }

    /**
     * Remembers what was written since {@code start} as the bytes of these tags after the name of this entry (a few
     * sets of tags per name; past that, nothing).
     *
     * @param tags the call's tags, may be {@code null}
     * @param start where the tags' bytes begin
     */
    public void rememberTags(String[] tags, int start) {
        if (current != null && !overflow) {
            current.remember(tags, buf, start, pos);
        }
    }

    /**
     * Writes a tag in a flavour's format, from this writer's cache when it was written before. A writer serves one
     * flavour only, so one format.
     *
     * @param tag the tag
     * @param format how the flavour writes a tag
     */
    public void writeTagCached(String tag, TagFormat format) {
        if (tags == null) {
            tags = new BytesCache<>();
        }
        byte[] cached = tags.get(tag);
        if (cached != null) {
            writeBytes(cached);
            return;
        }
        int start = pos;
        format.write(this, tag);
        if (!overflow) {
            tags.put(tag, java.util.Arrays.copyOfRange(buf, start, pos));
        }
    }

    /**
     * Returns the number of bytes {@link #writeSanitized(CharSequence)} writes for a string.
     *
     * @param s the string
     * @return its sanitized UTF-8 length
     */
    public static int sanitizedLength(CharSequence s) {
        int n = 0;
        for (int i = 0, len = s.length(); i < len; i++) {
            char c = s.charAt(i);
            if (c < 0x80 || isReserved(c)) {
                n += 1;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < len && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                n += 1;
            } else {
                n += 3;
            }
        }
        return n;
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
     * Writes a finite double in plain decimal notation (never exponent notation): integral values as integers,
     * others rounded to {@value #DOUBLE_FRACTION_DIGITS} fraction digits with trailing zeros removed; values too
     * large or too small for that are written exactly, in full.
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

    /**
     * A name's encoded bytes, and the encoded bytes of the few sets of tags it was last written with. The first set
     * shares the name's array, so that the usual call (one set of tags per name) reads few cache lines.
     */
    private static final class CachedName {

        private static final int TAG_SETS = 4;
        private static final String[] NO_TAGS = new String[0];

        /** The name's bytes, then those of {@link #firstTags} once remembered. */
        byte[] bytes;

        final int nameLength;
        /** The first set of tags remembered, or {@code null}. */
        private String[] firstTags;
        /** Further sets and their bytes, made when a second set is remembered. */
        private String[][] moreTags;

        private byte[][] moreBytes;
        private int more;

        CachedName(byte[] name) {
            this.bytes = name;
            this.nameLength = name.length;
        }

        boolean writeTags(LineWriter w, String[] tags) {
            String[] first = firstTags;
            if (first != null && same(first, tags)) {
                w.writeBytes(bytes, nameLength, bytes.length - nameLength);
                return true;
            }
            for (int i = 0; i < more; i++) {
                if (same(moreTags[i], tags)) {
                    w.writeBytes(moreBytes[i]);
                    return true;
                }
            }
            return false;
        }

        private static boolean same(String[] set, String[] tags) {
            int n = tags == null ? 0 : tags.length;
            if (set.length != n) {
                return false;
            }
            for (int i = 0; i < n; i++) {
                if (set[i] != tags[i]) {
                    return false;
                }
            }
            return true;
        }

        void remember(String[] tags, byte[] src, int from, int to) {
            String[] snapshot = tags == null || tags.length == 0 ? NO_TAGS : tags.clone();
            if (firstTags == null) {
                byte[] both = java.util.Arrays.copyOf(bytes, nameLength + to - from);
                System.arraycopy(src, from, both, nameLength, to - from);
                bytes = both;
                firstTags = snapshot;
            } else if (more < TAG_SETS - 1) {
                if (moreTags == null) {
                    moreTags = new String[TAG_SETS - 1][];
                    moreBytes = new byte[TAG_SETS - 1][];
                }
                moreTags[more] = snapshot;
                moreBytes[more] = java.util.Arrays.copyOfRange(src, from, to);
                more++;
            }
        }
    }
}
