package io.github.statsd.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real TCP server on 127.0.0.1 that keeps every newline-terminated line it receives, on any number of connections. It
 * can be stopped and started again on the same port, to test reconnects.
 */
public final class TcpReceiver implements AutoCloseable {

    private final ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();
    private final List<Socket> connections = new CopyOnWriteArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicLong lineCount = new AtomicLong();
    private final boolean keep;
    private volatile ServerSocket server;
    private volatile int port;

    private TcpReceiver(boolean keep) {
        this.keep = keep;
    }

    /**
     * Starts a receiver on a free port.
     *
     * @return the running receiver
     * @throws IOException when it cannot bind
     */
    public static TcpReceiver start() throws IOException {
        TcpReceiver r = new TcpReceiver(true);
        r.listen(0);
        return r;
    }

    /**
     * Starts a receiver that only counts lines (for load tests), on a free port.
     *
     * @return the running receiver
     * @throws IOException when it cannot bind
     */
    public static TcpReceiver startCounting() throws IOException {
        TcpReceiver r = new TcpReceiver(false);
        r.listen(0);
        return r;
    }

    private void listen(int onPort) throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), onPort));
        server = s;
        port = s.getLocalPort();
        Thread t = new Thread(() -> acceptLoop(s), "test-tcp-acceptor");
        t.setDaemon(true);
        t.start();
    }

    private void acceptLoop(ServerSocket s) {
        while (!s.isClosed()) {
            try {
                Socket c = s.accept();
                accepted.incrementAndGet();
                connections.add(c);
                Thread t = new Thread(() -> read(c), "test-tcp-reader");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void read(Socket c) {
        StringBuilder partial = new StringBuilder();
        byte[] buf = new byte[65536];
        try (InputStream in = c.getInputStream()) {
            int n;
            java.io.ByteArrayOutputStream pending = new java.io.ByteArrayOutputStream();
            while ((n = in.read(buf)) > 0) {
                if (!keep) {
                    int count = 0;
                    for (int i = 0; i < n; i++) {
                        if (buf[i] == '\n') {
                            count++;
                        }
                    }
                    lineCount.addAndGet(count);
                    continue;
                }
                for (int i = 0; i < n; i++) {
                    if (buf[i] == '\n') {
                        lines.add(pending.toString(StandardCharsets.UTF_8));
                        lineCount.incrementAndGet();
                        pending.reset();
                    } else {
                        pending.write(buf[i]);
                    }
                }
            }
            partial.append(pending.toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // connection closed
        } finally {
            connections.remove(c);
        }
    }

    /** @return the port it listens on (the same after a restart) */
    public int port() {
        return port;
    }

    /** @return every complete line received so far */
    public List<String> lines() {
        return new ArrayList<>(lines);
    }

    /** @return how many complete lines arrived so far (also for a counting receiver), without copying them */
    public long lineCount() {
        return lineCount.get();
    }

    /** @return how many connections were accepted */
    public int acceptedConnections() {
        return accepted.get();
    }

    /**
     * Closes the server socket and every connection, as a crashed server would.
     *
     * @throws IOException on close errors
     */
    public void stop() throws IOException {
        server.close();
        for (Socket c : connections) {
            c.close();
        }
    }

    /**
     * Listens again on the same port.
     *
     * @throws IOException when the port cannot be bound
     */
    public void restart() throws IOException {
        listen(port);
    }

    @Override
    public void close() throws IOException {
        stop();
    }
}
