package io.github.statsd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.statsd.testing.UdpReceiver;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Datadog's environment conventions, through the builder's environment seam. */
class DatadogEnvironmentTest {

    private static StatsdConfig.Builder datadog(Map<String, String> env) {
        return StatsdConfig.builder().flavor(Flavor.DATADOG).environment(env::get);
    }

    @Test
    void theAgentHostAndPortAreUsedWhenTheApplicationSetNone() {
        StatsdConfig config = datadog(Map.of("DD_AGENT_HOST", "10.0.0.7", "DD_DOGSTATSD_PORT", "8126"))
                .build();

        assertThat(config.host()).isEqualTo("10.0.0.7");
        assertThat(config.port()).isEqualTo(8126);
        assertThat(config.protocol()).isEqualTo(Protocol.UDP);
    }

    @Test
    void whatTheApplicationSetWinsOptionByOption() {
        Map<String, String> env = Map.of("DD_AGENT_HOST", "10.0.0.7", "DD_DOGSTATSD_PORT", "8126");

        StatsdConfig hostSet = datadog(env).host("statsd.local").build();
        assertThat(hostSet.host()).isEqualTo("statsd.local");
        assertThat(hostSet.port()).isEqualTo(8126);

        StatsdConfig portSet = datadog(env).port(9125).build();
        assertThat(portSet.host()).isEqualTo("10.0.0.7");
        assertThat(portSet.port()).isEqualTo(9125);

        // set to the default value is still set
        StatsdConfig both = datadog(env).host("localhost").port(8125).build();
        assertThat(both.host()).isEqualTo("localhost");
        assertThat(both.port()).isEqualTo(8125);

        StatsdConfig socket = datadog(env).socketPath("/run/dsd.socket").build();
        assertThat(socket.protocol()).isEqualTo(Protocol.UDS);
        assertThat(socket.socketPath()).isEqualTo("/run/dsd.socket");
    }

    @Test
    void onlyTheDatadogFlavourReadsTheEnvironment() {
        StatsdConfig config = StatsdConfig.builder()
                .environment(Map.of("DD_AGENT_HOST", "10.0.0.7", "DD_ENV", "prod")::get)
                .build();

        assertThat(config.host()).isEqualTo(StatsdConfig.DEFAULT_HOST);
        assertThat(config.constantTags()).isEmpty();
    }

    @Test
    void theDogstatsdUrlWinsOverTheAgentHostAndNamesTheTransport() {
        StatsdConfig udp = datadog(Map.of(
                        "DD_DOGSTATSD_URL", "udp://agent.local:8127",
                        "DD_AGENT_HOST", "10.0.0.7",
                        "DD_DOGSTATSD_PORT", "8126"))
                .build();
        assertThat(udp.host()).isEqualTo("agent.local");
        assertThat(udp.port()).isEqualTo(8127);

        StatsdConfig ipv6 =
                datadog(Map.of("DD_DOGSTATSD_URL", "udp://[::1]:8127")).build();
        assertThat(ipv6.host()).isEqualTo("::1");
        assertThat(ipv6.port()).isEqualTo(8127);

        StatsdConfig noPort = datadog(Map.of("DD_DOGSTATSD_URL", "udp://agent.local", "DD_DOGSTATSD_PORT", "8126"))
                .build();
        assertThat(noPort.host()).isEqualTo("agent.local");
        assertThat(noPort.port()).isEqualTo(8126);

        StatsdConfig datagram = datadog(Map.of("DD_DOGSTATSD_URL", "unix:///var/run/datadog/dsd.socket"))
                .build();
        assertThat(datagram.protocol()).isEqualTo(Protocol.UDS_DATAGRAM);
        assertThat(datagram.socketPath()).isEqualTo("/var/run/datadog/dsd.socket");

        StatsdConfig stream = datadog(Map.of("DD_DOGSTATSD_URL", "unixstream:///var/run/datadog/dsd.socket"))
                .build();
        assertThat(stream.protocol()).isEqualTo(Protocol.UDS);

        // the stream protocol set by the application keeps a unix:// URL on the stream socket
        StatsdConfig streamByProtocol = datadog(Map.of("DD_DOGSTATSD_URL", "unix:///var/run/datadog/dsd.socket"))
                .protocol(Protocol.UDS)
                .build();
        assertThat(streamByProtocol.protocol()).isEqualTo(Protocol.UDS);
        assertThat(streamByProtocol.socketPath()).isEqualTo("/var/run/datadog/dsd.socket");

        // an application's host wins over the URL too
        assertThat(datadog(Map.of("DD_DOGSTATSD_URL", "unix:///var/run/datadog/dsd.socket"))
                        .host("statsd.local")
                        .build()
                        .protocol())
                .isEqualTo(Protocol.UDP);
    }

