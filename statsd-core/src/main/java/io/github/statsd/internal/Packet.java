package io.github.statsd.internal;

import java.nio.ByteBuffer;

/**
 * A pooled buffer of newline-terminated entries, at most one max packet size long (plus the final newline, which
 * datagram transports leave out).
 */
final class Packet {

    final ByteBuffer buffer;
    final byte[] array;
    int entries;

    Packet(int maxPacketSize) {
        this.array = new byte[maxPacketSize + 1];
        this.buffer = ByteBuffer.wrap(array);
    }

    int length() {
        return buffer.position();
    }

    boolean isEmpty() {
        return entries == 0;
    }

    /** Appends an entry and its newline; the caller has checked it fits. */
    void append(byte[] src, int len) {
        buffer.put(src, 0, len);
        buffer.put((byte) '\n');
        entries++;
    }

    int remaining() {
        return buffer.remaining();
    }

    void clear() {
        buffer.clear();
        entries = 0;
    }
}
