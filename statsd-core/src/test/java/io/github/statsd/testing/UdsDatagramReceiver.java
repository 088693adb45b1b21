package io.github.statsd.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import jnr.unixsocket.UnixDatagramChannel;
import jnr.unixsocket.UnixSocketAddress;

/**
 * A real Unix domain datagram socket at a path, as the Datadog Agent's {@code dogstatsd_socket}: keeps each datagram
 * and its lines. Bound through jnr-unixsocket, so that it works on every JDK the tests run on. It can be stopped
 * (socket closed, file removed) and bound again at the same path, as an Agent restart does; or bound without reading,
 * as an Agent that does not keep up.
 */
public final class UdsDatagramReceiver implements AutoCloseable {

    private final Path path;
    private final ConcurrentLinkedQueue<String> datagrams = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();
    private volatile UnixDatagramChannel channel;
    private volatile Thread reader;
    private volatile boolean stopping;

    private UdsDatagramReceiver(Path path) {
        this.path = path;
    }

    /**
     * Binds a receiver that reads every datagram.
     *
     * @param path the socket file to create
     * @return the running receiver
     * @throws IOException when it cannot bind
     */
    public static UdsDatagramReceiver start(Path path) throws IOException {
        UdsDatagramReceiver r = new UdsDatagramReceiver(path);
        r.bind();
        r.read();
        return r;
    }

    /**
     * Binds a receiver that reads nothing until {@link #resume()}: its socket buffer fills up.
     *
     * @param path the socket file to create
     * @return the bound receiver
     * @throws IOException when it cannot bind
     */
    public static UdsDatagramReceiver startNotReading(Path path) throws IOException {
        UdsDatagramReceiver r = new UdsDatagramReceiver(path);
        r.bind();
        return r;
    }

    private void bind() throws IOException {
        Files.deleteIfExists(path);
        UnixDatagramChannel ch = UnixDatagramChannel.open();
        ch.bind(new UnixSocketAddress(path.toFile()));
        channel = ch;
    }

    private void read() {
        stopping = false;
        UnixDatagramChannel ch = channel;
        Thread t = new Thread(() -> readLoop(ch), "test-uds-datagram-reader");
        t.setDaemon(true);
        reader = t;
        t.start();
    }

    private void readLoop(UnixDatagramChannel ch) {
        ByteBuffer buf = ByteBuffer.allocateDirect(1 << 17);
        byte[] bytes = new byte[buf.capacity()];
        while (!stopping) {
            buf.clear();
            try {
                ch.receive(buf);
            } catch (IOException e) {
                return;
            }
            buf.flip();
            if (stopping) {
                return;
            }
            int n = buf.remaining();
            buf.get(bytes, 0, n);
            String datagram = new String(bytes, 0, n, StandardCharsets.UTF_8);
            // lines first: a test that sees the datagram sees its lines
            for (String line : datagram.split("\n", -1)) {
                lines.add(line);
            }
            datagrams.add(datagram);
        }
    }

    /** Starts reading, after {@link #startNotReading(Path)}. */
    public void resume() {
        if (reader == null) {
            read();
        }
    }

    /**
     * Stops as an Agent that goes away does: the reader ends, the socket is closed and its file removed.
     *
     * @throws IOException when the socket cannot be woken or closed
     */
    public void stop() throws IOException {
        UnixDatagramChannel ch = channel;
        if (ch == null) {
            return;
        }
        Thread t = reader;
        if (t != null) {
            stopping = true;
            // a blocked receive ends on a datagram, not on close: send it one
            try (UnixDatagramChannel waker = UnixDatagramChannel.open()) {
                waker.send(ByteBuffer.allocateDirect(1), new UnixSocketAddress(path.toFile()));
            }
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while stopping the reader", e);
            }
            reader = null;
        }
        ch.close();
        channel = null;
        Files.deleteIfExists(path);
    }

    /**
     * Binds again at the same path, reading, as a restarted Agent does.
     *
     * @throws IOException when it cannot bind
     */
    public void restart() throws IOException {
        bind();
        read();
    }

    /** @return the socket file */
    public Path path() {
        return path;
    }

    /** @return every datagram received, in order */
    public List<String> datagrams() {
        return new ArrayList<>(datagrams);
    }

    /** @return every line of every datagram, in order */
    public List<String> lines() {
        return new ArrayList<>(lines);
    }

    @Override
    public void close() throws IOException {
        stop();
    }
}
