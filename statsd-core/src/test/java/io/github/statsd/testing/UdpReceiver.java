package io.github.statsd.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/** A real UDP server on 127.0.0.1, on a free port, that keeps every datagram it receives. */
public final class UdpReceiver implements AutoCloseable {

    private final DatagramChannel channel;
    private final Thread thread;
    private final ConcurrentLinkedQueue<String> packets = new ConcurrentLinkedQueue<>();
    private final AtomicLong lineCount = new AtomicLong();
    private final boolean keep;
    private volatile boolean running = true;

    private UdpReceiver(boolean keep, int port) throws IOException {
        this(keep, "127.0.0.1", port);
    }

    private UdpReceiver(boolean keep, String address, int port) throws IOException {
        this.keep = keep;
        channel = DatagramChannel.open();
        channel.setOption(StandardSocketOptions.SO_RCVBUF, 32 * 1024 * 1024); // capped by net.core.rmem_max
        channel.bind(new InetSocketAddress(address, port));
        channel.socket().setSoTimeout(100);
        thread = new Thread(this::receive, "test-udp-receiver");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Starts a receiver that keeps every packet.
     *
     * @return the running receiver
     * @throws IOException when it cannot bind
     */
    public static UdpReceiver start() throws IOException {
        return new UdpReceiver(true, 0);
    }

    /**
     * Starts a receiver that keeps every packet, on a given port (to test a server that appears late).
     *
     * @param port the port
     * @return the running receiver
     * @throws IOException when it cannot bind
     */
    public static UdpReceiver start(int port) throws IOException {
        return new UdpReceiver(true, port);
    }

    /**
     * Starts a receiver that keeps every packet, on a given loopback address and port (127.0.0.2 is loopback too).
     *
     * @param address the address to bind
     * @param port the port, 0 for a free one
     * @return the running receiver
     * @throws IOException when it cannot bind
     */
    public static UdpReceiver startOn(String address, int port) throws IOException {
        return new UdpReceiver(true, address, port);
    }

    /**
     * Starts a receiver that only counts lines (for load tests).
     *
     * @return the running receiver
     * @throws IOException when it cannot bind
     */
    public static UdpReceiver startCounting() throws IOException {
        return new UdpReceiver(false, 0);
    }

    private void receive() {
        ByteBuffer buf = ByteBuffer.allocate(65536);
        while (running) {
            try {
                buf.clear();
                if (channel.receive(buf) == null) {
                    continue;
                }
                buf.flip();
                int lines = 1;
                for (int i = buf.position(); i < buf.limit(); i++) {
                    if (buf.get(i) == '\n') {
                        lines++;
                    }
                }
                lineCount.addAndGet(lines);
                if (keep) {
                    packets.add(StandardCharsets.UTF_8.decode(buf).toString());
                }
            } catch (SocketTimeoutException e) {
                // check running
            } catch (IOException e) {
                if (!running) {
                    return;
                }
            }
        }
    }

    /** @return the port it listens on */
    public int port() {
        return channel.socket().getLocalPort();
    }

    /** @return every datagram received so far, in order */
    public List<String> packets() {
        return new ArrayList<>(packets);
    }

    /** @return every line received so far (datagrams split on newlines), in order */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        for (String p : packets) {
            lines.addAll(List.of(p.split("\n", -1)));
        }
        return lines;
    }

    /** @return how many lines arrived (also for a counting receiver) */
    public long lineCount() {
        return lineCount.get();
    }

    @Override
    public void close() throws IOException {
        running = false;
        channel.close();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
