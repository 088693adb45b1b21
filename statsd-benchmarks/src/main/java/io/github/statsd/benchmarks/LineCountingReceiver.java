package io.github.statsd.benchmarks;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A UDP server on 127.0.0.1 that counts non-empty lines and sums the values of counter lines ({@code name:v|c...}), so
 * that benchmarks can compare what was delivered with what was called. Unlike the test receiver of statsd-core it does
 * not count the empty line after a trailing newline (java-dogstatsd-client ends every line, also the last of a
 * datagram, with a newline), and it tells when it last received something.
 */
public final class LineCountingReceiver implements AutoCloseable {

    private final DatagramChannel channel;
    private final Thread thread;
    private volatile long lines;
    private volatile long counterSum;
    private volatile long datagrams;
    private volatile long lastReceiveNanos = System.nanoTime();

    /**
     * Binds to a free port on loopback and starts receiving.
     *
     * @throws IOException when it cannot bind
     */
    public LineCountingReceiver() throws IOException {
        channel = DatagramChannel.open();
        channel.setOption(StandardSocketOptions.SO_RCVBUF, 64 * 1024 * 1024); // capped by net.core.rmem_max
        channel.bind(new InetSocketAddress("127.0.0.1", 0));
        thread = new Thread(this::receive, "bench-udp-receiver");
        thread.setDaemon(true);
        thread.start();
    }

    private void receive() {
        byte[] array = new byte[65536];
        ByteBuffer buf = ByteBuffer.wrap(array);
        long myLines = 0;
        long mySum = 0;
        long myDatagrams = 0;
        try {
            while (true) {
                buf.clear();
                channel.receive(buf);
                int end = buf.position();
                int lineStart = 0;
                for (int i = 0; i <= end; i++) {
                    if (i == end || array[i] == '\n') {
                        if (i > lineStart) {
                            myLines++;
                            mySum += counterValue(array, lineStart, i);
                        }
                        lineStart = i + 1;
                    }
                }
                myDatagrams++;
                // single writer: plain volatile stores are enough
                lines = myLines;
                counterSum = mySum;
                datagrams = myDatagrams;
                lastReceiveNanos = System.nanoTime();
            }
        } catch (ClosedChannelException e) {
            // closed: done
        } catch (IOException e) {
            System.err.println("bench receiver stopped: " + e);
        }
    }

    /** The integral value of a {@code name:value|c} line, 0 for any other line. */
    private static long counterValue(byte[] b, int start, int end) {
        int i = start;
        while (i < end && b[i] != ':') {
            i++;
        }
        if (i == end) {
            return 0;
        }
        i++;
        boolean neg = i < end && b[i] == '-';
        if (neg) {
            i++;
        }
        long v = 0;
        while (i < end && b[i] >= '0' && b[i] <= '9') {
            v = v * 10 + (b[i] - '0');
            i++;
        }
        boolean counter = i + 1 < end && b[i] == '|' && b[i + 1] == 'c' && (i + 2 == end || b[i + 2] == '|');
        return counter ? (neg ? -v : v) : 0;
    }

    /** @return the port it listens on */
    public int port() {
        return channel.socket().getLocalPort();
    }

    /** @return non-empty lines received so far */
    public long lines() {
        return lines;
    }

    /** @return the sum of the integral values of all counter lines received so far */
    public long counterSum() {
        return counterSum;
    }

    /** @return datagrams received so far */
    public long datagrams() {
        return datagrams;
    }

    /**
     * Waits until nothing has arrived for {@code quietMillis}, at most {@code maxMillis}.
     *
     * @param quietMillis how long without a datagram counts as stopped
     * @param maxMillis the longest wait
     */
    public void awaitQuiet(long quietMillis, long maxMillis) {
        awaitQuiet(() -> lastReceiveNanos, quietMillis, maxMillis);
    }

    /**
     * Waits until a receiver has received nothing for {@code quietMillis}, at most {@code maxMillis}.
     *
     * @param lastReceiveNanos the receiver's {@link System#nanoTime()} at its last datagram
     * @param quietMillis how long without a datagram counts as stopped
     * @param maxMillis the longest wait
     */
    static void awaitQuiet(LongSupplier lastReceiveNanos, long quietMillis, long maxMillis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(maxMillis);
        long quiet = TimeUnit.MILLISECONDS.toNanos(quietMillis);
        // quiet counts from now at the earliest: datagrams sent just before this call (a client's last window on
        // close) may still wait in the socket while the last receive is long past
        long start = System.nanoTime();
        while (true) {
            long last = lastReceiveNanos.getAsLong();
            long since = last - start > 0 ? last : start;
            if (System.nanoTime() - since >= quiet || System.nanoTime() - deadline >= 0) {
                return;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
