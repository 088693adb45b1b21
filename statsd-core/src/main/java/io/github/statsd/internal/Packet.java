package io.github.statsd.internal;

import java.nio.ByteBuffer;

/**
 * A pooled buffer of newline-terminated entries, cut into up to a few datagrams of at most one max packet size each
 * (plus the final newline, which datagram transports leave out), so that a caller hands a buffer over once for several
 * datagrams; or deferred calls: metric calls kept as they were made (references and numbers), for a sender to encode. A
 * packet holds lines or deferred calls, never both.
 */
final class Packet {

    /**
     * The bytes of packet size per deferred call a packet holds, a short line's: a queue of packets holds at least
     * about as many deferred calls as it would hold lines.
     */
    private static final int BYTES_PER_DEFERRED = 12;
    /** The most deferred calls a packet holds per datagram it has room for: each costs about 44 bytes of heap. */
    private static final int MAX_DEFERRED = 128;
    /** The meta of an entry kept already encoded: no metric type has this ordinal. */
    private static final int ENCODED = 0xff;
    /** References per deferred call: the name, then the tags. */
    private static final int REFS = 6;
    /** The most tags a call may have to be deferred. */
    static final int MAX_DEFERRED_TAGS = REFS - 1;

    final ByteBuffer buffer;
    final byte[] array;
    int entries;
    /** The bytes of one datagram, its newline included. */
    private final int datagramSize;
    /** Where each datagram but the last one ends (its newline included), and the entries up to there. */
    private final int[] ends;

    private final int[] entriesAtEnds;
    /** How many datagrams are closed: the next line did not fit into them. */
    private int closed;
    /** Where the datagram being filled begins. */
    private int datagramStart;
    /** How many deferred calls the packet holds, when it holds them. */
    final int deferredCapacity;

    /** Deferred calls held; their arrays are made on first use, so a packet that only holds lines costs no more. */
    int deferred;

    private String[] refs;
    /** Per deferred call: the value (a long, or a double's bits: the kind tells), then the sample rate's bits. */
    private long[] numbers;
    /** Per deferred call: the type's ordinal, the value kind and the tag count, one byte each. */
    private int[] metas;
    /**
     * Whether the packet was handed over part-filled (by a flush or at close): whatever a sender packed of it must go
     * out now rather than wait for more.
     */
    boolean flushed;
    /** Set on a flush's marker, which holds no entries: the sender that takes it tells the flush it got there. */
    FlushBarrier barrier;

    /**
     * Creates a packet of up to {@code datagrams} datagrams.
     *
     * @param maxPacketSize the bytes of one datagram, without its newline
     * @param datagrams how many datagrams it holds, at least 1
     */
    Packet(int maxPacketSize, int datagrams) {
        this.datagramSize = maxPacketSize + 1;
        this.array = new byte[datagramSize * datagrams];
        this.buffer = ByteBuffer.wrap(array);
        this.ends = new int[datagrams - 1];
        this.entriesAtEnds = new int[datagrams - 1];
        this.deferredCapacity = datagrams * Math.max(16, Math.min(MAX_DEFERRED, maxPacketSize / BYTES_PER_DEFERRED));
    }

    /**
     * Writes one byte of every 64 of the buffer, so that its cache lines are the writing thread's before its lines go
     * in: a sender read them last, and fetching them one line at a time would stall the callers.
     */
    void touch() {
        byte[] a = array;
        for (int i = 0; i < a.length; i += 64) {
            a[i] = 0;
        }
    }

    int length() {
        return buffer.position();
    }

    boolean isEmpty() {
        return entries == 0;
    }

    /** Appends an entry and its newline; the caller has checked it fits. */
    void append(byte[] src, int len) {
        append(src, 0, len);
    }

    /**
     * Appends an entry from part of an array, and its newline, into the datagram being filled, or into the next one
     * when it does not fit there; the caller has checked that it fits ({@link #remaining()}).
     */
    void append(byte[] src, int from, int len) {
        int pos = buffer.position();
        if (pos + len + 1 > datagramStart + datagramSize) {
            ends[closed] = pos;
            entriesAtEnds[closed] = entries;
            closed++;
            datagramStart = pos;
        }
        buffer.put(src, from, len);
        buffer.put((byte) '\n');
        entries++;
    }

    /** @return the most bytes an entry and its newline may have to fit: a whole datagram while another may begin */
    int remaining() {
        return closed < ends.length ? datagramSize : datagramStart + datagramSize - buffer.position();
    }

