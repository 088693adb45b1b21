package io.github.statsd.spring.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.statsd.annotation.StatsdTimed;
import io.github.statsd.spring.aspect.StatsdAspectAutoConfiguration;
import io.github.statsd.spring.autoconfigure.StatsdAutoConfiguration;
import io.github.statsd.testing.UdpReceiver;
import io.micrometer.core.annotation.Timed;
import io.micrometer.core.aop.TimedAspect;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A method with both Micrometer's {@code @Timed} and {@code @StatsdTimed} is timed once when Micrometer's aspect
 * records into the starter's registry: by Micrometer's.
 */
class MicrometerTimedMethodTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    StatsdAutoConfiguration.class,
                    StatsdMicrometerAutoConfiguration.class,
                    StatsdAspectAutoConfiguration.class,
                    AopAutoConfiguration.class))
            .withUserConfiguration(Timing.class);

    @Test
    void aMethodWithBothAnnotationsIsLeftToMicrometersAspect() throws IOException {
        try (UdpReceiver receiver = UdpReceiver.start()) {
            contextRunner.withPropertyValues("statsd.port=" + receiver.port()).run(context -> {
                Work work = context.getBean(Work.class);
                work.both();
                work.oursOnly();
                // the later call's line shows that a line of the earlier one had its chance to arrive
                await().untilAsserted(() -> assertThat(receiver.lines()).anyMatch(l -> l.startsWith("ours.only.")));
                assertThat(receiver.lines()).noneMatch(l -> l.startsWith("both.statsd"));
                assertThat(context.getBean(MeterRegistry.class)
                                .get("both.micrometer")
                                .timer()
                                .count())
                        .isOne();
            });
        }
    }

    @Test
    void withoutTheRegistryOurAspectTimesItToo() throws IOException {
        try (UdpReceiver receiver = UdpReceiver.start()) {
            contextRunner
                    .withPropertyValues("statsd.port=" + receiver.port(), "statsd.micrometer.enabled=false")
                    .withBean(io.micrometer.core.instrument.simple.SimpleMeterRegistry.class)
                    .run(context -> {
                        context.getBean(Work.class).both();
                        await().untilAsserted(
                                        () -> assertThat(receiver.lines()).anyMatch(l -> l.startsWith("both.statsd.")));
                    });
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Timing {

        @Bean
        TimedAspect timedAspect(MeterRegistry registry) {
            return new TimedAspect(registry);
        }

        @Bean
        Work work() {
            return new Work();
        }
    }

    static class Work {

        @Timed("both.micrometer")
        @StatsdTimed("both.statsd")
        public void both() {}

        @StatsdTimed("ours.only")
        public void oursOnly() {}
    }
}
