package io.github.statsd.internal;

import java.util.Arrays;

/**
 * One writer's cache of the encoded bytes of the names and tags it wrote before, and of the tag sets written after a
 * cached name, so that the hot path copies them instead of sanitizing and encoding them char by char. Belongs to one
 * {@link LineWriter} (see {@link LineWriter#cache()}) and, like it, is used by one thread at a time. A writer serves
 * one flavour only, so one tag format.
 */
final class NameTagCache {

    /** Writes one tag in a flavour's format; used to fill the tag cache. */
    @FunctionalInterface
    interface TagFormat {
        /**
         * Writes a tag.
         *
         * @param w the writer
         * @param tag the {@code key:value} tag
         */
        void write(LineWriter w, String tag);
    }

    private final LineWriter w;
    private BytesCache<CachedName> names;
    private BytesCache<byte[]> tags;
    /** The name the writer's entry was written with, when it is cached: where its tags' bytes may be remembered. */
    private CachedName current;

    NameTagCache(LineWriter w) {
        this.w = w;
    }

    /** Forgets the name of the last entry; the writer calls it when it starts a new one. */
    void newEntry() {
        current = null;
    }

    /**
     * Writes a name with the {@link Sanitizer#STATSD} rule, from the cache when it was written before.
     *
     * @param name the name
     */
    void writeName(String name) {
        if (names == null) {
            names = new BytesCache<>();
        }
        CachedName cached = names.get(name);
        if (cached != null) {
            w.writeBytes(cached.bytes, 0, cached.nameLength);
            current = cached;
            return;
        }
        current = null;
        int start = w.length();
        Sanitizer.STATSD.write(w, name);
        if (!w.overflowed() && names.size() < BytesCache.MAX_ENTRIES) {
            current = new CachedName(Arrays.copyOfRange(w.array(), start, w.length()));
            names.put(name, current);
        }
    }

    /**
     * Writes a tag in a flavour's format, from the cache when it was written before.
     *
     * @param tag the tag
     * @param format how the flavour writes a tag
     */
    void writeTag(String tag, TagFormat format) {
        if (tags == null) {
            tags = new BytesCache<>();
        }
        byte[] cached = tags.get(tag);
        if (cached != null) {
            w.writeBytes(cached);
            return;
        }
        int start = w.length();
        format.write(w, tag);
        if (!w.overflowed()) {
            tags.put(tag, Arrays.copyOfRange(w.array(), start, w.length()));
        }
    }

    /**
     * Writes the bytes a flavour wrote before for this very set of tags after the name of this entry, if it remembered
     * them: the same tag strings (by identity, so that no content is compared) in the same order.
     *
     * @param tags the call's tags, may be {@code null}
     * @return whether they were remembered, and written
     */
    boolean writeRememberedTags(String[] tags) {
        return current != null && current.writeTags(w, tags);
    }

    /**
     * Remembers what was written since {@code start} as the bytes of these tags after the name of this entry (a few
     * sets of tags per name; past that, nothing).
     *
     * @param tags the call's tags, may be {@code null}
     * @param start where the tags' bytes begin
     */
    void rememberTags(String[] tags, int start) {
        if (current != null && !w.overflowed()) {
            current.remember(tags, w.array(), start, w.length());
        }
    }

    /** @return how many names are held encoded, so that tests can see the cache taking repeats */
    int cachedNames() {
        return names == null ? 0 : names.size();
    }

    /** @return how many tags are held encoded, so that tests can see the cache taking repeats */
    int cachedTags() {
        return tags == null ? 0 : tags.size();
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
                byte[] both = Arrays.copyOf(bytes, nameLength + to - from);
                System.arraycopy(src, from, both, nameLength, to - from);
                bytes = both;
                firstTags = snapshot;
            } else if (more < TAG_SETS - 1) {
                if (moreTags == null) {
                    moreTags = new String[TAG_SETS - 1][];
                    moreBytes = new byte[TAG_SETS - 1][];
                }
                moreTags[more] = snapshot;
                moreBytes[more] = Arrays.copyOfRange(src, from, to);
                more++;
            }
        }
    }
}
