package io.github.statsd.sample;

import io.github.statsd.Protocol;
import io.github.statsd.StatsdConfig;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;

/**
 * DEMO ONLY: a tiny in-process StatsD (UDP) receiver, so that the sample shows metrics flowing with no server
 * installed. It groups what it receives per series for the {@code /} page. It is not part of the library.
 *
 * <p>It listens only where the client sends over UDP to this machine ({@code localhost}, {@code 127.x.x.x} or
 * {@code ::1}); for any other host or protocol, or when the port is taken (a real StatsD server is probably running
 * there), it logs one line and stays stopped, and the app starts as usual.
 */
public class DemoStatsdReceiver implements InitializingBean, DisposableBean {

    private static final Log logger = LogFactory.getLog(DemoStatsdReceiver.class);
    private static final Pattern IPV4_LOOPBACK = Pattern.compile("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");

    private final StatsdConfig config;
    private final ReceivedMetrics metrics = new ReceivedMetrics();
    private volatile DatagramChannel channel;
    private volatile String notRunning = "not started yet";

    /**
     * Creates the receiver for the client's configuration.
     *
     * @param config the client's configuration, or {@code null} when there is no client
     */
    public DemoStatsdReceiver(StatsdConfig config) {
        this.config = config;
    }

    @Override
    public void afterPropertiesSet() throws IOException {
        String skip = skipReason(config);
        if (skip != null) {
            notRunning = skip;
            logger.info("Demo StatsD receiver not started: " + skip);
            return;
        }
        DatagramChannel ch = DatagramChannel.open();
        try {
            ch.bind(new InetSocketAddress(config.host(), config.port()));
        } catch (BindException ex) {
            ch.close();
            notRunning = "UDP " + config.host() + ":" + config.port() + " is in use (a real StatsD server?)";
            logger.info("Demo StatsD receiver not started: " + notRunning);
            return;
        }
        channel = ch;
        notRunning = null;
        Thread thread = new Thread(() -> receive(ch), "demo-statsd-receiver");
        thread.setDaemon(true);
        thread.start();
        logger.info("DEMO: in-process StatsD receiver listening on UDP " + config.host() + ":" + config.port()
                + " (sample app only; open / to see the metrics it received)");
    }

    /**
     * Returns why the receiver does not start for this configuration.
     *
     * @param config the client's configuration, or {@code null}
     * @return the reason, or {@code null} when it starts: UDP to this machine
     */
    static String skipReason(StatsdConfig config) {
        if (config == null) {
            return "there is no StatsD client configuration (statsd.enabled is false?)";
        }
        if (config.protocol() != Protocol.UDP) {
            return "the client sends over " + config.protocol() + " and it only listens for UDP";
        }
        if (!isThisMachine(config.host())) {
            return "statsd.host " + config.host() + " is not this machine; the metrics go there";
        }
        return null;
    }

    /**
     * Returns whether a host is this machine, without any name lookup: {@code localhost}, {@code 127.x.x.x} or
     * {@code ::1}.
     *
     * @param host a host name or address
     * @return whether it is a loopback name or address
     */
    static boolean isThisMachine(String host) {
        String h = host.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h.equals("localhost")
                || IPV4_LOOPBACK.matcher(h).matches()
                || h.equals("::1")
                || h.equals("0:0:0:0:0:0:0:1");
    }

    private void receive(DatagramChannel ch) {
        ByteBuffer buf = ByteBuffer.allocate(65536);
        while (ch.isOpen()) {
            try {
                buf.clear();
                ch.receive(buf);
                buf.flip();
                String packet = StandardCharsets.UTF_8.decode(buf).toString();
                for (String line : packet.split("\n")) {
                    if (!line.isEmpty()) {
                        metrics.add(line);
                    }
                }
            } catch (IOException ex) {
                return; // closed
            }
        }
    }

    /** @return whether the receiver is listening */
    public boolean isRunning() {
        return channel != null;
    }

    /** @return why it is not listening, or {@code null} when it is */
    public String notRunningReason() {
        return notRunning;
    }

    /** @return the port it listens (or would listen) on */
    public int port() {
        return config == null ? 0 : config.port();
    }

    /** @return what it received so far */
    ReceivedMetrics.Snapshot snapshot() {
        return metrics.snapshot();
    }

    @Override
    public void destroy() throws IOException {
        DatagramChannel ch = channel;
        channel = null;
        notRunning = "stopped";
        if (ch != null) {
            ch.close();
        }
    }
}
