package io.github.statsd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class GraphiteConfigTest {

    @Test
    void returnsEveryOptionItWasBuiltWith() {
        Clock clock = Clock.fixed(Instant.ofEpochSecond(1_700_000_000L), ZoneOffset.UTC);
        ErrorHandler handler = e -> {};
        GraphiteConfig config = GraphiteConfig.builder()
                .host("carbon.example")
                .port(2004)
                .protocol(Protocol.UDP)
                .prefix("shop")
                .interval(Duration.ofSeconds(60))
                .clock(clock)
                .maxPacketSize(512)
                .queueCapacity(16)
                .flushInterval(Duration.ofMillis(5))
                .connectTimeout(Duration.ofSeconds(2))
                .sendTimeout(Duration.ofSeconds(3))
                .closeTimeout(Duration.ofSeconds(4))
                .errorHandler(handler)
                .build();

        assertThat(config.host()).isEqualTo("carbon.example");
        assertThat(config.port()).isEqualTo(2004);
        assertThat(config.protocol()).isEqualTo(Protocol.UDP);
        assertThat(config.prefix()).isEqualTo("shop");
        assertThat(config.interval()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.clock()).isSameAs(clock);
        assertThat(config.maxPacketSize()).isEqualTo(512);
        assertThat(config.queueCapacity()).isEqualTo(16);
        assertThat(config.flushInterval()).isEqualTo(Duration.ofMillis(5));
        assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.sendTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(config.closeTimeout()).isEqualTo(Duration.ofSeconds(4));
        assertThat(config.errorHandler()).isSameAs(handler);
        // the engine gets the transport part
        StatsdConfig engine = config.engineConfig();
        assertThat(engine.host()).isEqualTo("carbon.example");
        assertThat(engine.port()).isEqualTo(2004);
        assertThat(engine.protocol()).isEqualTo(Protocol.UDP);
        assertThat(engine.closeTimeout()).isEqualTo(Duration.ofSeconds(4));
    }

    @Test
    void defaultsToTheDocumentedValues() {
        GraphiteConfig config = GraphiteConfig.builder().prefix(null).build();

        assertThat(config.host()).isEqualTo("localhost");
        assertThat(config.prefix()).isEmpty();
        assertThat(config.clock()).isEqualTo(Clock.systemUTC());
        assertThat(config.queueCapacity()).isEqualTo(StatsdConfig.DEFAULT_QUEUE_CAPACITY);
        assertThat(config.flushInterval()).isEqualTo(StatsdConfig.DEFAULT_FLUSH_INTERVAL);
        assertThat(config.connectTimeout()).isEqualTo(StatsdConfig.DEFAULT_CONNECT_TIMEOUT);
        assertThat(config.sendTimeout()).isZero();
        assertThat(config.closeTimeout()).isEqualTo(StatsdConfig.DEFAULT_CLOSE_TIMEOUT);
        assertThat(config.errorHandler()).isNull();
    }

    @Test
    void acceptsAOneSecondIntervalAndRejectsAMissingOrUnixHost() {
        assertThat(GraphiteConfig.builder()
                        .interval(Duration.ofSeconds(1))
                        .build()
                        .interval())
                .isEqualTo(Duration.ofSeconds(1));
        for (String host : new String[] {null, "unix:///var/run/carbon.sock"}) {
            assertThatThrownBy(() -> GraphiteConfig.builder().host(host).build())
                    .isInstanceOfSatisfying(StatsdConfigException.class, e -> assertThat(e.option())
                            .isEqualTo("host"));
        }
    }

    @Test
    void toStringNamesTheOptionsThatShapeTheLines() {
        GraphiteConfig config = GraphiteConfig.builder()
                .host("carbon.example")
                .port(2004)
                .prefix("shop")
                .interval(Duration.ofSeconds(60))
                .maxPacketSize(512)
                .queueCapacity(16)
                .flushInterval(Duration.ofMillis(5))
                .build();

        assertThat(config.toString())
                .isEqualTo("GraphiteConfig{host=carbon.example, port=2004, protocol=TCP, prefix='shop', interval=PT1M,"
                        + " maxPacketSize=512, queueCapacity=16, flushInterval=PT0.005S}");
    }

    @Test
    void settersRejectABadValueAtOnceNamingTheOption() {
        assertRejected("port", () -> GraphiteConfig.builder().port(0));
        assertRejected("protocol", () -> GraphiteConfig.builder().protocol(Protocol.UDS));
        assertRejected("protocol", () -> GraphiteConfig.builder().protocol(null));
        assertRejected("host", () -> GraphiteConfig.builder().host("unix:///var/run/carbon.sock"));
        assertRejected("interval", () -> GraphiteConfig.builder().interval(Duration.ofMillis(1500)));
        assertRejected("interval", () -> GraphiteConfig.builder().interval(null));
        assertRejected("clock", () -> GraphiteConfig.builder().clock(null));
        assertRejected("queueCapacity", () -> GraphiteConfig.builder().queueCapacity(0));
        assertRejected("maxPacketSize", () -> GraphiteConfig.builder().maxPacketSize(63));
        // the largest UDP datagram depends on the protocol: checked by build()
        GraphiteConfig.Builder udp =
                GraphiteConfig.builder().protocol(Protocol.UDP).maxPacketSize(StatsdConfig.MAX_UDP_PACKET_SIZE + 1);
        assertRejected("maxPacketSize", udp::build);
    }

    @Test
    void theTransportIsAStatsdConfigWithTheGraphiteDefaults() {
        GraphiteConfig config = GraphiteConfig.builder().build();

        assertThat(config.engineConfig())
                .isEqualTo(StatsdConfig.builder()
                        .port(GraphiteConfig.DEFAULT_PORT)
                        .protocol(Protocol.TCP)
                        .build());
        assertThat(config.maxPacketSize()).isEqualTo(Protocol.TCP.defaultMaxPacketSize());
        assertThat(GraphiteConfig.builder().protocol(Protocol.UDP).build().maxPacketSize())
                .isEqualTo(Protocol.UDP.defaultMaxPacketSize());
    }

    private static void assertRejected(String option, org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(StatsdConfigException.class, e -> assertThat(e.option())
                .isEqualTo(option));
    }
}
