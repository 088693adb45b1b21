package io.github.statsd.micrometer;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

/** A UDP server on 127.0.0.1, on a free port, that keeps every line of every datagram it receives. */
final class LineReceiver implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(10);

    private final DatagramSocket socket;
    private final ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();
    private final AtomicLong packets = new AtomicLong();

    private LineReceiver() throws IOException {
        socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        socket.setReceiveBufferSize(4 * 1024 * 1024);
        Thread thread = new Thread(this::receive, "test-line-receiver");
        thread.setDaemon(true);
        thread.start();
    }

    static LineReceiver start() throws IOException {
        return new LineReceiver();
    }

    int port() {
        return socket.getLocalPort();
    }

    private void receive() {
        byte[] buffer = new byte[65536];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        while (!socket.isClosed()) {
            try {
                socket.receive(packet);
            } catch (SocketException e) {
                return; // closed
            } catch (IOException e) {
                continue;
            }
            String text = new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
            for (String line : text.split("\n", -1)) {
                if (!line.isEmpty()) {
                    lines.add(line);
                }
            }
            packets.incrementAndGet();
        }
    }

    /** @return the lines received so far, in arrival order */
    List<String> lines() {
        return new ArrayList<>(lines);
    }

    /** @return the lines received so far that start with this text */
    List<String> linesStartingWith(String start) {
        return lines().stream().filter(l -> l.startsWith(start)).toList();
    }

    /** @return the datagrams received so far */
    long packets() {
        return packets.get();
    }

    /** Waits for a line that satisfies the condition, and returns it. */
    String awaitMatching(Predicate<String> condition) {
        String[] found = new String[1];
        awaiting().until(() -> {
            for (String l : lines) {
                if (condition.test(l)) {
                    found[0] = l;
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

    /** Waits for this very line. */
    String awaitLine(String line) {
        return awaitMatching(line::equals);
    }

    /** Waits until every datagram a client reports as sent has arrived, and returns the lines. */
    List<String> afterSent(long packetsSent) {
        awaiting().until(() -> packets.get() >= packetsSent);
        return lines();
    }

    static ConditionFactory awaiting() {
        return Awaitility.await().atMost(WAIT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(5));
    }

    @Override
    public void close() {
        socket.close();
    }
}
