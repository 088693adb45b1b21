package io.github.statsd.micrometer;

import io.github.statsd.StatsdClient;
import io.github.statsd.StatsdConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.tck.MeterRegistryCompatibilityKit;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/** Micrometer's own compatibility kit, as its registries pass it, on a registry that sends to a loopback receiver. */
class CompatibilityKitTest extends MeterRegistryCompatibilityKit {

    private static LineReceiver receiver;
    private static StatsdClient client;

    @BeforeAll
    static void startClient() throws IOException {
        receiver = LineReceiver.start();
        client = StatsdClient.create(
                StatsdConfig.builder().host("127.0.0.1").port(receiver.port()).build());
    }

    @AfterAll
    static void stopClient() {
        client.close();
        receiver.close();
    }

    @Override
    public MeterRegistry registry() {
        return StatsdClientMeterRegistry.builder(client)
                .clock(new MockClock())
                .step(step())
                .build();
    }

    @Override
    public Duration step() {
        return Duration.ofSeconds(10);
    }

    @AfterEach
    void closeRegistry() {
        registry.close();
    }
}
