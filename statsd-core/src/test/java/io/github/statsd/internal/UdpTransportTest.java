package io.github.statsd.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The UDP transport's socket: one per connection, kept while the server's address stays the same (a DNS refresh that
 * finds the same address does not reconnect), let go by {@code disconnect()} and {@code abort()}.
 */
@Timeout(60)
class UdpTransportTest {

    private static DatagramSocket receiver() throws IOException {
        DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static void send(UdpTransport transport, String text) throws IOException {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        transport.write(b, 0, b.length);
    }

    /** @return the port the datagram came from, after checking what it holds */
    private static int receive(DatagramSocket socket, String expected) throws IOException {
        DatagramPacket p = new DatagramPacket(new byte[1024], 1024);
        socket.receive(p);
        assertThat(new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8))
                .isEqualTo(expected);
        return p.getPort();
    }

    @Test
    void aRefreshThatFindsTheSameAddressKeepsTheSocket() throws Exception {
        try (DatagramSocket socket = receiver()) {
            // a refresh before every write
            UdpTransport transport = new UdpTransport("127.0.0.1", socket.getLocalPort(), Duration.ofNanos(1));
            transport.connect();
            send(transport, "a:1|c");
            int port = receive(socket, "a:1|c");
            for (int i = 0; i < 3; i++) {
                send(transport, "b:" + i + "|c");
                assertThat(receive(socket, "b:" + i + "|c")).isEqualTo(port);
            }
            assertThat(transport.isConnected()).isTrue();
            transport.disconnect();
        }
    }

    @Test
    void connectingAgainWhileConnectedKeepsTheSocket() throws Exception {
        try (DatagramSocket socket = receiver()) {
            UdpTransport transport = new UdpTransport("127.0.0.1", socket.getLocalPort(), Duration.ZERO);
            transport.connect();
            send(transport, "a:1|c");
            int port = receive(socket, "a:1|c");
            transport.connect();
            send(transport, "a:2|c");
            assertThat(receive(socket, "a:2|c")).isEqualTo(port);

            // a new connection is a new socket
            transport.disconnect();
            assertThat(transport.isConnected()).isFalse();
            transport.connect();
            send(transport, "a:3|c");
            assertThat(receive(socket, "a:3|c")).isNotEqualTo(port);
            transport.disconnect();
        }
    }

    @Test
    void abortLetsTheSocketGo() throws Exception {
        try (DatagramSocket socket = receiver()) {
            UdpTransport transport = new UdpTransport("127.0.0.1", socket.getLocalPort(), Duration.ZERO);
            transport.connect();
            assertThat(transport.isConnected()).isTrue();
            transport.abort();
            assertThat(transport.isConnected()).isFalse();
            assertThatThrownBy(() -> send(transport, "x:1|c"))
                    .isInstanceOf(IOException.class)
                    .hasMessage("not connected");
        }
    }

    @Test
    void anUnresolvableHostFailsTheConnect() {
        UdpTransport transport = new UdpTransport("statsd.invalid", 8125, Duration.ZERO);
        assertThatThrownBy(transport::connect)
                .isInstanceOf(UnknownHostException.class)
                .hasMessageContaining("statsd.invalid");
        assertThat(transport.isConnected()).isFalse();
    }

    @Test
    void disconnectClosesTheSocket() throws Exception {
        try (DatagramSocket socket = receiver()) {
            UdpTransport transport = new UdpTransport("127.0.0.1", socket.getLocalPort(), Duration.ZERO);
            assertThat(OpenFiles.leftOpenBy(() -> {
                        transport.connect();
                        send(transport, "a:1|c");
                        receive(socket, "a:1|c");
                        transport.disconnect();
                    }))
                    .isZero();
        }
    }
}
