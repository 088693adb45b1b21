package io.github.statsd.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stream transport's time-outs and its broken-pipe rule, on loopback: a server whose accept queue is full drops the
 * handshake (a connect that waits), a server with a tiny receive buffer that does not read makes a write wait, and a
 * Unix socket whose peer shut its input refuses a write before any byte went out. The tests find the transport waiting
 * from its thread's stack, never by sleeping, and only then let the server go on.
 */
@Timeout(60)
class StreamTransportTest {

    private static final Duration LONG = Duration.ofSeconds(30);

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    /** Whether a thread is waiting in a selector inside the given method of the transport. */
    private static boolean waitingIn(Thread t, String method) {
        boolean inMethod = false;
        boolean selecting = false;
        for (StackTraceElement e : t.getStackTrace()) {
            inMethod |= e.getClassName().equals(StreamTransport.class.getName())
                    && e.getMethodName().equals(method);
            selecting |= e.getMethodName().startsWith("select")
                    || e.getMethodName().startsWith("poll")
                    || e.getMethodName().startsWith("doSelect");
        }
        return inMethod && selecting;
    }

    /** Runs on a thread of its own, completing {@code done} with how it ended. */
    private static Thread runAsync(ThrowingRunnable r, CompletableFuture<Void> done) {
        Thread t = new Thread(() -> {
            try {
                r.run();
                done.complete(null);
            } catch (Throwable e) {
                done.completeExceptionally(e);
            }
        });
        t.setDaemon(true);
        t.start();
        return t;
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    /** Waits until the thread waits in the method; fails at once when what it runs has already ended. */
    private static void awaitWaiting(Thread t, String method, CompletableFuture<Void> done) {
        await().atMost(Duration.ofSeconds(10))
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(5))
                .until(() -> done.isDone() || waitingIn(t, method));
        assertThat(done).as("ended without waiting").isNotDone();
    }

    /**
     * A listening socket whose accept queue is full: Linux drops the next handshake, so a connect waits until the queue
     * has room again (a SYN sent again) or its time-out.
     */
    private static final class FullBacklogServer implements AutoCloseable {
        final ServerSocket server = new ServerSocket();
        final List<Socket> queued = new ArrayList<>();

        FullBacklogServer() throws IOException {
            server.bind(new InetSocketAddress(LOOPBACK, 0), 1);
            for (int i = 0; i < 8; i++) {
                Socket s = new Socket();
                try {
                    s.connect(server.getLocalSocketAddress(), 500);
                    queued.add(s);
                } catch (SocketTimeoutException e) {
                    s.close();
                    return;
                }
            }
            throw new IllegalStateException("the accept queue never filled");
        }

        int port() {
            return server.getLocalPort();
        }

        /** Takes the queued connections, so that the next handshake goes through. */
        void acceptQueued() throws IOException {
            for (int i = 0; i < queued.size(); i++) {
                server.accept().close();
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket s : queued) {
                s.close();
            }
        }
    }

    @Test
    void aConnectThatTheServerLetsThroughWithinTheTimeoutSucceeds() throws Exception {
        try (FullBacklogServer server = new FullBacklogServer()) {
            StreamTransport transport = StreamTransport.tcp("127.0.0.1", server.port(), LONG, LONG);
            CompletableFuture<Void> done = new CompletableFuture<>();
            Thread t = runAsync(transport::connect, done);
            awaitWaiting(t, "connect", done);

            server.acceptQueued();
            done.get(20, TimeUnit.SECONDS);
            assertThat(transport.isConnected()).isTrue();
            transport.disconnect();
            assertThat(transport.isConnected()).isFalse();
        }
    }

    @Test
    void aConnectTheServerNeverLetsThroughTimesOut() throws Exception {
        try (FullBacklogServer server = new FullBacklogServer()) {
            StreamTransport transport = StreamTransport.tcp("127.0.0.1", server.port(), Duration.ofMillis(200), LONG);
            assertThatThrownBy(transport::connect)
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("timed out after 200 ms");
            assertThat(transport.isConnected()).isFalse();
        }
    }

