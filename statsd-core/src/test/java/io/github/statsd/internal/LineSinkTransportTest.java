package io.github.statsd.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The line sink gets each line of the bytes written, without newlines and without empty lines. */
class LineSinkTransportTest {

    private final List<String> lines = new ArrayList<>();
    private final LineSinkTransport transport = new LineSinkTransport(lines::add);

    private void write(String text, int from, int length) {
        transport.write(text.getBytes(StandardCharsets.UTF_8), from, length);
    }

    @Test
    void isAlwaysConnected() {
        assertThat(transport.isConnected()).isTrue();
        transport.disconnect();
        assertThat(transport.isConnected()).isTrue();
        transport.abort();
        transport.connect();
        assertThat(transport.isConnected()).isTrue();
    }

    @Test
    void givesEachLineOfAStreamPacketWithItsFinalNewline() {
        write("a:1|c\nb:2|c\n", 0, 12);
        assertThat(lines).containsExactly("a:1|c", "b:2|c");
    }

    @Test
    void givesEachLineOfADatagramWithoutAFinalNewline() {
        write("xxa:1|c\nb:2|cyy", 2, 11);
        assertThat(lines).containsExactly("a:1|c", "b:2|c");
    }

    @Test
    void skipsEmptyLines() {
        write("\na\n\nb\n\n", 0, 7);
        assertThat(lines).containsExactly("a", "b");
        write("", 0, 0);
        assertThat(lines).containsExactly("a", "b");
    }

    @Test
    void isTheTransportOfAClientMadeWithASink() throws Exception {
        List<String> got = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (io.github.statsd.StatsdClient client = io.github.statsd.StatsdClient.create(
                io.github.statsd.StatsdConfig.builder().build(), got::add)) {
            client.increment("n");
            assertThat(client.flush()).isTrue();
            assertThat(got).containsExactly("n:1|c");
            assertThat(client.senderStatus().connected()).isEqualTo(1);
        }
    }
}
