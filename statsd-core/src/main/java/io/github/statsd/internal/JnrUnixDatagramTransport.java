package io.github.statsd.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import jnr.constants.platform.Errno;
import jnr.ffi.LastError;
import jnr.unixsocket.UnixDatagramChannel;
import jnr.unixsocket.UnixSocketAddress;

/**
 * A Unix datagram socket through jnr-unixsocket (Java 17 to 21). Loaded only when jnr-unixsocket is on the classpath
 * (see {@link UnixDatagramTransports}). The channel is non-blocking and addresses each datagram to the socket path, so
 * a re-created socket file is reached without reconnecting; a missing file fails {@link #connect()}, which the sender
 * retries with backoff.
 */
final class JnrUnixDatagramTransport implements Transport {

    private static final int EAGAIN = Errno.EAGAIN.intValue();
    private static final int EWOULDBLOCK = Errno.EWOULDBLOCK.intValue();
    private static final int ENOBUFS = Errno.ENOBUFS.intValue();
    /** The messages jnr gives a send that a full receiver refused (see {@link #isFull}). */
    private static final String AGAIN = Errno.EAGAIN.description();

    private static final String NO_BUFFERS = Errno.ENOBUFS.description();

    private final String socketPath;
    private final DatagramDroppedException full;
    private final UnixSocketAddress address;
    private volatile UnixDatagramChannel channel;

    JnrUnixDatagramTransport(String socketPath) {
        this.socketPath = socketPath;
        this.address = new UnixSocketAddress(socketPath);
        this.full = new DatagramDroppedException(socketPath);
    }

    @Override
    public void connect() throws IOException {
        if (channel != null) {
            return;
        }
        // sendto() finds the socket by its path at every datagram: check the Agent is there before taking packets
        if (!Files.exists(Path.of(socketPath))) {
            throw new IOException("no Unix datagram socket at " + socketPath);
        }
        UnixDatagramChannel ch = UnixDatagramChannel.open();
        try {
            ch.configureBlocking(false);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        channel = ch;
    }

    @Override
    public boolean isConnected() {
        return channel != null;
    }

    @Override
    public void write(byte[] packet, int from, int length) throws IOException {
        UnixDatagramChannel ch = channel;
        if (ch == null) {
            throw new IOException("not connected");
        }
        try {
            ch.send(ByteBuffer.wrap(packet, from, length), address);
        } catch (IOException e) {
            if (isFull(e)) {
                // the receiver's buffer is full: this datagram is dropped (and counted), the socket stays
                throw full;
            }
            disconnect();
            throw e;
        } catch (RuntimeException e) {
            disconnect();
            throw e;
        }
    }

    /**
     * Whether a send failed because the receiver's buffer is full. jnr makes its message from errno right after the
     * send, and that look-up (strerror) may change errno before this transport can read it: the message decides, errno
     * only when the message is another (say, translated).
     */
    private static boolean isFull(IOException e) {
        String message = e.getMessage();
        if (AGAIN.equals(message) || NO_BUFFERS.equals(message)) {
            return true;
        }
        int errno = LastError.getLastError(jnr.ffi.Runtime.getSystemRuntime());
        return errno == EAGAIN || errno == EWOULDBLOCK || errno == ENOBUFS;
    }

    @Override
    public void disconnect() {
        UnixDatagramChannel ch = channel;
        channel = null;
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException | RuntimeException ignored) {
                // nothing more to do
            }
        }
    }

    @Override
    public void abort() {
        disconnect();
    }
}
