package io.github.statsd.internal;

/**
 * Writes text into a line under the rule of the field it goes in. Each rule names the characters that could end the
 * field, the line or the entry in its format; those are written as {@code _} (or, where the rule escapes line breaks,
 * {@code \r\n}, {@code \r} and {@code \n} as the two characters {@code \n}), everything else as UTF-8, an unpaired
 * surrogate as {@code ?}. So no call can produce a second line or a malformed one.
 *
 * <p>Every rule of every format is one of the constants below; the class is final and the rules are constants, so a
 * call is a direct one, inlined where it is hot.
 */
final class Sanitizer {

    /**
     * StatsD names, tag keys, tag values, set members and the prefix, in every flavour: the characters that separate
     * fields in some flavour ({@code : | @ # , = ;}), whitespace and control characters.
     */
    static final Sanitizer STATSD = new Sanitizer(":|@#,=;", true, true, false);

    /**
     * DogStatsD event and service-check fields (host name, aggregation key, source type, check name...): {@code |} and
     * control characters, so line breaks too; spaces are kept.
     */
    static final Sanitizer DOGSTATSD_FIELD = new Sanitizer("|", true, false, false);

    /** The DogStatsD service-check message: line breaks escaped, then {@code |} and control characters replaced. */
    static final Sanitizer DOGSTATSD_MESSAGE = new Sanitizer("|", true, false, true);

    /**
     * The DogStatsD event title and text: line breaks escaped, nothing replaced, since the line gives their lengths.
     */
    static final Sanitizer DOGSTATSD_EVENT_TEXT = new Sanitizer("", false, false, true);

    /** The Graphite path and prefix: {@code ;} (which starts the tags), whitespace and control characters. */
    static final Sanitizer GRAPHITE_PATH = new Sanitizer(";", true, true, false);

    /** Graphite tag keys and values: also {@code ~ ! ^ =}, which carbon does not accept there. */
    static final Sanitizer GRAPHITE_TAG = new Sanitizer(";~!^=", true, true, false);

    /** Characters 0 to 63 handled specially (replaced or escaped), one bit each. */
    private final long low;
    /** Characters 64 to 127 handled specially, one bit each. */
    private final long high;
    /** Whether the non-ASCII control characters (U+0080 to U+009F) are replaced. */
    private final boolean controls;
    /** Whether non-ASCII whitespace and space characters are replaced. */
    private final boolean spaces;

    private final boolean escapesLineBreaks;

    private Sanitizer(String replaced, boolean controls, boolean spaces, boolean escapesLineBreaks) {
        long lo = 0;
        long hi = 0;
        for (char c = 0; c < 128; c++) {
            boolean special = replaced.indexOf(c) >= 0
                    || (controls && Character.isISOControl(c))
                    || (spaces && (Character.isWhitespace(c) || Character.isSpaceChar(c)))
                    || (escapesLineBreaks && (c == '\n' || c == '\r'));
            if (special && c < 64) {
                lo |= 1L << c;
            } else if (special) {
                hi |= 1L << (c - 64);
            }
        }
        this.low = lo;
        this.high = hi;
        this.controls = controls;
        this.spaces = spaces;
        this.escapesLineBreaks = escapesLineBreaks;
    }

    /**
     * Returns whether the rule replaces or escapes a character.
     *
     * @param c the character
     * @return whether it is not written as itself
     */
    boolean isSpecial(char c) {
        if (c < 64) {
            return (low & (1L << c)) != 0;
        }
        if (c < 128) {
            return (high & (1L << (c - 64))) != 0;
        }
        return (controls && c <= 0x9f) || (spaces && (Character.isWhitespace(c) || Character.isSpaceChar(c)));
    }

    /**
     * Writes a string under this rule.
     *
     * @param w the writer
     * @param s the string
     */
    void write(LineWriter w, CharSequence s) {
        write(w, s, 0, s.length());
    }

    /**
     * Writes part of a string under this rule.
     *
     * @param w the writer
     * @param s the string
     * @param from first index, inclusive
     * @param to last index, exclusive
     */
    void write(LineWriter w, CharSequence s, int from, int to) {
        int i = from;
        while (i < to) {
            char c = s.charAt(i);
            if (!isSpecial(c)) {
                i = w.writeChar(s, i, to);
            } else if (escapesLineBreaks && (c == '\n' || c == '\r')) {
                w.writeByte('\\');
                w.writeByte('n');
                i = afterLineBreak(s, i, to);
            } else {
                w.writeByte('_');
                i++;
            }
        }
    }

    /**
     * Returns the number of bytes {@link #write(LineWriter, CharSequence)} writes for a string.
     *
     * @param s the string
     * @return its length once written, in bytes
     */
    int length(CharSequence s) {
        int n = 0;
        int len = s.length();
        int i = 0;
        while (i < len) {
            char c = s.charAt(i);
            if (isSpecial(c)) {
                if (escapesLineBreaks && (c == '\n' || c == '\r')) {
                    n += 2;
                    i = afterLineBreak(s, i, len);
                    continue;
                }
                n += 1;
            } else if (c < 0x80) {
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
            i++;
        }
        return n;
    }

    /** {@code \r\n} is one line break. */
    private static int afterLineBreak(CharSequence s, int i, int to) {
        return s.charAt(i) == '\r' && i + 1 < to && s.charAt(i + 1) == '\n' ? i + 2 : i + 1;
    }
}
