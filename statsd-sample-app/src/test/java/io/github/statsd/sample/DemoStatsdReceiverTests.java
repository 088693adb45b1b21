package io.github.statsd.sample;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.statsd.Protocol;
import io.github.statsd.StatsdConfig;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DemoStatsdReceiverTests {

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "LOCALHOST", "127.0.0.1", "127.1.2.3", "::1", "[::1]", "0:0:0:0:0:0:0:1"})
    void takesLoopbackNamesAndAddressesForThisMachine(String host) {
        assertThat(DemoStatsdReceiver.isThisMachine(host)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"statsd.internal", "10.0.0.1", "128.0.0.1", "127.0.0.1.example.com", "::2", "0.0.0.0"})
    void takesOtherHostsForOtherMachines(String host) {
        assertThat(DemoStatsdReceiver.isThisMachine(host)).isFalse();
    }

    @Test
    void startsOnlyForUdpToThisMachine() {
        assertThat(DemoStatsdReceiver.skipReason(
                        StatsdConfig.builder().host("localhost").build()))
                .isNull();
        assertThat(DemoStatsdReceiver.skipReason(StatsdConfig.builder()
                        .host("unixstream:///run/statsd.sock")
                        .build()))
                .contains("UDS");
        assertThat(DemoStatsdReceiver.skipReason(StatsdConfig.builder()
                        .host("127.0.0.1")
                        .protocol(Protocol.TCP)
                        .build()))
                .contains("TCP");
        assertThat(DemoStatsdReceiver.skipReason(
                        StatsdConfig.builder().host("statsd.internal").build()))
                .contains("statsd.internal is not this machine");
        assertThat(DemoStatsdReceiver.skipReason(null)).contains("no StatsD client configuration");
    }

    @Test
    void staysStoppedWhenThePortIsTaken() throws Exception {
        try (DatagramSocket taken = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0))) {
            DemoStatsdReceiver demo = new DemoStatsdReceiver(StatsdConfig.builder()
                    .host("127.0.0.1")
                    .port(taken.getLocalPort())
                    .build());
            demo.afterPropertiesSet();

            assertThat(demo.isRunning()).isFalse();
            assertThat(demo.notRunningReason()).contains("is in use");
            demo.destroy();
        }
    }
}