    @Test
    void abortEndsAConnectThatWaits() throws Exception {
        try (FullBacklogServer server = new FullBacklogServer()) {
            StreamTransport transport = StreamTransport.tcp("127.0.0.1", server.port(), LONG, LONG);
            CompletableFuture<Void> done = new CompletableFuture<>();
            Thread t = runAsync(transport::connect, done);
            awaitWaiting(t, "connect", done);

            transport.abort();
            // an IOException, or the ClosedSelectorException of the selector closed under it: the sender takes both
            assertThatThrownBy(() -> done.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
            assertThat(transport.isConnected()).isFalse();
        }
    }

    @Test
    void aRefusedConnectFailsAtOnceAndLeavesTheTransportDisconnected() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, LOOPBACK)) {
            port = s.getLocalPort();
        }
        StreamTransport transport = StreamTransport.tcp("127.0.0.1", port, LONG, LONG);
        assertThatThrownBy(transport::connect).isInstanceOf(IOException.class);
        assertThat(transport.isConnected()).isFalse();
        assertThatThrownBy(() -> transport.write(new byte[] {'x'}, 0, 1))
                .isInstanceOf(IOException.class)
                .hasMessage("not connected");
    }

    /** A packet larger than the socket buffers on both sides: its write has to wait for the server. */
    private static final int LARGE = 4 << 20;

    private void writeWaitsForAServerThatPausesReading(Duration sendTimeout) throws Exception {
        try (ServerSocket server = new ServerSocket()) {
            server.setReceiveBufferSize(1024);
            server.bind(new InetSocketAddress(LOOPBACK, 0), 1);
            StreamTransport transport = StreamTransport.tcp("127.0.0.1", server.getLocalPort(), LONG, sendTimeout);
            transport.connect();
            try (Socket accepted = server.accept()) {
                byte[] packet = new byte[LARGE];
                packet[LARGE - 1] = '\n';
                CompletableFuture<Void> done = new CompletableFuture<>();
                Thread t = runAsync(() -> transport.write(packet, 0, LARGE), done);
                // the server has not read a byte yet: the write waits for room
                awaitWaiting(t, "awaitWritable", done);

                // a larger buffer now only speeds the reading up
                accepted.setReceiveBufferSize(1 << 20);
                long read = 0;
                byte[] buf = new byte[1 << 16];
                InputStream in = accepted.getInputStream();
                while (read < LARGE) {
                    int n = in.read(buf);
                    assertThat(n).isPositive();
                    read += n;
                }
                done.get(10, TimeUnit.SECONDS);
                assertThat(read).isEqualTo(LARGE);
                assertThat(transport.isConnected()).isTrue();
            } finally {
                transport.disconnect();
            }
        }
    }

    @Test
    void aWriteOutlastsAPauseOfTheServerShorterThanTheSendTimeout() throws Exception {
        writeWaitsForAServerThatPausesReading(LONG);
    }

    @Test
    void aWriteWithoutSendTimeoutWaitsAsLongAsTheServerPauses() throws Exception {
        writeWaitsForAServerThatPausesReading(Duration.ZERO);
    }

    @Test
    void aWriteTimesOutWhenTheServerDoesNotReadWithinTheSendTimeout() throws Exception {
        try (ServerSocket server = new ServerSocket()) {
            server.setReceiveBufferSize(1024);
            server.bind(new InetSocketAddress(LOOPBACK, 0), 1);
            StreamTransport transport =
                    StreamTransport.tcp("127.0.0.1", server.getLocalPort(), LONG, Duration.ofMillis(200));
            transport.connect();
            try (Socket accepted = server.accept()) {
                byte[] packet = new byte[LARGE];
                assertThat(accepted.isConnected()).isTrue();
                assertThatThrownBy(() -> transport.write(packet, 0, LARGE))
                        .isInstanceOf(IOException.class)
                        .isNotInstanceOf(StreamTransport.PeerClosedException.class)
                        .hasMessageContaining("send timed out after 200 ms");
                assertThat(transport.isConnected()).isFalse();
            }
        }
    }

    @Test
    void aPacketRefusedBeforeAnyByteWentOutIsReportedAsNotLost(@TempDir Path dir) throws Exception {
        Path path = dir.resolve("s.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(path));
            StreamTransport transport = StreamTransport.unix(path.toString(), LONG, LONG, false);
            transport.connect();
            try (SocketChannel accepted = server.accept()) {
                // the peer takes no more data but has not closed: nothing to read, the write is refused (EPIPE)
                accepted.shutdownInput();
                assertThatThrownBy(() -> transport.write(new byte[] {'a', '\n'}, 0, 2))
                        .isInstanceOf(StreamTransport.PeerClosedException.class)
                        .hasMessageContaining("server closed the connection");
                assertThat(transport.isConnected()).isFalse();
            }
        }
    }

    @Test
    void aPacketCutOffAfterSomeBytesWentOutIsAnErrorNotARetry(@TempDir Path dir) throws Exception {
        Path path = dir.resolve("s.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(path));
            StreamTransport transport = StreamTransport.unix(path.toString(), LONG, LONG, true);
            transport.connect();
            SocketChannel accepted = server.accept();
            byte[] packet = new byte[LARGE];
            CompletableFuture<Void> done = new CompletableFuture<>();
            Thread t = runAsync(() -> transport.write(packet, 0, LARGE), done);
            awaitWaiting(t, "awaitWritable", done);
            // part of the packet is in the socket: closing now cuts it
            ByteBuffer some = ByteBuffer.allocate(4);
            while (some.hasRemaining()) {
                accepted.read(some);
            }
            assertThat(some.flip().order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt())
                    .as("the length prefix")
                    .isEqualTo(LARGE);
            accepted.close();

            assertThatThrownBy(() -> done.get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOf(IOException.class)
                    .isNotInstanceOf(StreamTransport.PeerClosedException.class);
            assertThat(transport.isConnected()).isFalse();
        }
    }

    @Test
    void findsBeforeWritingThatTheServerClosedTheConnection() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, LOOPBACK)) {
            StreamTransport transport = StreamTransport.tcp("127.0.0.1", server.getLocalPort(), LONG, LONG);
            transport.connect();
            server.accept().close();
            // a second connection closed the same way: once it reads the end, the first close has arrived too
            try (Socket other = new Socket(LOOPBACK, server.getLocalPort())) {
                server.accept().close();
                assertThat(other.getInputStream().read()).isEqualTo(-1);
            }
            // a write would succeed locally and be lost: the transport finds the end first, and the packet is kept
            assertThatThrownBy(() -> transport.write(new byte[] {'a', '\n'}, 0, 2))
                    .isInstanceOf(StreamTransport.PeerClosedException.class)
                    .hasMessage("server closed the connection");
            assertThat(transport.isConnected()).isFalse();
        }
    }

    @Test
    void abortEndsAWriteThatWaitsWithAnIoException() throws Exception {
        try (ServerSocket server = new ServerSocket()) {
            server.setReceiveBufferSize(1024);
            server.bind(new InetSocketAddress(LOOPBACK, 0), 1);
            StreamTransport transport = StreamTransport.tcp("127.0.0.1", server.getLocalPort(), LONG, LONG);
            transport.connect();
            try (Socket accepted = server.accept()) {
                assertThat(accepted.isConnected()).isTrue();
                byte[] packet = new byte[LARGE];
                CompletableFuture<Void> done = new CompletableFuture<>();
                Thread t = runAsync(() -> transport.write(packet, 0, LARGE), done);
                awaitWaiting(t, "awaitWritable", done);

                transport.abort();
                // an IOException the sender counts, never the ClosedSelectorException of the selector closed under it
                assertThatThrownBy(() -> done.get(10, TimeUnit.SECONDS))
                        .isInstanceOf(ExecutionException.class)
                        .cause()
                        .isInstanceOf(IOException.class)
                        .hasMessage("transport closed");
                assertThat(transport.isConnected()).isFalse();
            }
        }
    }

    @Test
    void aConnectThatFailsLeavesNoSocketOpen() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, LOOPBACK)) {
            port = s.getLocalPort();
        }
        StreamTransport refused = StreamTransport.tcp("127.0.0.1", port, LONG, LONG);
        assertThat(OpenFiles.leftOpenBy(
                        () -> assertThatThrownBy(refused::connect).isInstanceOf(IOException.class)))
                .isZero();
        try (FullBacklogServer server = new FullBacklogServer()) {
            StreamTransport timedOut = StreamTransport.tcp("127.0.0.1", server.port(), Duration.ofMillis(100), LONG);
            assertThat(OpenFiles.leftOpenBy(
                            () -> assertThatThrownBy(timedOut::connect).isInstanceOf(IOException.class)))
                    .isZero();
        }
    }

    @Test
    void disconnectClosesTheSocketAndItsSelector() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, LOOPBACK)) {
            StreamTransport transport = StreamTransport.tcp("127.0.0.1", server.getLocalPort(), LONG, LONG);
            List<Socket> accepted = new ArrayList<>();
            assertThat(OpenFiles.leftOpenBy(() -> {
                        transport.connect();
                        accepted.add(server.accept());
                        transport.write(new byte[] {'a', '\n'}, 0, 2);
                        transport.disconnect();
                        accepted.remove(0).close();
                    }))
                    .isZero();
        }
    }
}
