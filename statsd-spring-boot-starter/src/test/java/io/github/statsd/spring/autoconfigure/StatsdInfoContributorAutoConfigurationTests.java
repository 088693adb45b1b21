package io.github.statsd.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.statsd.StatsdClient;
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
