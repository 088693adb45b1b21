package io.github.statsd.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

/** A connected datagram channel; the host name is resolved at every (re)connect. */
final class UdpTransport implements Transport {

    private final String host;
    private final int port;
    private volatile DatagramChannel channel;

    UdpTransport(String host, int port) {
        this.host = host;
        this.port = port;
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
        channel = ch;
    }

    @Override
    public boolean isConnected() {
        return channel != null;
    }

    @Override
    public void write(byte[] packet, int length) throws IOException {
        DatagramChannel ch = channel;
        if (ch == null) {
            throw new IOException("not connected");
        }
        try {
            ch.write(ByteBuffer.wrap(packet, 0, length));
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