    /** @return how many datagrams hold lines */
    int datagrams() {
        return buffer.position() > datagramStart ? closed + 1 : closed;
    }

    /** @return where datagram {@code i} begins in {@link #array} */
    int datagramFrom(int i) {
        return i == 0 ? 0 : ends[i - 1];
    }

    /** @return where datagram {@code i} ends in {@link #array}, after its newline */
    int datagramTo(int i) {
        return i < closed ? ends[i] : buffer.position();
    }

    /** @return how many entries datagram {@code i} holds */
    int datagramEntries(int i) {
        return (i < closed ? entriesAtEnds[i] : entries) - (i == 0 ? 0 : entriesAtEnds[i - 1]);
    }

    /** Whether another deferred call fits: the packet holds deferred calls, or is empty. */
    boolean hasRoomForDeferred() {
        return deferred < deferredCapacity && (deferred > 0 || buffer.position() == 0);
    }

    /**
     * Keeps an entry already encoded (one the caller could not defer) among the deferred calls, in order: its bytes go
     * into the packet's buffer, unused otherwise while it holds deferred calls.
     *
     * @return false when the packet has no room for it, or holds lines
     */
    boolean addEncoded(byte[] src, int len) {
        if (!hasRoomForDeferred() || buffer.remaining() < len) {
            return false;
        }
        if (refs == null) {
            allocateDeferred();
        }
        int r = deferred;
        numbers[2 * r] = (long) buffer.position() << 32 | len;
        metas[r] = ENCODED;
        buffer.put(src, 0, len);
        deferred = r + 1;
        entries++;
        return true;
    }

    /** Whether deferred call {@code r} is an entry kept already encoded, by {@link #addEncoded}. */
    boolean isEncoded(int r) {
        return metas[r] == ENCODED;
    }

    /** @return where the bytes of an entry kept encoded begin in {@link #array} */
    int encodedFrom(int r) {
        return (int) (numbers[2 * r] >>> 32);
    }

    /** @return how many bytes an entry kept encoded has */
    int encodedLength(int r) {
        return (int) numbers[2 * r];
    }

    private void allocateDeferred() {
        refs = new String[deferredCapacity * REFS];
        numbers = new long[deferredCapacity * 2];
        metas = new int[deferredCapacity];
    }

    /** Whether the packet holds deferred calls. */
    boolean isDeferred() {
        return deferred > 0;
    }

    /**
     * Keeps one metric call as a deferred call; the caller has checked {@link #hasRoomForDeferred()} and that there are
     * at most {@link #MAX_DEFERRED_TAGS} tags. The tag references are copied, so the caller may reuse its array.
     */
    void addDeferred(String name, int type, int kind, long value, double rate, String[] tags) {
        if (refs == null) {
            allocateDeferred();
        }
        int r = deferred;
        int base = r * REFS;
        int n = tags == null ? 0 : tags.length;
        refs[base] = name;
        for (int i = 0; i < n; i++) {
            refs[base + 1 + i] = tags[i];
        }
        numbers[2 * r] = value;
        numbers[2 * r + 1] = Double.doubleToRawLongBits(rate);
        metas[r] = type | kind << 8 | n << 16;
        deferred = r + 1;
        entries++;
    }

    String deferredName(int r) {
        return refs[r * REFS];
    }

    int deferredType(int r) {
        return metas[r] & 0xff;
    }

    int deferredKind(int r) {
        return (metas[r] >>> 8) & 0xff;
    }

    int deferredTagCount(int r) {
        return metas[r] >>> 16;
    }

    /** Copies the deferred call's tags into an array of {@link #deferredTagCount} elements. */
    void deferredTags(int r, String[] into) {
        System.arraycopy(refs, r * REFS + 1, into, 0, into.length);
    }

    /** @return the value: a long, or a double's raw bits, as the kind says */
    long deferredValue(int r) {
        return numbers[2 * r];
    }

    double deferredRate(int r) {
        return Double.longBitsToDouble(numbers[2 * r + 1]);
    }

    void clear() {
        buffer.clear();
        entries = 0;
        closed = 0;
        datagramStart = 0;
        flushed = false;
        if (deferred > 0) {
            // let go of the names and tags
            java.util.Arrays.fill(refs, 0, deferred * REFS, null);
            deferred = 0;
        }
    }
}
