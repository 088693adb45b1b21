package io.github.statsd.reliability;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A TCP server on loopback that reads slowly (a small read, then a pause) with a tiny receive buffer, counting the
 * lines it gets: a server that cannot keep up with a backlog.
 */
final class SlowServer implements AutoCloseable {

    private final ServerSocket server;
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();
    private final AtomicLong lines = new AtomicLong();

    SlowServer() throws IOException {
        server = new ServerSocket();
        server.setReceiveBufferSize(1024);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        Thread t = new Thread(this::acceptLoop, "test-slow-acceptor");
        t.setDaemon(true);
        t.start();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                accepted.add(s);
                Thread t = new Thread(() -> read(s), "test-slow-reader");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void read(Socket s) {
        byte[] buf = new byte[512];
        try (InputStream in = s.getInputStream()) {
            int n;
            while ((n = in.read(buf)) > 0) {
                int count = 0;
                for (int i = 0; i < n; i++) {
                    if (buf[i] == '\n') {
                        count++;
                    }
                }
                lines.addAndGet(count);
                LockSupport.parkNanos(1_000_000); // about 0.5 MB/s
            }
        } catch (IOException e) {
            // closed
        }
    }

    int port() {
        return server.getLocalPort();
    }

    long lineCount() {
        return lines.get();
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : accepted) {
            s.close();
        }
    }
}
