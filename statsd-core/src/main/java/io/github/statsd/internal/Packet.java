package io.github.statsd.internal;

import java.nio.ByteBuffer;

/**
 * A pooled buffer of newline-terminated entries, cut into up to a few datagrams of at most one max packet size each
 * (plus the final newline, which datagram transports leave out), so that a caller hands a buffer over once for
 * several datagrams; or, in record mode, metric calls kept as they were made (references and numbers), for a sender
 * to encode. A packet holds lines or records, never both.
 */
final class Packet {

    /**
     * The bytes of packet size per record a packet holds, a short line's: a queue of packets holds at least about as
     * many calls as records as it would as lines.
     */
    private static final int BYTES_PER_RECORD = 12;
    /** The most records a packet holds per datagram it has room for: each costs about 44 bytes of heap. */
    private static final int MAX_RECORDS = 128;
    /** The meta of an entry kept already encoded: no metric type has this ordinal. */
    private static final int ENCODED = 0xff;
    /** References per record: the name, then the tags. */
    private static final int REFS = 6;
    /** The most tags a call may have to be kept as a record. */
    static final int MAX_RECORD_TAGS = REFS - 1;

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
    /** How many records the packet holds when in record mode. */
    final int recordCapacity;

    /** Records held; made on first use, so that a packet that only ever holds lines costs nothing more. */
    int records;

    private String[] refs;
    /** Per record: the value (a long, or a double's bits: the kind tells), then the sample rate's bits. */
    private long[] numbers;
    /** Per record: the type's ordinal, the value kind and the tag count, one byte each. */
    private int[] metas;
    /**
     * Whether the packet was handed over part-filled (by a flush or at close): whatever a sender packed of it must
     * go out now rather than wait for more.
     */
    boolean flushed;

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
        this.recordCapacity = datagrams * Math.max(16, Math.min(MAX_RECORDS, maxPacketSize / BYTES_PER_RECORD));
    }

    /**
     * Writes one byte of every 64 of the buffer, so that its cache lines are the writing thread's before its lines
     * go in. A sender read them last: without this, a line that starts a new cache line (7 lines in 10, at 45 bytes)
     * waited for it to come over from the sender's core, at the latest at the fence of the stripe lock's release, in
     * the calling thread. Here those waits overlap, once per buffer (about 1 us for 8 KB).
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

    /** Whether another record fits: the packet is in record mode, or empty. */
    boolean hasRoomForRecord() {
        return records < recordCapacity && (records > 0 || buffer.position() == 0);
    }

    /**
     * Keeps an entry already encoded (one the caller could not keep as a record) among the records, in order: its
     * bytes go into the packet's buffer, unused otherwise in record mode.
     *
     * @return false when the packet has no room for it, or holds lines
     */
    boolean addEncoded(byte[] src, int len) {
        if (!hasRoomForRecord() || buffer.remaining() < len) {
            return false;
        }
        if (refs == null) {
            allocateRecords();
        }
        int r = records;
        numbers[2 * r] = (long) buffer.position() << 32 | len;
        metas[r] = ENCODED;
        buffer.put(src, 0, len);
        records = r + 1;
        entries++;
        return true;
    }

    /** Whether the record is an entry kept already encoded, by {@link #addEncoded}. */
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

    private void allocateRecords() {
        refs = new String[recordCapacity * REFS];
        numbers = new long[recordCapacity * 2];
        metas = new int[recordCapacity];
    }

    /** Whether the packet holds records. */
    boolean isRecords() {
        return records > 0;
    }

    /**
     * Keeps one metric call as a record; the caller has checked {@link #hasRoomForRecord()} and that there are at
     * most {@link #MAX_RECORD_TAGS} tags. The tag references are copied, so the caller may reuse its array.
     */
    void addRecord(String name, int type, int kind, long value, double rate, String[] tags) {
        if (refs == null) {
            allocateRecords();
        }
        int r = records;
        int base = r * REFS;
        int n = tags == null ? 0 : tags.length;
        refs[base] = name;
        for (int i = 0; i < n; i++) {
            refs[base + 1 + i] = tags[i];
        }
        numbers[2 * r] = value;
        numbers[2 * r + 1] = Double.doubleToRawLongBits(rate);
        metas[r] = type | kind << 8 | n << 16;
        records = r + 1;
        entries++;
    }

    String recordName(int r) {
        return refs[r * REFS];
    }

    int recordType(int r) {
        return metas[r] & 0xff;
    }

    int recordKind(int r) {
        return (metas[r] >>> 8) & 0xff;
    }

    int recordTagCount(int r) {
        return metas[r] >>> 16;
    }

    /** Copies the record's tags into an array of {@link #recordTagCount} elements. */
    void recordTags(int r, String[] into) {
        System.arraycopy(refs, r * REFS + 1, into, 0, into.length);
    }

    /** @return the value: a long, or a double's raw bits, as the kind says */
    long recordValue(int r) {
        return numbers[2 * r];
    }

    double recordRate(int r) {
        return Double.longBitsToDouble(numbers[2 * r + 1]);
    }

    void clear() {
        buffer.clear();
        entries = 0;
        closed = 0;
        datagramStart = 0;
        flushed = false;
        if (records > 0) {
            // let go of the names and tags
            java.util.Arrays.fill(refs, 0, records * REFS, null);
            records = 0;
        }
    }
}