    @Test
    void badValuesFailBuildNamingTheVariable() {
        assertRejected("DD_DOGSTATSD_PORT", Map.of("DD_DOGSTATSD_PORT", "abc"));
        assertRejected("DD_DOGSTATSD_PORT", Map.of("DD_DOGSTATSD_PORT", "70000"));
        assertRejected("DD_DOGSTATSD_URL", Map.of("DD_DOGSTATSD_URL", "tcp://agent:8125"));
        assertRejected("DD_DOGSTATSD_URL", Map.of("DD_DOGSTATSD_URL", "udp://agent:port"));
        assertRejected("DD_DOGSTATSD_URL", Map.of("DD_DOGSTATSD_URL", "udp://:8125"));
        assertRejected("DD_DOGSTATSD_URL", Map.of("DD_DOGSTATSD_URL", "unix://"));
        assertThatThrownBy(() -> datadog(Map.of("DD_DOGSTATSD_PORT", "abc")).build())
                .hasMessageContaining("'abc'");
        // a variable the application's settings replace is not read
        assertThat(datadog(Map.of("DD_DOGSTATSD_PORT", "abc"))
                        .port(8125)
                        .build()
                        .port())
                .isEqualTo(8125);
    }

    @Test
    void aUnixProtocolWithNoPathHereOrInTheEnvironmentFailsNamingTheSocketPath() {
        assertRejected("socketPath", Map.of("DD_AGENT_HOST", "agent"), Protocol.UDS);
        assertRejected("socketPath", Map.of(), Protocol.UDS_DATAGRAM);
        assertThat(datadog(Map.of("DD_DOGSTATSD_URL", "unix:///var/run/datadog/dsd.socket"))
                        .protocol(Protocol.UDS)
                        .build()
                        .socketPath())
                .isEqualTo("/var/run/datadog/dsd.socket");
    }

    private static void assertRejected(String option, Map<String, String> env, Protocol protocol) {
        assertThatThrownBy(() -> datadog(env).protocol(protocol).build())
                .isInstanceOfSatisfying(
                        StatsdConfigException.class, e -> assertThat(e.option()).isEqualTo(option));
    }

    @Test
    void portsAtTheEdgesOfTheRangeAreTakenAndOneBeyondRefused() {
        assertThat(datadog(Map.of("DD_DOGSTATSD_PORT", "1")).build().port()).isEqualTo(1);
        assertThat(datadog(Map.of("DD_DOGSTATSD_PORT", "65535")).build().port()).isEqualTo(65535);
        assertThat(datadog(Map.of("DD_DOGSTATSD_URL", "udp://agent:65535"))
                        .build()
                        .port())
                .isEqualTo(65535);
        assertRejected("DD_DOGSTATSD_PORT", Map.of("DD_DOGSTATSD_PORT", "0"));
        assertRejected("DD_DOGSTATSD_PORT", Map.of("DD_DOGSTATSD_PORT", "65536"));
        assertRejected("DD_DOGSTATSD_URL", Map.of("DD_DOGSTATSD_URL", "udp://agent:0"));
    }

    private static void assertRejected(String variable, Map<String, String> env) {
        assertThatThrownBy(() -> datadog(env).build())
                .isInstanceOfSatisfying(
                        StatsdConfigException.class, e -> assertThat(e.option()).isEqualTo(variable));
    }

    @Test
    void unifiedServiceTagsAndTheEntityIdBecomeConstantTags() {
        Map<String, String> env = Map.of(
                "DD_ENV", "prod",
                "DD_SERVICE", "shop",
                "DD_VERSION", "1.2.3",
                "DD_ENTITY_ID", "0f1e2d3c");

        StatsdConfig config = datadog(env).constantTags("team:web").build();

        assertThat(config.constantTags())
                .containsExactly(
                        "team:web", "env:prod", "service:shop", "version:1.2.3", "dd.internal.entity_id:0f1e2d3c");
        // a copy built again adds nothing twice
        assertThat(config.toBuilder().environment(env::get).build()).isEqualTo(config);
    }

    @Test
    void aTagKeyTheApplicationSetWins() {
        StatsdConfig config = datadog(Map.of("DD_ENV", "prod", "DD_SERVICE", "shop"))
                .constantTags("env:staging", "service")
                .build();

        assertThat(config.constantTags()).containsExactly("env:staging", "service");
        // a longer key that starts alike is another key
        assertThat(datadog(Map.of("DD_ENV", "prod"))
                        .constantTags("environment:x")
                        .build()
                        .constantTags())
                .containsExactly("environment:x", "env:prod");
    }

    @Test
    void theLinesCarryTheEnvironmentsTagsToTheAgentItNames() throws Exception {
        try (UdpReceiver agent = UdpReceiver.start()) {
            DogStatsdClient client = DogStatsdClient.create(datadog(Map.of(
                            "DD_AGENT_HOST", "127.0.0.1",
                            "DD_DOGSTATSD_PORT", Integer.toString(agent.port()),
                            "DD_ENV", "prod"))
                    .build());
            client.increment("hits");
            client.close();
            assertThat(Loopback.receivedAfterClose(agent, client)).containsExactly("hits:1|c|#env:prod");
        }
    }
}
