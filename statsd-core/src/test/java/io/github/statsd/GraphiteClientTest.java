package io.github.statsd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.github.statsd.testing.TcpReceiver;
import io.github.statsd.testing.UdpReceiver;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class GraphiteClientTest {

    /** 2023-11-14T22:13:27Z: seven seconds into a 10 s interval. */
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(1_700_000_007L), ZoneOffset.UTC);

    private static GraphiteConfig.Builder tcp(TcpReceiver receiver) {
        return GraphiteConfig.builder().host("127.0.0.1").port(receiver.port()).clock(CLOCK);
    }

    /** Graphite over UDP to the receiver, with timestamps from {@link #CLOCK}: 1700000000 at the default interval. */
    static GraphiteConfig.Builder udp(UdpReceiver receiver) {
        return GraphiteConfig.builder()
                .host("127.0.0.1")
                .port(receiver.port())
                .protocol(Protocol.UDP)
                .clock(CLOCK);
    }

    @Test
    void sendsPlaintextLinesOverTcpWithTimestampsAlignedToTheInterval() throws Exception {
        try (TcpReceiver receiver = TcpReceiver.start();
                GraphiteClient graphite =
                        GraphiteClient.create(tcp(receiver).prefix("shop").build())) {
            graphite.send("orders.placed", 42);
            graphite.send("cpu.load", 0.25, 1_700_000_019L);
            await().atMost(Duration.ofSeconds(5)).until(() -> receiver.lines().size() == 2);
            assertThat(receiver.lines())
                    .containsExactly("shop.orders.placed 42 1700000000", "shop.cpu.load 0.25 1700000010");
        }
    }

    @Test
    void alignsToAConfiguredInterval() throws Exception {
        try (TcpReceiver receiver = TcpReceiver.start();
                GraphiteClient graphite = GraphiteClient.create(
                        tcp(receiver).interval(Duration.ofMinutes(1)).build())) {
            graphite.send("a", 1);
            graphite.send("b", 1, 59L);
            await().atMost(Duration.ofSeconds(5)).until(() -> receiver.lines().size() == 2);
            assertThat(receiver.lines()).containsExactly("a 1 1699999980", "b 1 0");
        }
    }

    @Test
    void writesTaggedSeriesWithCarbonNamingRules() throws Exception {
        try (TcpReceiver receiver = TcpReceiver.start();
                GraphiteClient graphite = GraphiteClient.create(tcp(receiver).build())) {
            graphite.send("disk.used", 17, "host:web 1", "mount=/var", "odd:a;b~c!d^e=f");
            await().atMost(Duration.ofSeconds(5)).until(() -> receiver.lines().size() == 1);
            assertThat(receiver.lines())
                    .containsExactly("disk.used;host=web_1;mount=/var;odd=a_b_c_d_e_f 17 1700000000");
        }
    }

    @Test
    void sanitizesSpacesNewlinesAndSemicolonsInPaths() throws Exception {
        try (TcpReceiver receiver = TcpReceiver.start();
                GraphiteClient graphite =
                        GraphiteClient.create(tcp(receiver).prefix("my app").build())) {
            graphite.send("req time\nfake.line 1 2;x=y\tz", 3);
            graphite.send("température.cœur", 3);
            await().atMost(Duration.ofSeconds(5)).until(() -> receiver.lines().size() == 2);
            assertThat(receiver.lines())
                    .containsExactly(
                            "my_app.req_time_fake.line_1_2_x=y_z 3 1700000000", "my_app.température.cœur 3 1700000000");
        }
    }

    @Test
    void writesValuesWithoutExponentNotation() throws Exception {
        try (TcpReceiver receiver = TcpReceiver.start();
                GraphiteClient graphite = GraphiteClient.create(tcp(receiver).build())) {
            graphite.send("big", 1e20);
            graphite.send("small", 1e-7);
            graphite.send("negative", -12.5);
            await().atMost(Duration.ofSeconds(5)).until(() -> receiver.lines().size() == 3);
            assertThat(receiver.lines())
                    .containsExactly(
                            "big 100000000000000000000 1700000000",
                            "small 0.0000001 1700000000",
                            "negative -12.5 1700000000");
        }
    }

    @Test
    void countsBadInputAsInvalidWithoutSendingIt() throws Exception {
        try (TcpReceiver receiver = TcpReceiver.start()) {
            GraphiteClient graphite = GraphiteClient.create(tcp(receiver).build());
            graphite.send("nan", Double.NaN);
            graphite.send("inf", Double.POSITIVE_INFINITY);
            graphite.send(null, 1);
            graphite.send("", 1);
            graphite.send("past", 1, -1L);
            graphite.send("tag", 1, "novalue");
            graphite.send("tag", 1, "key:");
            graphite.send("tag", 1, ":value");
            graphite.send("good", 1, (String) null, "");
            graphite.close();
            StatsdStats stats = graphite.stats();
            assertThat(stats.droppedInvalid()).isEqualTo(8);
            assertThat(stats.sent()).isEqualTo(1);
            await().atMost(Duration.ofSeconds(5)).until(() -> receiver.lines().size() == 1);
            assertThat(receiver.lines()).containsExactly("good 1 1700000000");
        }
    }

    @Test
    void packsSeveralLinesIntoOneUdpDatagram() throws Exception {
        try (UdpReceiver receiver = UdpReceiver.start()) {
            GraphiteClient graphite = GraphiteClient.create(
                    udp(receiver).flushInterval(Duration.ofHours(1)).build());
            graphite.send("a", 1);
            graphite.send("b", 2, "k:v");
            graphite.close();
            assertThat(graphite.stats().sent()).isEqualTo(2);
            await().atMost(Duration.ofSeconds(5)).until(() -> receiver.packets().size() == 1);
            assertThat(receiver.packets()).containsExactly("a 1 1700000000\nb;k=v 2 1700000000");
        }
    }

    @Test
    void drainsQueuedLinesOnClose() throws Exception {
        try (TcpReceiver receiver = TcpReceiver.start()) {
            GraphiteClient graphite = GraphiteClient.create(
                    tcp(receiver).flushInterval(Duration.ofHours(1)).build());
            for (int i = 0; i < 5_000; i++) {
                graphite.send("hits", i);
            }
            graphite.close();
            assertThat(graphite.stats().sent()).isEqualTo(5_000);
            await().atMost(Duration.ofSeconds(5)).until(() -> receiver.lines().size() == 5_000);
        }
    }

    @Test
    void acceptsTheEpochItselfAndANullTagArray() throws Exception {
        try (TcpReceiver receiver = TcpReceiver.start()) {
            GraphiteConfig config = tcp(receiver).build();
            try (GraphiteClient graphite = GraphiteClient.create(config)) {
                assertThat(graphite.config()).isSameAs(config);
                graphite.send("epoch", 1, 0L);
                graphite.send("untagged", 2, (String[]) null);
                await().atMost(Duration.ofSeconds(5))
                        .until(() -> receiver.lines().size() == 2);
                assertThat(receiver.lines()).containsExactly("epoch 1 0", "untagged 2 1700000000");
                assertThat(graphite.stats().droppedInvalid()).isZero();
            }
        }
    }

    @Test
    void reportsItsSenderAliveAndConnectedThenNoneAfterClose() throws Exception {
        try (TcpReceiver receiver = TcpReceiver.start()) {
            GraphiteClient graphite = GraphiteClient.create(tcp(receiver).build());
            try {
                graphite.send("marker", 1);
                await().atMost(Duration.ofSeconds(5))
                        .until(() -> receiver.lines().size() == 1);
                assertThat(graphite.senderStatus()).isEqualTo(new SenderStatus(1, 1, 1, 0));
            } finally {
                graphite.close();
            }
            assertThat(graphite.senderStatus()).isEqualTo(new SenderStatus(1, 0, 0, 0));
        }
    }

    @Test
    void defaultsToTcpOnPort2003WithATenSecondInterval() {
        GraphiteConfig config = GraphiteConfig.builder().build();
        assertThat(config.port()).isEqualTo(2003);
        assertThat(config.protocol()).isEqualTo(Protocol.TCP);
        assertThat(config.interval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.maxPacketSize()).isEqualTo(8192);
        assertThat(GraphiteConfig.builder().protocol(Protocol.UDP).build().maxPacketSize())
                .isEqualTo(1432);
    }

    @Test
    void rejectsBadOptionsNamingThem() {
        assertOption(() -> GraphiteConfig.builder().port(0), "port");
        assertOption(() -> GraphiteConfig.builder().host(" "), "host");
        assertOption(() -> GraphiteConfig.builder().protocol(Protocol.UDS), "protocol");
        assertOption(() -> GraphiteConfig.builder().protocol(null), "protocol");
        assertOption(() -> GraphiteConfig.builder().interval(Duration.ofMillis(1500)), "interval");
        assertOption(() -> GraphiteConfig.builder().interval(Duration.ZERO), "interval");
        assertOption(() -> GraphiteConfig.builder().interval(null), "interval");
        assertOption(() -> GraphiteConfig.builder().clock(null), "clock");
        assertOption(() -> GraphiteConfig.builder().maxPacketSize(10), "maxPacketSize");
        assertOption(() -> GraphiteConfig.builder().queueCapacity(0), "queueCapacity");
        assertOption(() -> GraphiteConfig.builder().flushInterval(Duration.ZERO), "flushInterval");
    }

    // a setter throws for a bad value of its own, build() for options that do not fit together
    private static void assertOption(Supplier<GraphiteConfig.Builder> builder, String option) {
        assertThatThrownBy(() -> builder.get().build())
                .isInstanceOf(StatsdConfigException.class)
                .extracting(e -> ((StatsdConfigException) e).option())
                .isEqualTo(option);
    }
}
