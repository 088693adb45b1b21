package io.github.statsd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StatsdConfigTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        StatsdConfig config = StatsdConfig.builder().build();

        assertThat(config.host()).isEqualTo(StatsdConfig.DEFAULT_HOST).isEqualTo("localhost");
        assertThat(config.port()).isEqualTo(StatsdConfig.DEFAULT_PORT).isEqualTo(8125);
        assertThat(config.protocol()).isEqualTo(Protocol.UDP);
        assertThat(config.socketPath()).isNull();
        assertThat(config.flavor()).isEqualTo(Flavor.ETSY);
        assertThat(config.prefix()).isEmpty();
        assertThat(config.constantTags()).isEmpty();
        assertThat(config.sampleRate()).isEqualTo(1.0);
        assertThat(config.maxPacketSize()).isEqualTo(1432);
        assertThat(config.queueCapacity()).isEqualTo(StatsdConfig.DEFAULT_QUEUE_CAPACITY);
        assertThat(config.flushInterval())
                .isEqualTo(StatsdConfig.DEFAULT_FLUSH_INTERVAL)
                .isEqualTo(Duration.ofMillis(100));
        assertThat(config.connectTimeout())
                .isEqualTo(StatsdConfig.DEFAULT_CONNECT_TIMEOUT)
                .isEqualTo(Duration.ofSeconds(5));
        assertThat(config.sendTimeout())
                .isEqualTo(StatsdConfig.DEFAULT_SEND_TIMEOUT)
                .isZero();
        assertThat(config.dnsRefreshInterval())
                .isEqualTo(StatsdConfig.DEFAULT_DNS_REFRESH_INTERVAL)
                .isEqualTo(Duration.ofSeconds(30));
        assertThat(config.closeTimeout())
                .isEqualTo(StatsdConfig.DEFAULT_CLOSE_TIMEOUT)
                .isEqualTo(Duration.ofSeconds(5));
        assertThat(config.senderThreads()).isEqualTo(1);
        assertThat(config.debug()).isFalse();
        assertThat(config.errorHandler()).isNull();
    }

    @Test
    void streamProtocolsDefaultToLargerPackets() {
        assertThat(StatsdConfig.builder().protocol(Protocol.TCP).build().maxPacketSize())
                .isEqualTo(8192);
    }

    @Test
    void acceptsThePacketSizesAtTheBounds() {
        assertThat(StatsdConfig.builder().maxPacketSize(64).build().maxPacketSize())
                .isEqualTo(64);
        assertThat(StatsdConfig.builder()
                        .protocol(Protocol.TCP)
                        .maxPacketSize(StatsdConfig.MAX_STREAM_PACKET_SIZE)
                        .build()
                        .maxPacketSize())
                .isEqualTo(StatsdConfig.MAX_STREAM_PACKET_SIZE);
    }

    static Stream<Arguments> rejectedOptions() {
        return Stream.of(
                rejects("port", b -> b.port(0)),
                rejects("port", b -> b.port(70000)),
                rejects("port", b -> b.port(-1)),
                rejects("host", b -> b.host("")),
                rejects("host", b -> b.host("  ")),
                rejects("host", b -> b.host(null)),
                rejects("maxPacketSize", b -> b.maxPacketSize(63)),
                rejects("maxPacketSize", b -> b.maxPacketSize(StatsdConfig.MAX_UDP_PACKET_SIZE + 1)),
                rejects("maxPacketSize", b -> b.protocol(Protocol.TCP)
                        .maxPacketSize(StatsdConfig.MAX_STREAM_PACKET_SIZE + 1)),
                rejects("sampleRate", b -> b.sampleRate(0)),
                rejects("sampleRate", b -> b.sampleRate(-0.5)),
                rejects("sampleRate", b -> b.sampleRate(1.5)),
                rejects("sampleRate", b -> b.sampleRate(Double.NaN)),
                rejects("sampleRate", b -> b.sampleRate(Double.POSITIVE_INFINITY)),
                rejects("flushInterval", b -> b.flushInterval(Duration.ofMillis(-1))),
                rejects("flushInterval", b -> b.flushInterval(Duration.ZERO)),
                rejects("flushInterval", b -> b.flushInterval(null)),
                rejects("connectTimeout", b -> b.connectTimeout(Duration.ofSeconds(-1))),
                rejects("connectTimeout", b -> b.connectTimeout(Duration.ZERO)),
                rejects("sendTimeout", b -> b.sendTimeout(Duration.ofSeconds(-1))),
                rejects("closeTimeout", b -> b.closeTimeout(Duration.ofSeconds(-1))),
                rejects("dnsRefreshInterval", b -> b.dnsRefreshInterval(Duration.ofSeconds(-1))),
                rejects("dnsRefreshInterval", b -> b.dnsRefreshInterval(null)),
                rejects("queueCapacity", b -> b.queueCapacity(0)),
                rejects("senderThreads", b -> b.senderThreads(0)),
                rejects("senderThreads", b -> b.senderThreads(65)),
                rejects("socketPath", b -> b.socketPath(null)),
                rejects("socketPath", b -> b.socketPath(" ")),
                rejects("containerId", b -> b.containerId("")),
                rejects("containerId", b -> b.containerId("a|b")),
                rejects("aggregationInterval", b -> b.aggregationInterval(Duration.ZERO)),
                rejects("protocol", b -> b.protocol(null)),
                rejects("flavor", b -> b.flavor(null)),
                rejects("socketPath", b -> b.protocol(Protocol.UDS)),
                rejects("host", b -> b.host("unix:///tmp/statsd.sock").protocol(Protocol.TCP)));
    }

    private static Arguments rejects(String option, UnaryOperator<StatsdConfig.Builder> change) {
        return Arguments.of(option, change);
    }

    // the setter throws for a bad value of its own, build() for options that do not fit together
    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("rejectedOptions")
    void rejectsABadValueNamingTheOption(String option, UnaryOperator<StatsdConfig.Builder> change) {
        assertThatThrownBy(() -> change.apply(StatsdConfig.builder()).build())
                .isInstanceOf(StatsdConfigException.class)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + option + "'")
                .satisfies(e -> assertThat(((StatsdConfigException) e).option()).isEqualTo(option));
    }

    static Stream<Arguments> valuesRejectedBySetters() {
        return Stream.of(
                rejects("host", b -> b.host(" ")),
                rejects("port", b -> b.port(0)),
                rejects("protocol", b -> b.protocol(null)),
                rejects("socketPath", b -> b.socketPath("")),
                rejects("flavor", b -> b.flavor(null)),
                rejects("sampleRate", b -> b.sampleRate(2)),
                rejects("maxPacketSize", b -> b.maxPacketSize(63)),
                rejects("maxPacketSize", b -> b.maxPacketSize(StatsdConfig.MAX_STREAM_PACKET_SIZE + 1)),
                rejects("queueCapacity", b -> b.queueCapacity(0)),
                rejects("flushInterval", b -> b.flushInterval(Duration.ZERO)),
                rejects("connectTimeout", b -> b.connectTimeout(null)),
                rejects("sendTimeout", b -> b.sendTimeout(Duration.ofSeconds(-1))),
                rejects("closeTimeout", b -> b.closeTimeout(null)),
                rejects("dnsRefreshInterval", b -> b.dnsRefreshInterval(Duration.ofSeconds(-1))),
                rejects("senderThreads", b -> b.senderThreads(65)),
                rejects("containerId", b -> b.containerId("a b")),
                rejects("aggregationInterval", b -> b.aggregationInterval(null)));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("valuesRejectedBySetters")
    void settersRejectABadValueAtOnce(String option, UnaryOperator<StatsdConfig.Builder> change) {
        assertThatThrownBy(() -> change.apply(StatsdConfig.builder()))
                .isInstanceOfSatisfying(StatsdConfigException.class, e -> {
                    assertThat(e.option()).isEqualTo(option);
                    assertThat(e.reason()).isNotBlank();
                    assertThat(e).hasMessage("Invalid statsd option '" + option + "': " + e.reason());
                });
    }

    @Test
    void exceptionCarriesTheOptionAndTheReason() {
        assertThatThrownBy(() -> StatsdConfig.builder().port(70000))
                .isInstanceOfSatisfying(StatsdConfigException.class, e -> {
                    assertThat(e.option()).isEqualTo("port");
                    assertThat(e.reason()).isEqualTo("must be between 1 and 65535, was 70000");
                    assertThat(e).hasMessage("Invalid statsd option 'port': must be between 1 and 65535, was 70000");
                });
        // what spans options is checked by build(): the largest UDP datagram
        StatsdConfig.Builder udp = StatsdConfig.builder().maxPacketSize(StatsdConfig.MAX_UDP_PACKET_SIZE + 1);
        assertThatThrownBy(udp::build).isInstanceOfSatisfying(StatsdConfigException.class, e -> assertThat(e.reason())
                .isEqualTo("must be between 64 and 65507 bytes for UDP, was 65508"));
        assertThat(udp.protocol(Protocol.TCP).build().maxPacketSize()).isEqualTo(65508);
    }

    @Test
    void acceptsTheLimits() {
        StatsdConfig config = StatsdConfig.builder()
                .port(65535)
                .sampleRate(1.0)
                .maxPacketSize(StatsdConfig.MIN_PACKET_SIZE)
                .queueCapacity(1)
                .sendTimeout(Duration.ZERO)
                .closeTimeout(Duration.ZERO)
                .build();

        assertThat(config.port()).isEqualTo(65535);
        assertThat(config.maxPacketSize()).isEqualTo(64);
        assertThat(StatsdConfig.builder()
                        .port(1)
                        .sampleRate(Double.MIN_VALUE)
                        .maxPacketSize(StatsdConfig.MAX_UDP_PACKET_SIZE)
                        .build()
                        .maxPacketSize())
                .isEqualTo(65507);
    }

    @Test
    void constantTagsRejectNullAndEmptyTags() {
        assertThatThrownBy(() -> StatsdConfig.builder().constantTags("env:prod", null))
                .isInstanceOfSatisfying(
                        StatsdConfigException.class, e -> assertThat(e.option()).isEqualTo("constantTags"));
        assertThatThrownBy(() -> StatsdConfig.builder().constantTags(""))
                .isInstanceOfSatisfying(
                        StatsdConfigException.class, e -> assertThat(e.option()).isEqualTo("constantTags"));
    }

    @Test
    void unixAddressSelectsTheUnixDomainSocketTransport() {
        StatsdConfig config =
                StatsdConfig.builder().host("unix:///var/run/statsd.sock").build();

        // as Datadog reads DD_DOGSTATSD_URL: unix:// is the datagram socket
        assertThat(config.protocol()).isEqualTo(Protocol.UDS_DATAGRAM);
        assertThat(config.socketPath()).isEqualTo("/var/run/statsd.sock");
        assertThat(config.maxPacketSize()).isEqualTo(8192);
    }

    @Test
    void unixAddressSchemesFollowDatadog() {
        assertThat(StatsdConfig.builder().host("unixgram:///a.sock").build().protocol())
                .isEqualTo(Protocol.UDS_DATAGRAM);
        StatsdConfig stream =
                StatsdConfig.builder().host("unixstream:///a.sock").build();
        assertThat(stream.protocol()).isEqualTo(Protocol.UDS);
        assertThat(stream.socketPath()).isEqualTo("/a.sock");
        // the stream protocol set before or after a unix:// address keeps the stream socket
        assertThat(StatsdConfig.builder()
                        .protocol(Protocol.UDS)
                        .host("unix:///a.sock")
                        .build()
                        .protocol())
                .isEqualTo(Protocol.UDS);
        assertThat(StatsdConfig.builder()
                        .host("unix:///a.sock")
                        .protocol(Protocol.UDS)
                        .build()
                        .protocol())
                .isEqualTo(Protocol.UDS);
        // unixgram:// is the datagram socket whatever came before
        assertThat(StatsdConfig.builder()
                        .protocol(Protocol.UDS)
                        .host("unixgram:///a.sock")
                        .build()
                        .protocol())
                .isEqualTo(Protocol.UDS_DATAGRAM);
        // a socket path alone is the stream socket, as before; with the datagram protocol, the datagram socket
        assertThat(StatsdConfig.builder().socketPath("/a.sock").build().protocol())
                .isEqualTo(Protocol.UDS);
        assertThat(StatsdConfig.builder()
                        .protocol(Protocol.UDS_DATAGRAM)
                        .socketPath("/a.sock")
                        .build()
                        .protocol())
                .isEqualTo(Protocol.UDS_DATAGRAM);
        // a copy keeps the protocol, and a later unix:// address in it too
        StatsdConfig copied = StatsdConfig.builder()
                .protocol(Protocol.UDS)
                .host("unix:///a.sock")
                .build();
        assertThat(copied.toBuilder().build()).isEqualTo(copied);
        assertThat(copied.toBuilder().host("unix:///b.sock").build().protocol()).isEqualTo(Protocol.UDS);
        assertThat(Protocol.UDS_DATAGRAM.isStream()).isFalse();
        assertThat(Protocol.UDS.isStream()).isTrue();
    }

    @Test
    void unixDatagramsAreAtMostTheLargestUdpPayload() {
        assertThatThrownBy(() -> StatsdConfig.builder()
                        .host("unix:///a.sock")
                        .maxPacketSize(StatsdConfig.MAX_UDP_PACKET_SIZE + 1)
                        .build())
                .isInstanceOfSatisfying(
                        StatsdConfigException.class, e -> assertThat(e.option()).isEqualTo("maxPacketSize"));
        assertThatThrownBy(() -> StatsdConfig.builder().host("unixgram://"))
                .isInstanceOfSatisfying(
                        StatsdConfigException.class, e -> assertThat(e.option()).isEqualTo("host"));
    }

    @Test
    void nullPrefixMeansNone() {
        assertThat(StatsdConfig.builder().prefix(null).build().prefix()).isEmpty();
    }

    @Test
    void toBuilderRoundTripsEveryOption() {
        ErrorHandler handler = e -> {};
        StatsdConfig config = StatsdConfig.builder()
                .host("statsd.example")
                .port(9125)
                .protocol(Protocol.TCP)
                .flavor(Flavor.TELEGRAF)
                .prefix("shop")
                .constantTags("env:prod", "canary")
                .sampleRate(0.25)
                .maxPacketSize(4096)
                .queueCapacity(16)
                .flushInterval(Duration.ofMillis(5))
                .connectTimeout(Duration.ofSeconds(2))
                .sendTimeout(Duration.ofSeconds(3))
                .closeTimeout(Duration.ofSeconds(4))
                .dnsRefreshInterval(Duration.ofSeconds(7))
                .senderThreads(3)
                .debug(true)
                .errorHandler(handler)
                .build();

        StatsdConfig copy = config.toBuilder().build();

        assertThat(copy).isEqualTo(config).hasSameHashCodeAs(config).isNotSameAs(config);
        assertThat(copy.toString()).isEqualTo(config.toString());
        assertThat(copy.errorHandler()).isSameAs(handler);
        assertThat(config.toBuilder().port(9126).build()).isNotEqualTo(config);
        assertThat(config.port()).isEqualTo(9125);
    }

    @Test
    void configIsNotChangedByItsBuilderOrTagList() {
        StatsdConfig.Builder builder = StatsdConfig.builder().constantTags("a:1");
        StatsdConfig config = builder.build();

        builder.constantTags("b:2").port(1);

        assertThat(config.constantTags()).containsExactly("a:1");
        assertThat(config.port()).isEqualTo(8125);
        assertThatThrownBy(() -> config.constantTags().add("c:3")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void toStringNamesEveryOptionButTheErrorHandler() {
        StatsdConfig config = StatsdConfig.builder()
                .host("statsd.example")
                .port(9125)
                .protocol(Protocol.TCP)
                .flavor(Flavor.DATADOG)
                .prefix("shop")
                .constantTags("env:prod", "canary")
                .sampleRate(0.25)
                .maxPacketSize(4096)
                .queueCapacity(16)
                .flushInterval(Duration.ofMillis(5))
                .connectTimeout(Duration.ofSeconds(2))
                .sendTimeout(Duration.ofSeconds(3))
                .closeTimeout(Duration.ofSeconds(4))
                .dnsRefreshInterval(Duration.ofSeconds(7))
                .senderThreads(3)
                .debug(true)
                .containerId("abc123")
                .aggregation(true)
                .aggregationInterval(Duration.ofSeconds(9))
                .build();

        assertThat(config.toString())
                .isEqualTo("StatsdConfig{host=statsd.example, port=9125, protocol=TCP, flavor=DATADOG, prefix='shop',"
                        + " constantTags=[env:prod, canary], sampleRate=0.25, maxPacketSize=4096, queueCapacity=16,"
                        + " flushInterval=PT0.005S, connectTimeout=PT2S, sendTimeout=PT3S, closeTimeout=PT4S,"
                        + " dnsRefreshInterval=PT7S, senderThreads=3, debug=true, containerId=abc123,"
                        + " aggregationInterval=PT9S}");
        // a Unix socket has a path instead of a host and port; no container id or aggregation window when unset
        assertThat(StatsdConfig.builder()
                        .host("unix:///var/run/statsd.sock")
                        .build()
                        .toString())
                .startsWith("StatsdConfig{socketPath=/var/run/statsd.sock, protocol=UDS_DATAGRAM,")
                .doesNotContain("host=", "port=", "containerId", "aggregationInterval")
                .endsWith(", debug=false}");
    }

    static Stream<Arguments> changedOptions() {
        return Stream.of(
                changes("host", b -> b.host("other")),
                changes("port", b -> b.port(9999)),
                changes("protocol", b -> b.protocol(Protocol.TCP).maxPacketSize(1432)),
                changes("socketPath", b -> b.socketPath("/a.sock").protocol(Protocol.UDP)),
                changes("flavor", b -> b.flavor(Flavor.TELEGRAF)),
                changes("prefix", b -> b.prefix("other")),
                changes("constantTags", b -> b.constantTags("b:2")),
                changes("sampleRate", b -> b.sampleRate(0.5)),
                changes("maxPacketSize", b -> b.maxPacketSize(512)),
                changes("queueCapacity", b -> b.queueCapacity(7)),
                changes("flushInterval", b -> b.flushInterval(Duration.ofMillis(7))),
                changes("connectTimeout", b -> b.connectTimeout(Duration.ofSeconds(7))),
                changes("sendTimeout", b -> b.sendTimeout(Duration.ofSeconds(7))),
                changes("closeTimeout", b -> b.closeTimeout(Duration.ofSeconds(7))),
                changes("dnsRefreshInterval", b -> b.dnsRefreshInterval(Duration.ofSeconds(7))),
                changes("senderThreads", b -> b.senderThreads(2)),
                changes("debug", b -> b.debug(true)),
                changes("errorHandler", b -> b.errorHandler(e -> {})),
                changes("containerId", b -> b.containerId("other")),
                changes("aggregation", b -> b.aggregation(true)),
                changes("aggregationInterval", b -> b.aggregationInterval(Duration.ofSeconds(7))));
    }

    private static Arguments changes(String option, UnaryOperator<StatsdConfig.Builder> change) {
        return Arguments.of(option, change);
    }

    private static StatsdConfig.Builder base() {
        return StatsdConfig.builder().host("statsd.example").constantTags("a:1").containerId("abc");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("changedOptions")
    void equalsComparesEveryOption(String option, UnaryOperator<StatsdConfig.Builder> change) {
        StatsdConfig config = base().build();
        StatsdConfig changed = change.apply(base()).build();

        assertThat(changed).isNotEqualTo(config);
        assertThat(config).isNotEqualTo(changed);
        assertThat(change.apply(base()).build()).isEqualTo(changed);
    }

    @Test
    void acceptsUpTo64SenderThreads() {
        assertThat(StatsdConfig.builder().senderThreads(64).build().senderThreads())
                .isEqualTo(64);
        assertThatThrownBy(() -> StatsdConfig.builder().senderThreads(65).build())
                .isInstanceOfSatisfying(
                        StatsdConfigException.class, e -> assertThat(e.option()).isEqualTo("senderThreads"));
    }

    @Test
    @SuppressWarnings("deprecation")
    void poolMaxSizeIsTheDeprecatedNameOfSenderThreads() {
        StatsdConfig config = StatsdConfig.builder().poolMaxSize(64).build();

        assertThat(config.senderThreads()).isEqualTo(64);
        assertThat(config.poolMaxSize()).isEqualTo(64);
        assertThat(config).isEqualTo(StatsdConfig.builder().senderThreads(64).build());
        // a bad value is reported under the name the caller used
        assertThatThrownBy(() -> StatsdConfig.builder().poolMaxSize(65))
                .isInstanceOfSatisfying(
                        StatsdConfigException.class, e -> assertThat(e.option()).isEqualTo("poolMaxSize"));
        assertThatThrownBy(() -> StatsdConfig.builder().poolMaxSize(0))
                .isInstanceOfSatisfying(
                        StatsdConfigException.class, e -> assertThat(e.option()).isEqualTo("poolMaxSize"));
    }

    @Test
    void toBuilderLeavesAnUnsetPacketSizeToTheNewProtocol() {
        StatsdConfig tcp = StatsdConfig.builder().protocol(Protocol.TCP).build();
        assertThat(tcp.maxPacketSize()).isEqualTo(8192);

        StatsdConfig udp = tcp.toBuilder().protocol(Protocol.UDP).build();

        assertThat(udp.maxPacketSize()).isEqualTo(Protocol.UDP.defaultMaxPacketSize());
        assertThat(udp).isEqualTo(StatsdConfig.builder().build());
        // a size that was set stays set
        assertThat(tcp.toBuilder().maxPacketSize(4096).build().toBuilder()
                        .protocol(Protocol.UDP)
                        .build()
                        .maxPacketSize())
                .isEqualTo(4096);
    }

    @Test
    void theLastHostWinsOverAUnixAddress() {
        StatsdConfig config =
                StatsdConfig.builder().host("unix:///a.sock").host("statsd").build();

        assertThat(config.protocol()).isEqualTo(Protocol.UDP);
        assertThat(config.host()).isEqualTo("statsd");
        assertThat(config.socketPath()).isNull();
        assertThat(config).isEqualTo(StatsdConfig.builder().host("statsd").build());
        // the protocol set before the unix:// address comes back
        assertThat(StatsdConfig.builder()
                        .protocol(Protocol.TCP)
                        .host("unix:///a.sock")
                        .host("unix:///b.sock")
                        .host("statsd")
                        .build()
                        .protocol())
                .isEqualTo(Protocol.TCP);
        // also in a copy of a configuration built from a unix:// address
        assertThat(StatsdConfig.builder().host("unix:///a.sock").build().toBuilder()
                        .host("statsd")
                        .build())
                .isEqualTo(StatsdConfig.builder().host("statsd").build());
        // a protocol or socket path set after the unix:// address is the caller's choice and stays
        assertThat(StatsdConfig.builder()
                        .host("unix:///a.sock")
                        .protocol(Protocol.UDS)
                        .host("statsd")
                        .build()
                        .socketPath())
                .isEqualTo("/a.sock");
        assertThat(StatsdConfig.builder()
                        .host("unix:///a.sock")
                        .socketPath("/b.sock")
                        .host("statsd")
                        .build()
                        .socketPath())
                .isEqualTo("/b.sock");
    }

    @Test
    void aClientWhoseLastHostIsNotAUnixAddressSendsToThatHost() throws Exception {
        assertThat(Loopback.linesSentBy(
                        StatsdConfig.builder().host("unix:///nowhere/statsd.sock"), c -> c.increment("after")))
                .containsExactly("after:1|c");
    }

    @Test
    void equalConfigsHaveEqualHashCodesAndDifferentHostsDifferentOnes() {
        StatsdConfig config = base().build();

        assertThat(config)
                .isEqualTo(config)
                .isEqualTo(base().build())
                .isNotEqualTo(null)
                .isNotEqualTo("config");
        assertThat(config.hashCode())
                .isEqualTo(base().build().hashCode())
                .isNotEqualTo(base().host("other").build().hashCode())
                .isNotEqualTo(base().port(9999).build().hashCode());
    }
}
