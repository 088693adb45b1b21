package io.github.statsd.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The contract of a packet: how many datagrams and deferred calls it holds, where its datagrams are cut, what the
 * caller's size checks see, and that {@link Packet#clear()} leaves it as new.
 */
class PacketTest {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static void append(Packet p, String line) {
        byte[] b = bytes(line);
        p.append(b, b.length);
    }

    private static String datagram(Packet p, int i) {
        return new String(p.array, p.datagramFrom(i), p.datagramTo(i) - p.datagramFrom(i), StandardCharsets.US_ASCII);
    }

    @Test
    void holdsItsDatagramsOfOneMaxPacketSizeEachPlusTheirNewlines() {
        Packet p = new Packet(10, 3);

        assertThat(p.array).hasSize(33);
        assertThat(p.buffer.capacity()).isEqualTo(33);
        assertThat(p.isEmpty()).isTrue();
        assertThat(p.length()).isZero();
        assertThat(p.datagrams()).isZero();
        // while another datagram may begin, an entry may be as large as a whole one
        assertThat(p.remaining()).isEqualTo(11);
    }

    @Test
    void holdsDeferredCallsInProportionToItsSizeWithinBounds() {
        // 12 bytes a call, at least 16 and at most 128 a datagram
        assertThat(new Packet(1_432, 1).deferredCapacity).isEqualTo(119);
        assertThat(new Packet(1_432, 4).deferredCapacity).isEqualTo(476);
        assertThat(new Packet(100, 2).deferredCapacity).isEqualTo(32);
        assertThat(new Packet(192, 1).deferredCapacity).isEqualTo(16);
        assertThat(new Packet(204, 1).deferredCapacity).isEqualTo(17);
        assertThat(new Packet(1_536, 1).deferredCapacity).isEqualTo(128);
        assertThat(new Packet(65_000, 3).deferredCapacity).isEqualTo(384);
    }

    @Test
    void cutsDatagramsWhereTheNextLineNoLongerFits() {
        Packet p = new Packet(10, 3);
        append(p, "aaaa"); // 0..5
        append(p, "bbbb"); // 5..10
        assertThat(p.datagrams()).isEqualTo(1);
        // one byte left in the first datagram, but the next may begin: a whole datagram
        assertThat(p.remaining()).isEqualTo(11);

        append(p, "c"); // 2 bytes: 10..12 > 11, into the second datagram
        append(p, "ddddddddd"); // 10 bytes: 12..22 > 10 + 11, into the third
        assertThat(p.datagrams()).isEqualTo(3);
        assertThat(p.entries).isEqualTo(4);
        assertThat(p.length()).isEqualTo(22);

        assertThat(datagram(p, 0)).isEqualTo("aaaa\nbbbb\n");
        assertThat(datagram(p, 1)).isEqualTo("c\n");
        assertThat(datagram(p, 2)).isEqualTo("ddddddddd\n");
        assertThat(p.datagramEntries(0)).isEqualTo(2);
        assertThat(p.datagramEntries(1)).isEqualTo(1);
        assertThat(p.datagramEntries(2)).isEqualTo(1);

        // the last datagram is being filled: what is left of it
        assertThat(p.remaining()).isEqualTo(12 + 11 - 22);
    }

    @Test
    void fillsADatagramToTheLastByteBeforeBeginningTheNext() {
        Packet p = new Packet(10, 2);
        append(p, "aaaaaaaaaa"); // 11 bytes: exactly one datagram
        assertThat(p.datagrams()).isEqualTo(1);
        append(p, "b");
        assertThat(p.datagrams()).isEqualTo(2);
        assertThat(datagram(p, 0)).isEqualTo("aaaaaaaaaa\n");
        assertThat(datagram(p, 1)).isEqualTo("b\n");
        // the last datagram: 20 bytes left of it
        assertThat(p.remaining()).isEqualTo(9);

        append(p, "ccccccc"); // 8 bytes: 13..21, one byte short of the end
        assertThat(p.remaining()).isEqualTo(1);
        assertThat(p.datagrams()).isEqualTo(2);
        assertThat(datagram(p, 1)).isEqualTo("b\nccccccc\n");
        assertThat(p.datagramEntries(1)).isEqualTo(2);
    }

