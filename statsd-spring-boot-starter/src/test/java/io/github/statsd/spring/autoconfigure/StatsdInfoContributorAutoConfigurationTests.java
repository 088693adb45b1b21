package io.github.statsd.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.statsd.StatsdClient;
import io.github.statsd.testing.UdpReceiver;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class StatsdInfoContributorAutoConfigurationTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(
                    AutoConfigurations.of(StatsdAutoConfiguration.class, StatsdInfoContributorAutoConfiguration.class));

    @Test
    void showsClientCountsInInfo() {
        this.contextRunner.withPropertyValues("statsd.flush-interval=1h").run((context) -> {
            StatsdClient client = context.getBean(StatsdClient.class);
            client.increment(""); // invalid: dropped and counted
            client.increment("orders");
            Info.Builder builder = new Info.Builder();
            context.getBean(StatsdInfoContributor.class).contribute(builder);
            Map<String, Object> details = map(builder.build().getDetails().get("statsd"));
            assertThat(details)
                    .containsEntry("protocol", "UDP")
                    .containsEntry("flavor", "ETSY")
                    .containsEntry("sent", 0L)
                    .containsEntry("queuedPackets", 0)
                    .containsEntry("queueCapacity", 1024);
            assertThat(map(details.get("dropped"))).containsEntry("total", 1L).containsEntry("invalid", 1L);
        });
    }

    @Test
    void showsAggregatedSoThatCountsAddUp() throws Exception {
        try (UdpReceiver receiver = UdpReceiver.start()) {
            this.contextRunner
                    .withPropertyValues(
                            "statsd.host=127.0.0.1",
                            "statsd.port=" + receiver.port(),
                            "statsd.aggregation.enabled=true",
                            "statsd.aggregation.interval=1h")
                    .run((context) -> {
                        StatsdClient client = context.getBean(StatsdClient.class);
                        client.increment("orders");
                        client.increment("orders");
                        client.increment("orders");
                        client.increment(""); // invalid: dropped and counted
                        client.close(); // sends the last aggregation window
                        Info.Builder builder = new Info.Builder();
                        context.getBean(StatsdInfoContributor.class).contribute(builder);
                        Map<String, Object> details =
                                map(builder.build().getDetails().get("statsd"));
                        long dropped = (Long) map(details.get("dropped")).get("total");
                        assertThat(details).containsEntry("sent", 1L).containsEntry("aggregated", 2L);
                        assertThat(dropped).isEqualTo(1L);
                        assertThat((Long) details.get("sent") + dropped + (Long) details.get("aggregated"))
                                .isEqualTo(4L);
                    });
            await().atMost(Duration.ofSeconds(10)).until(() -> receiver.lines().contains("orders:3|c"));
        }
    }

    @Test
    void backsOffWhenInfoContributorIsDisabled() {
        this.contextRunner
                .withPropertyValues("management.info.statsd.enabled=false")
                .run((context) -> assertThat(context)
                        .hasSingleBean(StatsdClient.class)
                        .doesNotHaveBean(StatsdInfoContributor.class));
    }

    @Test
    void followsInfoContributorDefaultsUnlessSetItself() {
        this.contextRunner
                .withPropertyValues("management.info.defaults.enabled=false")
                .run((context) -> assertThat(context).doesNotHaveBean(StatsdInfoContributor.class));
        this.contextRunner
                .withPropertyValues("management.info.defaults.enabled=false", "management.info.statsd.enabled=true")
                .run((context) -> assertThat(context).hasSingleBean(StatsdInfoContributor.class));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object detail) {
        assertThat(detail).isInstanceOf(Map.class);
        return (Map<String, Object>) detail;
    }

    @Test
    void backsOffWhenActuatorIsNotOnClasspath() {
        this.contextRunner
                .withClassLoader(new FilteredClassLoader(InfoContributor.class))
                .run((context) -> assertThat(context)
                        .hasSingleBean(StatsdClient.class)
                        .doesNotHaveBean(StatsdInfoContributor.class));
    }

    @Test
    void backsOffWhenClientIsDisabled() {
        this.contextRunner.withPropertyValues("statsd.enabled=false").run((context) -> assertThat(context)
                .doesNotHaveBean(StatsdInfoContributor.class));
    }

    @Test
    void backsOffWhenContributorBeanExists() {
        StatsdInfoContributor custom = new StatsdInfoContributor(null);
        this.contextRunner
                .withBean("customContributor", StatsdInfoContributor.class, () -> custom)
                .run((context) ->
                        assertThat(context.getBean(StatsdInfoContributor.class)).isSameAs(custom));
    }
}
