package io.github.statsd.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real Unix domain stream server at a socket path. In line mode it keeps newline-terminated lines; in framed mode it
 * reads as the DogStatsD Agent's stream socket does (a 4-byte little-endian length, then that many bytes) and keeps
 * each frame and its lines. It can be stopped (socket file removed, connections closed) and bound again at the same
 * path, to test reconnects.
 */
public final class UdsReceiver implements AutoCloseable {

    private final Path path;
    private final boolean framed;
    private final ConcurrentLinkedQueue<String> frames = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();
    private final List<SocketChannel> connections = new CopyOnWriteArrayList<>();
    private final List<Thread> readers = new CopyOnWriteArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger protocolErrors = new AtomicInteger();
    private volatile ServerSocketChannel server;

    private UdsReceiver(Path path, boolean framed) {
        this.path = path;
        this.framed = framed;
    }

    /**
     * Starts a receiver of newline-terminated lines.
     *
     * @param path the socket file to create
     * @return the running receiver
     * @throws IOException when it cannot bind
     */
    public static UdsReceiver startLines(Path path) throws IOException {
        UdsReceiver r = new UdsReceiver(path, false);
        r.listen();
        return r;
    }

    /**
     * Starts a receiver of length-prefixed frames, as DogStatsD's stream socket.
     *
     * @param path the socket file to create
     * @return the running receiver
     * @throws IOException when it cannot bind
     */
    public static UdsReceiver startFramed(Path path) throws IOException {
        UdsReceiver r = new UdsReceiver(path, true);
        r.listen();
        return r;
    }

    private void listen() throws IOException {
        Files.deleteIfExists(path);
        ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        s.bind(UnixDomainSocketAddress.of(path));
        server = s;
        Thread t = new Thread(() -> acceptLoop(s), "test-uds-acceptor");
        t.setDaemon(true);
        t.start();
    }

    private void acceptLoop(ServerSocketChannel s) {
        while (s.isOpen()) {
            try {
                SocketChannel c = s.accept();
                accepted.incrementAndGet();
                connections.add(c);
                Thread t = new Thread(() -> read(c), "test-uds-reader");
                readers.add(t);
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void read(SocketChannel c) {
        try (c) {
            if (framed) {
                readFrames(c);
            } else {
                readLines(c);
            }
        } catch (IOException e) {
            // connection closed
        } finally {
            connections.remove(c);
        }
    }

    private void readFrames(SocketChannel c) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
        while (true) {
            header.clear();
            if (!readFully(c, header)) {
                return;
            }
            int length = header.flip().getInt();
            if (length <= 0 || length > 65536) {
                protocolErrors.incrementAndGet();
                return;
            }
            ByteBuffer payload = ByteBuffer.allocate(length);
            if (!readFully(c, payload)) {
                protocolErrors.incrementAndGet();
                return;
            }
            String frame = new String(payload.array(), StandardCharsets.UTF_8);
            frames.add(frame);
            lines.addAll(List.of(frame.split("\n")));
        }
    }

    private static boolean readFully(SocketChannel c, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            if (c.read(buf) < 0) {
                return false;
            }
        }
        return true;
    }

    private void readLines(SocketChannel c) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(65536);
        ByteArrayOutputStream pending = new ByteArrayOutputStream();
        while (c.read(buf.clear()) >= 0) {
            buf.flip();
            while (buf.hasRemaining()) {
                byte b = buf.get();
                if (b == '\n') {
                    lines.add(pending.toString(StandardCharsets.UTF_8));
                    pending.reset();
                } else {
                    pending.write(b);
                }
            }
        }
    }

    /** @return the socket file path */
    public Path path() {
        return path;
    }

    /** @return every complete frame received so far (framed mode) */
    public List<String> frames() {
        return new ArrayList<>(frames);
    }

    /** @return every line received so far */
    public List<String> lines() {
        return new ArrayList<>(lines);
    }

    /** @return how many connections were accepted */
    public int acceptedConnections() {
        return accepted.get();
    }

    /** @return how many connections sent a bad length or ended inside a frame */
    public int protocolErrors() {
        return protocolErrors.get();
    }

    /**
     * Closes the server socket and every connection and removes the socket file, as a restarting Agent does.
     *
     * @throws IOException on close errors
     */
    public void stop() throws IOException {
        server.close();
        for (SocketChannel c : connections) {
            c.close();
        }
        // a reader blocked in read() holds its socket open until it has woken up: until then a client's write still
        // succeeds and is lost with the socket, so "stopped" means every reader has ended
        for (Thread t : readers) {
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while stopping", e);
            }
        }
        readers.clear();
        Files.deleteIfExists(path);
    }

    /**
     * Binds again at the same path.
     *
     * @throws IOException when it cannot bind
     */
    public void restart() throws IOException {
        listen();
    }

    @Override
    public void close() throws IOException {
        stop();
    }
}