    @Test
    void aLineThatFitsTheRestOfADatagramExactlyStaysInIt() {
        Packet p = new Packet(10, 2);
        append(p, "aaaa"); // 5 bytes
        append(p, "bbbbb"); // 6 bytes: 11, the datagram is full
        append(p, "c");
        assertThat(datagram(p, 0)).isEqualTo("aaaa\nbbbbb\n");
        assertThat(datagram(p, 1)).isEqualTo("c\n");
        assertThat(p.datagramEntries(0)).isEqualTo(2);
        assertThat(p.datagramEntries(1)).isEqualTo(1);
    }

    @Test
    void appendsPartOfAnArray() {
        Packet p = new Packet(20, 1);
        byte[] src = bytes("xxhelloyy");
        p.append(src, 2, 5);
        assertThat(datagram(p, 0)).isEqualTo("hello\n");
        assertThat(p.entries).isEqualTo(1);
        assertThat(p.isEmpty()).isFalse();
    }

    @Test
    void keepsDeferredCallsAndTheirTagsAsTheyWereMade() {
        Packet p = new Packet(1_432, 1);
        assertThat(p.isDeferred()).isFalse();
        assertThat(p.hasRoomForDeferred()).isTrue();

        String[] tags = {"a", "b", "c"};
        p.addDeferred("n", 3, 2, 42L, 0.25, tags);
        tags[0] = "changed";
        p.addDeferred("m", 1, 0, Double.doubleToRawLongBits(1.5), 1.0, null);
        p.addDeferred("t", 255 - 1, 255, -1L, 0.5, new String[] {"1", "2", "3", "4", "5"});

        assertThat(p.isDeferred()).isTrue();
        assertThat(p.deferred).isEqualTo(3);
        assertThat(p.entries).isEqualTo(3);
        assertThat(p.isEncoded(0)).isFalse();

        assertThat(p.deferredName(0)).isEqualTo("n");
        assertThat(p.deferredType(0)).isEqualTo(3);
        assertThat(p.deferredKind(0)).isEqualTo(2);
        assertThat(p.deferredValue(0)).isEqualTo(42L);
        assertThat(p.deferredRate(0)).isEqualTo(0.25);
        assertThat(p.deferredTagCount(0)).isEqualTo(3);
        String[] into = new String[3];
        p.deferredTags(0, into);
        assertThat(into).containsExactly("a", "b", "c");

        assertThat(p.deferredName(1)).isEqualTo("m");
        assertThat(p.deferredType(1)).isEqualTo(1);
        assertThat(p.deferredKind(1)).isZero();
        assertThat(Double.longBitsToDouble(p.deferredValue(1))).isEqualTo(1.5);
        assertThat(p.deferredRate(1)).isEqualTo(1.0);
        assertThat(p.deferredTagCount(1)).isZero();

        assertThat(p.deferredType(2)).isEqualTo(254);
        assertThat(p.deferredKind(2)).isEqualTo(255);
        assertThat(p.deferredValue(2)).isEqualTo(-1L);
        assertThat(p.deferredTagCount(2)).isEqualTo(Packet.MAX_DEFERRED_TAGS);
        String[] five = new String[5];
        p.deferredTags(2, five);
        assertThat(five).containsExactly("1", "2", "3", "4", "5");
    }

    @Test
    void takesDeferredCallsUpToItsCapacity() {
        Packet p = new Packet(100, 1);
        int capacity = p.deferredCapacity;
        for (int i = 0; i < capacity; i++) {
            assertThat(p.hasRoomForDeferred()).isTrue();
            p.addDeferred("n", 0, 0, i, 1.0, null);
        }
        assertThat(p.hasRoomForDeferred()).isFalse();
        assertThat(p.addEncoded(bytes("x"), 1)).isFalse();
        assertThat(p.deferred).isEqualTo(capacity);
        assertThat(p.deferredValue(capacity - 1)).isEqualTo(capacity - 1);
    }

