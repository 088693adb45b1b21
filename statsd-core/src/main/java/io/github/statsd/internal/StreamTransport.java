package io.github.statsd.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;

/**
 * A TCP or Unix domain stream connection in non-blocking mode, so that connect and write honour their timeouts and
 * {@link #abort()} can wake a write that waits on a server that does not read. The address is resolved at every
 * connect, so a changed DNS entry is picked up on reconnect.
 *
 * <p>With length prefixes (DogStatsD's stream socket, {@code dogstatsd_stream_socket}), each packet is written as a
 * 4-byte little-endian length followed by that many bytes, the same payload a datagram would carry.
 */
final class StreamTransport implements Transport {

    private final String host;
    private final int port;
    private final String socketPath;
    private final long connectTimeoutMillis;
    private final long sendTimeoutMillis;
    private final ByteBuffer probe = ByteBuffer.allocate(256);
    private final boolean lengthPrefixed;
    private final ByteBuffer header = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
    private final ByteBuffer[] framed = new ByteBuffer[2];
    private final ByteBuffer[] plain = new ByteBuffer[1];

    private volatile SocketChannel channel;
    private volatile Selector selector;
    private volatile boolean aborted;

    private StreamTransport(
            String host,
            int port,
            String socketPath,
            Duration connectTimeout,
            Duration sendTimeout,
            boolean lengthPrefixed) {
        this.host = host;
        this.lengthPrefixed = lengthPrefixed;
        this.port = port;
        this.socketPath = socketPath;
        this.connectTimeoutMillis = Math.max(1, connectTimeout.toMillis());
        this.sendTimeoutMillis = sendTimeout.toMillis();
    }

    static StreamTransport tcp(String host, int port, Duration connectTimeout, Duration sendTimeout) {
        return new StreamTransport(host, port, null, connectTimeout, sendTimeout, false);
    }

    static StreamTransport unix(
            String socketPath, Duration connectTimeout, Duration sendTimeout, boolean lengthPrefixed) {
        return new StreamTransport(null, 0, socketPath, connectTimeout, sendTimeout, lengthPrefixed);
    }

    @Override
    public void connect() throws IOException {
        if (channel != null) {
            return;
        }
        SocketAddress address;
        SocketChannel ch;
        if (socketPath != null) {
            address = UnixDomainSocketAddress.of(socketPath);
            ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        } else {
            InetSocketAddress inet = new InetSocketAddress(host, port);
            if (inet.isUnresolved()) {
                throw new UnknownHostException("cannot resolve statsd host " + host);
            }
            address = inet;
            ch = SocketChannel.open();
        }
        Selector sel = null;
        try {
            ch.configureBlocking(false);
            sel = Selector.open();
            selector = sel;
            if (!ch.connect(address)) {
                SelectionKey key = ch.register(sel, SelectionKey.OP_CONNECT);
                long deadline = System.nanoTime() + connectTimeoutMillis * 1_000_000L;
                while (!ch.finishConnect()) {
                    long left = (deadline - System.nanoTime()) / 1_000_000L;
                    if (left <= 0 || aborted) {
                        throw new IOException(
                                "connect to " + address + " timed out after " + connectTimeoutMillis + " ms");
                    }
                    sel.select(left);
                    sel.selectedKeys().clear();
                }
                key.interestOps(0);
            }
            channel = ch;
        } catch (IOException | RuntimeException e) {
            synchronized (this) {
                // abort() may be closing the same selector: see disconnect()
                closeQuietly(ch);
                closeQuietly(sel);
                selector = null;
            }
            throw e;
        }
    }

    @Override
    public boolean isConnected() {
        return channel != null;
    }

    @Override
    public void write(byte[] packet, int from, int length) throws IOException {
        SocketChannel ch = channel;
        if (ch == null) {
            throw new IOException("not connected");
        }
        try {
            checkNotClosedByPeer(ch);
            ByteBuffer buf = ByteBuffer.wrap(packet, from, length);
            long deadline = sendTimeoutMillis > 0 ? System.nanoTime() + sendTimeoutMillis * 1_000_000L : 0;
            ByteBuffer[] parts;
            if (lengthPrefixed) {
                header.clear();
                header.putInt(length).flip();
                framed[0] = header;
                framed[1] = buf;
                parts = framed;
            } else {
                plain[0] = buf;
                parts = plain;
            }
            int start = parts[0].position();
            while (buf.hasRemaining()) {
                long n;
                try {
                    n = ch.write(parts);
                } catch (IOException e) {
                    if (parts[0].position() == start && !aborted) {
                        // refused before any byte of this packet went out (a broken pipe): not lost, send it again
                        throw new PeerClosedException("server closed the connection: " + e.getMessage());
                    }
                    throw e;
                }
                if (n == 0) {
                    awaitWritable(ch, deadline);
                }
            }
        } catch (IOException e) {
            disconnect();
            throw e;
        } catch (RuntimeException e) {
            disconnect();
            if (aborted) {
                // abort() closed the selector under a waiting write (ClosedSelectorException)
                throw new IOException("transport closed", e);
            }
            throw e;
        }
    }

    /**
     * StatsD servers never write back, so a readable end-of-stream means the server closed the connection: find out
     * before writing rather than lose the packet into a dead socket.
     */
    private void checkNotClosedByPeer(SocketChannel ch) throws IOException {
        probe.clear();
        int read;
        try {
            read = ch.read(probe);
        } catch (IOException e) {
            // a reset seen before writing: the packet is not written yet, so it is not lost either
            throw new PeerClosedException("server reset the connection: " + e.getMessage());
        }
        if (read < 0) {
            throw new PeerClosedException("server closed the connection");
        }
    }

    private void awaitWritable(SocketChannel ch, long deadline) throws IOException {
        Selector sel = selector;
        SelectionKey key = ch.keyFor(sel);
        if (key == null) {
            key = ch.register(sel, SelectionKey.OP_WRITE);
        } else {
            key.interestOps(SelectionKey.OP_WRITE);
        }
        if (deadline == 0) {
            sel.select();
        } else {
            long left = (deadline - System.nanoTime()) / 1_000_000L;
            if (left <= 0) {
                throw new IOException("send timed out after " + sendTimeoutMillis + " ms");
            }
            sel.select(left);
        }
        sel.selectedKeys().clear();
        if (aborted) {
            throw new IOException("transport closed");
        }
    }

    /**
     * Closes the connection. The sender and {@link #abort()} (from the closing thread) may both call it: one of them
     * closes the channel and its selector, one after the other, as the JDK cannot take both closed at once from two
     * threads.
     */
    @Override
    public void disconnect() {
        synchronized (this) {
            SocketChannel ch = channel;
            Selector sel = selector;
            channel = null;
            selector = null;
            closeQuietly(ch);
            closeQuietly(sel);
        }
    }

    @Override
    public void abort() {
        aborted = true;
        Selector sel = selector;
        if (sel != null) {
            sel.wakeup();
        }
        disconnect();
    }

    private static void closeQuietly(java.io.Closeable c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException | RuntimeException ignored) {
                // nothing more to do: closing must never throw into close() or kill the sender
            }
        }
    }

    /** The server closed the connection before the packet was written: the packet is not lost. */
    static final class PeerClosedException extends IOException {
        private static final long serialVersionUID = 1L;

        PeerClosedException(String message) {
            super(message);
        }
    }
}
