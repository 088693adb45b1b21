package io.github.statsd.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import jnr.unixsocket.UnixDatagramChannel;
import jnr.unixsocket.UnixSocketAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jnr Unix datagram transport on its own: a full receiver costs the datagram and keeps the socket, any other send
 * error drops the connection (the sender then holds packets and reconnects when the socket file is back).
 */
@Timeout(60)
class JnrUnixDatagramTransportTest {

    @TempDir
    Path dir;

    private static final byte[] LINE = "n:1|c".getBytes(StandardCharsets.UTF_8);

    @Test
    void aFullReceiverCostsTheDatagramAndKeepsTheSocket() throws Exception {
        Path path = dir.resolve("full.socket");
        try (UnixDatagramChannel receiver = UnixDatagramChannel.open()) {
            receiver.bind(new UnixSocketAddress(path.toFile()));
            JnrUnixDatagramTransport transport = new JnrUnixDatagramTransport(path.toString());
            transport.connect();
            IOException dropped = null;
            for (int i = 0; i < 1_000_000 && dropped == null; i++) {
                try {
                    transport.write(LINE, 0, LINE.length);
                } catch (IOException e) {
                    dropped = e;
                }
            }
            assertThat(dropped).isInstanceOf(DatagramDroppedException.class).hasMessageContaining(path.toString());
            assertThat(transport.isConnected()).isTrue();
            // the same exception each time, without a stack trace of its own
            IOException again = null;
            try {
                transport.write(LINE, 0, LINE.length);
            } catch (IOException e) {
                again = e;
            }
            assertThat(again).isSameAs(dropped);
            assertThat(dropped.getStackTrace()).isEmpty();

            transport.abort();
            assertThat(transport.isConnected()).isFalse();
        }
    }

    @Test
    void aSocketFileWithNoReceiverDropsTheConnection() throws Exception {
        Path path = dir.resolve("gone.socket");
        UnixDatagramChannel receiver = UnixDatagramChannel.open();
        receiver.bind(new UnixSocketAddress(path.toFile()));
        JnrUnixDatagramTransport transport = new JnrUnixDatagramTransport(path.toString());
        transport.connect();
        transport.write(LINE, 0, LINE.length);
        // the receiver goes, its file stays: a send is refused
        receiver.close();
        assertThat(Files.exists(path)).isTrue();

        assertThatThrownBy(() -> transport.write(LINE, 0, LINE.length))
                .isInstanceOf(IOException.class)
                .isNotInstanceOf(DatagramDroppedException.class);
        assertThat(transport.isConnected()).isFalse();
        assertThatThrownBy(() -> transport.write(LINE, 0, LINE.length))
                .isInstanceOf(IOException.class)
                .hasMessage("not connected");
    }

    @Test
    void connectNeedsTheSocketFile() throws Exception {
        Path path = dir.resolve("missing.socket");
        JnrUnixDatagramTransport transport = new JnrUnixDatagramTransport(path.toString());
        assertThatThrownBy(transport::connect).isInstanceOf(IOException.class).hasMessageContaining(path.toString());
        assertThat(transport.isConnected()).isFalse();
    }

    @Test
    void findsWhetherAClassIsThere() {
        ClassLoader loader = getClass().getClassLoader();
        assertThat(UnixDatagramTransports.isPresent("jnr.unixsocket.UnixDatagramChannel", loader))
                .isTrue();
        assertThat(UnixDatagramTransports.isPresent("io.github.statsd.NoSuchClass", loader))
                .isFalse();
    }

    @Test
    void disconnectClosesTheSocket() throws Exception {
        Path path = dir.resolve("fd.socket");
        try (UnixDatagramChannel receiver = UnixDatagramChannel.open()) {
            receiver.bind(new UnixSocketAddress(path.toFile()));
            JnrUnixDatagramTransport transport = new JnrUnixDatagramTransport(path.toString());
            assertThat(OpenFiles.leftOpenBy(() -> {
                        transport.connect();
                        transport.write(LINE, 0, LINE.length);
                        transport.disconnect();
                    }))
                    .isZero();
        }
    }
}