    @Test
    void keepsEncodedEntriesAmongDeferredCallsInOrder() {
        Packet p = new Packet(20, 1);
        p.addDeferred("first", 0, 0, 1, 1.0, null);
        assertThat(p.addEncoded(bytes("abc"), 3)).isTrue();
        p.addDeferred("third", 0, 0, 3, 1.0, null);
        assertThat(p.addEncoded(bytes("defgh"), 5)).isTrue();

        assertThat(p.deferred).isEqualTo(4);
        assertThat(p.entries).isEqualTo(4);
        assertThat(p.isEncoded(0)).isFalse();
        assertThat(p.isEncoded(1)).isTrue();
        assertThat(p.isEncoded(2)).isFalse();
        assertThat(p.isEncoded(3)).isTrue();
        assertThat(new String(p.array, p.encodedFrom(1), p.encodedLength(1), StandardCharsets.US_ASCII))
                .isEqualTo("abc");
        assertThat(new String(p.array, p.encodedFrom(3), p.encodedLength(3), StandardCharsets.US_ASCII))
                .isEqualTo("defgh");
        assertThat(p.encodedFrom(3)).isEqualTo(3);
    }

    @Test
    void anEncodedEntryMayFillTheBufferExactlyButNoMore() {
        Packet p = new Packet(10, 1); // 11 bytes
        assertThat(p.addEncoded(bytes("aaaaaaaaaaaa"), 12)).isFalse();
        assertThat(p.isDeferred()).isFalse();
        assertThat(p.isEmpty()).isTrue();

        assertThat(p.addEncoded(bytes("aaaaaaa"), 7)).isTrue();
        assertThat(p.addEncoded(bytes("bbbbb"), 5)).isFalse();
        assertThat(p.addEncoded(bytes("bbbb"), 4)).isTrue();
        assertThat(p.addEncoded(bytes("c"), 1)).isFalse();
        assertThat(p.deferred).isEqualTo(2);
        assertThat(p.encodedFrom(1)).isEqualTo(7);
        assertThat(p.encodedLength(1)).isEqualTo(4);
    }

    @Test
    void aPacketOfLinesTakesNoDeferredCallsAndNoEncodedEntries() {
        Packet p = new Packet(100, 1);
        append(p, "line");
        assertThat(p.hasRoomForDeferred()).isFalse();
        assertThat(p.addEncoded(bytes("x"), 1)).isFalse();
        assertThat(p.isDeferred()).isFalse();
        assertThat(p.entries).isEqualTo(1);
    }

    @Test
    void clearLeavesThePacketAsNew() {
        Packet p = new Packet(10, 2);
        append(p, "aaaaaaaaaa");
        append(p, "bbbbbbbbbb");
        p.flushed = true;
        assertThat(p.remaining()).isZero();
        p.clear();

        assertThat(p.isEmpty()).isTrue();
        assertThat(p.entries).isZero();
        assertThat(p.length()).isZero();
        assertThat(p.datagrams()).isZero();
        assertThat(p.flushed).isFalse();
        assertThat(p.remaining()).isEqualTo(11);
        assertThat(p.hasRoomForDeferred()).isTrue();
        // cut again from the start
        append(p, "cccccc");
        append(p, "dddddd");
        assertThat(p.datagrams()).isEqualTo(2);
        assertThat(datagram(p, 0)).isEqualTo("cccccc\n");
        assertThat(datagram(p, 1)).isEqualTo("dddddd\n");
        assertThat(p.datagramEntries(0)).isEqualTo(1);
        assertThat(p.datagramEntries(1)).isEqualTo(1);

        Packet d = new Packet(100, 1);
        d.addDeferred("n", 0, 0, 1, 1.0, new String[] {"t"});
        d.addEncoded(bytes("e"), 1);
        d.clear();
        assertThat(d.isDeferred()).isFalse();
        assertThat(d.deferred).isZero();
        assertThat(d.isEmpty()).isTrue();
        assertThat(d.length()).isZero();
        // the names and tags are let go
        d.addDeferred("m", 0, 0, 2, 1.0, null);
        assertThat(d.deferredName(0)).isEqualTo("m");
        String[] none = new String[1];
        d.deferredTags(0, none);
        assertThat(none).containsOnlyNulls();
    }

    @Test
    void touchLeavesTheLinesToCome() {
        Packet p = new Packet(100, 2);
        java.util.Arrays.fill(p.array, (byte) 'x');
        p.touch();
        for (int i = 0; i < p.array.length; i++) {
            assertThat(p.array[i]).isEqualTo(i % 64 == 0 ? (byte) 0 : (byte) 'x');
        }
        assertThat(p.isEmpty()).isTrue();
    }
}
