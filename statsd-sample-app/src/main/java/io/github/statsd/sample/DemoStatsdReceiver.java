package io.github.statsd.sample;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;

/**
 * DEMO ONLY: a tiny in-process StatsD (UDP) receiver, so that the sample shows metrics flowing with no server
 * installed. It keeps the last lines it received for the {@code /} page. It is not part of the library; it is
 * skipped when the port is already taken (a real StatsD server is probably running there).
 */
public class DemoStatsdReceiver implements InitializingBean, DisposableBean {

    private static final Log logger = LogFactory.getLog(DemoStatsdReceiver.class);
    private static final int KEEP = 200;

    private final String host;
    private final int port;
    private final Deque<String> lines = new ArrayDeque<>();
    private volatile DatagramChannel channel;
    private Thread thread;
    private long received;

    /**
     * Creates the receiver.
     *
     * @param host the address to listen on
     * @param port the UDP port to listen on
     */
    public DemoStatsdReceiver(String host, int port) {
        this.host = host;
        this.port = port;
    }

    @Override
    public void afterPropertiesSet() throws IOException {
        DatagramChannel ch = DatagramChannel.open();
        try {
            ch.bind(new InetSocketAddress(host, port));
        } catch (BindException ex) {
            ch.close();
            logger.info("Demo StatsD receiver not started: UDP " + host + ":" + port + " is in use ("
                    + "a real StatsD server?)");
            return;
        }
        ch.socket().setSoTimeout(200);
        channel = ch;
        thread = new Thread(this::receive, "demo-statsd-receiver");
        thread.setDaemon(true);
        thread.start();
        logger.info("DEMO: in-process StatsD receiver listening on UDP " + host + ":" + port
                + " (sample app only; open / to see the metrics it received)");
    }

    private void receive() {
        ByteBuffer buf = ByteBuffer.allocate(65536);
        DatagramChannel ch = channel;
        while (ch != null && ch.isOpen()) {
            try {
                buf.clear();
                if (ch.receive(buf) == null) {
                    continue;
                }
                buf.flip();
                String packet = StandardCharsets.UTF_8.decode(buf).toString();
                synchronized (lines) {
                    for (String line : packet.split("\n")) {
                        if (!line.isEmpty()) {
                            received++;
                            lines.addFirst(line);
                            if (lines.size() > KEEP) {
                                lines.removeLast();
                            }
                        }
                    }
                }
            } catch (SocketTimeoutException ex) {
                // look at isOpen again
            } catch (IOException ex) {
                return;
            }
        }
    }

    /** @return whether the receiver is listening */
    public boolean isRunning() {
        return channel != null;
    }

    /** @return the port it listens (or tried to listen) on */
    public int port() {
        return port;
    }

    /** @return the number of lines received since start */
    public long received() {
        synchronized (lines) {
            return received;
        }
    }

    /** @return the latest lines received, newest first */
    public List<String> latest() {
        synchronized (lines) {
            return new ArrayList<>(lines);
        }
    }

    @Override
    public void destroy() throws IOException {
        DatagramChannel ch = channel;
        channel = null;
        if (ch != null) {
            ch.close();
        }
    }
}
