package io.github.statsd.micrometer;

import io.github.statsd.Flavor;
import io.github.statsd.StatsdConfig;
import java.time.Duration;

/** Configurations for registries whose client sends to a loopback {@link LineReceiver}. */
final class Wire {

    /** A step no test waits for: polled meters are published by close() only. */
    static final Duration NEVER = Duration.ofHours(1);

    /** A step short enough to wait for a few polls. */
    static final Duration FAST = Duration.ofMillis(20);

    private Wire() {}

    static StatsdConfig.Builder udp(LineReceiver receiver, Flavor flavor) {
        return StatsdConfig.builder().host("127.0.0.1").port(receiver.port()).flavor(flavor);
    }

    /** A registry that owns its client, and publishes polled meters only when closed. */
    static StatsdClientMeterRegistry closing(LineReceiver receiver, Flavor flavor) {
        return StatsdClientMeterRegistry.builder(udp(receiver, flavor).build())
                .step(NEVER)
                .build();
    }
}
