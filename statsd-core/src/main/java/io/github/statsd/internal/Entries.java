package io.github.statsd.internal;

/**
 * Writes the entries of one submission to {@link Engine#offer}, each a line (or lines) encoded in the caller's thread.
 * The submitter passes its values along with the writer, so that a writer made once per client serves every call
 * without allocating.
 */
@FunctionalInterface
public interface Entries {

    /**
     * Writes one entry into an empty writer. A {@link RuntimeException} counts the entry as invalid.
     *
     * @param w the writer
     * @param index which entry, from 0
     * @param subject what the submitter passed: a name, a path, a list of entries...
     * @param tags tags the submitter passed, may be {@code null}
     * @param number a whole number the submitter passed
     * @param value a decimal number the submitter passed
     * @param seconds a timestamp the submitter passed, in Unix seconds
     */
    void write(LineWriter w, int index, Object subject, String[] tags, long number, double value, long seconds);
}
