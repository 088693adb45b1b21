package io.github.statsd.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Proves the carbon harness itself: plaintext lines written with a raw socket land in whisper at their timestamps. */
class CarbonHarnessTest {

    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(20);

    @RegisterExtension
    static final CarbonServer carbon = new CarbonServer();

    @Test
    void linesOverTcpLandInWhisperAtTheirTimestamps() throws Exception {
        long t = Instant.now().getEpochSecond() - 30;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(carbon.host(), carbon.linePort()), 2000);
            OutputStream out = socket.getOutputStream();
            out.write(("it.harness.tcp.latency 42.5 " + t + "\n" + "it.harness.tcp.latency -7 " + (t + 5) + "\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }

        assertThat(carbon.awaitValueAt("it.harness.tcp.latency", t, WRITE_TIMEOUT))
                .isEqualTo(42.5);
        assertThat(carbon.awaitPoints("it.harness.tcp.latency", t - 10, t + 10, p -> p.size() == 2, WRITE_TIMEOUT))
                .containsExactly(java.util.Map.entry(t, 42.5), java.util.Map.entry(t + 5, -7.0));
        assertThat(carbon.valueAt("it.harness.tcp.latency", t + 1)).isEmpty();
    }

    @Test
    void linesOverUdpLandInWhisperAtTheirTimestamps() throws Exception {
        long t = Instant.now().getEpochSecond() - 20;
        byte[] line = ("it.harness.udp.hits 3 " + t + "\n").getBytes(StandardCharsets.US_ASCII);
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.send(new DatagramPacket(line, line.length, new InetSocketAddress(carbon.host(), carbon.udpPort())));
        }

        assertThat(carbon.awaitValueAt("it.harness.udp.hits", t, WRITE_TIMEOUT)).isEqualTo(3.0);
    }
}
