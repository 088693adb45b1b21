package io.github.statsd.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

/**
 * A connected datagram channel. The host name is resolved at every (re)connect and, every DNS refresh interval, again
 * before a write: when the address changed, the channel is connected to the new one (a DNS change of the server is
 * picked up without any send error, which UDP may never report).
 */
final class UdpTransport implements Transport {

    private final String host;
    private final int port;
    private final long refreshNanos;
    private volatile DatagramChannel channel;
    private InetSocketAddress remote;
    private long resolvedAt;

    UdpTransport(String host, int port, java.time.Duration dnsRefreshInterval) {
        this.host = host;
        this.port = port;
        this.refreshNanos = dnsRefreshInterval.toNanos();
    }

    @Override
    public void connect() throws IOException {
        if (channel != null) {
            return;
        }
        InetSocketAddress address = new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            throw new UnknownHostException("cannot resolve statsd host " + host);
        }
        DatagramChannel ch = DatagramChannel.open();
        try {
            ch.connect(address);
        } catch (IOException e) {
            ch.close();
            throw e;
        }
        remote = address;
        resolvedAt = System.nanoTime();
        channel = ch;
    }

    /** Resolves the host name again when the refresh interval has passed; reconnects if the address changed. */
    private void refresh() throws IOException {
        if (refreshNanos <= 0 || System.nanoTime() - resolvedAt < refreshNanos) {
            return;
        }
        resolvedAt = System.nanoTime();
        InetSocketAddress fresh = new InetSocketAddress(host, port);
        if (!fresh.isUnresolved() && !fresh.equals(remote)) {
            disconnect();
            connect();
        }
    }

    @Override
    public boolean isConnected() {
        return channel != null;
    }

    @Override
    public void write(byte[] packet, int from, int length) throws IOException {
        refresh();
        DatagramChannel ch = channel;
        if (ch == null) {
            throw new IOException("not connected");
        }
        try {
            ch.write(ByteBuffer.wrap(packet, from, length));
        } catch (IOException e) {
            disconnect();
            throw e;
        }
    }

    @Override
    public void disconnect() {
        DatagramChannel ch = channel;
        channel = null;
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // nothing more to do
            }
        }
    }

    @Override
    public void abort() {
        disconnect();
    }
}
