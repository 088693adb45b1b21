package io.github.statsd.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.statsd.StatsdClient;
import io.github.statsd.StatsdConfig;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The page as rendered from what a real demo receiver got over UDP. */
class MetricsPageTests {

    private DemoStatsdReceiver demo;
    private StatsdClient client;

    @BeforeEach
    void startDemoReceiver() throws Exception {
        demo = new DemoStatsdReceiver(
                StatsdConfig.builder().host("127.0.0.1").port(freeUdpPort()).build());
        demo.afterPropertiesSet();
        assertThat(demo.isRunning()).isTrue();
        client = StatsdClient.create(
                StatsdConfig.builder().host("127.0.0.1").port(demo.port()).build());
    }

    @AfterEach
    void stopDemoReceiver() throws Exception {
        client.close();
        demo.destroy();
    }

    @Test
    void escapesNamesTagsAndValuesThatCameFromTheNetwork() throws Exception {
        send("<script>alert(1)</script>:1|c|#a:<b>x</b>,q:\"'&\n"
                + "set.users:<img src=x onerror=alert(2)>|s\n"
                + "ctl\u0001\u001b[31m:2|ms\n"
                + "marker:1|c");
        awaitSeries(4);

        String html = MetricsPage.render(client.stats(), demo, null, true);

        assertThat(html)
                .doesNotContain("<script>", "<b>", "<img")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;")
                .contains("a:&lt;b&gt;x&lt;/b&gt;,<wbr>q:&quot;&#39;&amp;")
                .contains("&lt;img src=x onerror=alert(2)&gt;")
                .contains("ctl\uFFFD\uFFFD[31m")
                .doesNotContain("\u0001", "\u001b");
    }

    @Test
    void showsOneRowPerSeriesWithASparklineForTimers() throws Exception {
        send("checkout:10|ms|#r:eu\ncheckout:30|ms|#r:eu\ncheckout:20|ms|#r:eu\nplaced:1|c|#r:eu");
        awaitSeries(2);

        String html = MetricsPage.render(client.stats(), demo, null, true);

        assertThat(html)
                .contains("<td class=\"name\">checkout</td><td class=\"tags\">r:eu</td><td>timer</td>"
                        + "<td class=\"num\">3</td><td class=\"num\">20</td><td class=\"num\">20</td>"
                        + "<td class=\"num\">30</td><td><svg class=\"spark\"");
        assertThat(html).contains("points=\"2.0,22.0 60.0,2.0 118.0,12.0\"");
        assertThat(html)
                .contains("<td class=\"name\">placed</td><td class=\"tags\">r:eu</td><td>counter</td>"
                        + "<td class=\"num\">1</td><td class=\"num\">1</td><td></td><td></td><td></td>");
    }

    @Test
    void hasAFormThatPostsAnOrderAndTheClientsCounts() {
        String html = MetricsPage.render(client.stats(), demo, null, true);

        assertThat(html)
                .contains("<form method=\"post\" action=\"place-order\">")
                .contains("<input name=\"item\"")
                .contains("<p id=\"client\">Sent 0, dropped 0, queued packets 0.</p>")
                .contains("<meta http-equiv=\"refresh\" content=\"3\">")
                .doesNotContain("<script", "http://", "https://");
    }

    @Test
    void reloadsOnceToThePlainPageAfterAnOrderAndNotWhenPaused() {
        assertThat(MetricsPage.render(client.stats(), demo, 42L, false))
                .contains("<meta http-equiv=\"refresh\" content=\"1; url=./\">")
                .contains("Order 42 placed");
        assertThat(MetricsPage.render(client.stats(), demo, null, false))
                .doesNotContain("http-equiv=\"refresh\"")
                .contains("<a href=\"./\">resume</a>");
    }

    @Test
    void drawsASparklineOfOneValueOrOfEqualValuesWithoutNaN() {
        assertThat(MetricsPage.sparkline(new double[] {5}))
                .contains("points=\"118.0,12.0\"")
                .doesNotContain("NaN");
        assertThat(MetricsPage.sparkline(new double[] {5, 5, 5}))
                .contains("points=\"2.0,12.0 60.0,12.0 118.0,12.0\"")
                .doesNotContain("NaN");
    }

    private void awaitSeries(int count) {
        await().atMost(Duration.ofSeconds(10))
                .until(() -> demo.snapshot().series().size() == count);
    }

    private void send(String packet) throws Exception {
        byte[] bytes = packet.getBytes(StandardCharsets.UTF_8);
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.send(new DatagramPacket(
                    bytes, bytes.length, new InetSocketAddress(InetAddress.getLoopbackAddress(), demo.port())));
        }
    }

    static int freeUdpPort() throws Exception {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            return socket.getLocalPort();
        }
    }
}
