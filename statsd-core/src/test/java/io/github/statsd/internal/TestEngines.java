package io.github.statsd.internal;

import java.time.Duration;

/** Engine settings for the tests of the classes in front of the engine: one sender, a small queue, a 5 ms flush. */
final class TestEngines {

    private TestEngines() {}

    /** @return settings for an engine whose sender hands each line to a sink (the transport is not used) */
    static EngineSettings settings(ThreadNames threads) {
        return new EngineSettings(
                TransportKind.UDP,
                "localhost",
                8125,
                null,
                1432,
                64,
                1,
                Duration.ofMillis(5),
                Duration.ofSeconds(1),
                Duration.ZERO,
                Duration.ofSeconds(5),
                Duration.ZERO,
                null,
                false,
                threads);
    }
}
