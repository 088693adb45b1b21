package io.github.statsd.internal;

import java.util.Arrays;

/**
 * Writes carbon's plaintext line, {@code prefix.path;key=value;key2=value2 value timestamp}, with carbon's naming
 * rules: in the path (and prefix) whitespace, control characters and {@code ;} become {@code _}; in tag keys and values
 * also {@code ~ ! ^ =} ({@link Sanitizer#GRAPHITE_PATH}, {@link Sanitizer#GRAPHITE_TAG}). Tags are given as
 * {@code key:value} or {@code key=value}.
 */
public final class GraphiteLineEncoder {

    /** The prefix with its trailing dot, sanitized, or empty. */
    private final byte[] prefix;

    /**
     * Creates an encoder.
     *
     * @param prefix the path prefix, may be empty
     */
    public GraphiteLineEncoder(String prefix) {
        LineWriter w = new LineWriter(prefix.length() * 4 + 2);
        if (!prefix.isEmpty()) {
            Sanitizer.GRAPHITE_PATH.write(w, prefix);
            w.writeByte('.');
        }
        this.prefix = Arrays.copyOf(w.array(), w.length());
    }

    /**
     * Returns whether every non-empty tag has a non-empty key and value: carbon rejects the series otherwise.
     *
     * @param tags the tags, may be {@code null}
     * @return whether the tags can be written
     */
    public static boolean validTags(String[] tags) {
        if (tags == null) {
            return true;
        }
        for (String tag : tags) {
            if (tag != null && !tag.isEmpty()) {
                int sep = separator(tag);
                if (sep <= 0 || sep == tag.length() - 1) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Writes one data point; null and empty tags are skipped.
     *
     * @param w the writer
     * @param path the path, not empty
     * @param tags valid tags (see {@link #validTags}), may be {@code null}
     * @param value the value, finite
     * @param timestamp the Unix time in seconds
     */
    public void writeLine(LineWriter w, String path, String[] tags, double value, long timestamp) {
        w.writeBytes(prefix);
        Sanitizer.GRAPHITE_PATH.write(w, path);
        if (tags != null) {
            for (String tag : tags) {
                if (tag != null && !tag.isEmpty()) {
                    int sep = separator(tag);
                    w.writeByte(';');
                    Sanitizer.GRAPHITE_TAG.write(w, tag, 0, sep);
                    w.writeByte('=');
                    Sanitizer.GRAPHITE_TAG.write(w, tag, sep + 1, tag.length());
                }
            }
        }
        w.writeByte(' ');
        w.writeDouble(value);
        w.writeByte(' ');
        w.writeLong(timestamp);
    }

    /** The index of the first {@code :} or {@code =}, or -1. */
    private static int separator(String tag) {
        for (int i = 0; i < tag.length(); i++) {
            char c = tag.charAt(i);
            if (c == ':' || c == '=') {
                return i;
            }
        }
        return -1;
    }
}
