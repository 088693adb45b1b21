package io.github.statsd.spring.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.statsd.spring.autoconfigure.StatsdAutoConfiguration;
import jakarta.servlet.DispatcherType;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;

class StatsdWebAutoConfigurationTests {

    private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(StatsdAutoConfiguration.class, StatsdWebAutoConfiguration.class));

    @Test
    void registersFilterForRequestsAndAsyncDispatches() {
        contextRunner.run(context -> {
            assertThat(context).hasSingleBean(StatsdRequestTimingFilter.class);
            FilterRegistrationBean<?> registration =
                    context.getBean("statsdRequestTimingFilterRegistration", FilterRegistrationBean.class);
            assertThat(registration.getFilter()).isSameAs(context.getBean(StatsdRequestTimingFilter.class));
            assertThat(registration.getOrder()).isEqualTo(StatsdWebAutoConfiguration.FILTER_ORDER);
            assertThat(registration)
                    .extracting("dispatcherTypes")
                    .isEqualTo(EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC));
        });
    }

    @Test
    void backsOffWhenDisabled() {
        contextRunner.withPropertyValues("statsd.web.enabled=false").run(context -> assertThat(context)
                .doesNotHaveBean(StatsdRequestTimingFilter.class));
    }

    @Test
    void backsOffWhenStatsdIsDisabled() {
        contextRunner.withPropertyValues("statsd.enabled=false").run(context -> assertThat(context)
                .doesNotHaveBean(StatsdRequestTimingFilter.class));
    }

    @Test
    void backsOffWhenFilterBeanExists() {
        contextRunner
                .withBean(
                        "myFilter",
                        StatsdRequestTimingFilter.class,
                        () -> new StatsdRequestTimingFilter(null, "custom", java.util.List.of(), 1))
                .run(context -> assertThat(context)
                        .getBeans(StatsdRequestTimingFilter.class)
                        .containsOnlyKeys("myFilter"));
    }

    @Test
    void doesNothingOutsideServletWebApplications() {
        new ApplicationContextRunner()
                .withConfiguration(
                        AutoConfigurations.of(StatsdAutoConfiguration.class, StatsdWebAutoConfiguration.class))
                .run(context -> assertThat(context).doesNotHaveBean(StatsdRequestTimingFilter.class));
    }
}
