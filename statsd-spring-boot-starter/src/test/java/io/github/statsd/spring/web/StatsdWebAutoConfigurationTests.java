package io.github.statsd.spring.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

import io.github.statsd.StatsdConfigException;
import io.github.statsd.spring.autoconfigure.StatsdAutoConfiguration;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

@ExtendWith(OutputCaptureExtension.class)
class StatsdWebAutoConfigurationTests {

    private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(StatsdAutoConfiguration.class, StatsdWebAutoConfiguration.class));

    @Test
    void registersFilterForRequestsAndAsyncDispatches() {
        contextRunner.run(context -> {
            assertThat(context).hasSingleBean(FilterRegistrationBean.class);
            FilterRegistrationBean<?> registration =
                    context.getBean("statsdRequestTimingFilterRegistration", FilterRegistrationBean.class);
            assertThat(registration.getFilter()).isInstanceOf(StatsdRequestTimingFilter.class);
            assertThat(registration.getOrder()).isEqualTo(StatsdWebAutoConfiguration.FILTER_ORDER);
            assertThat(registration)
                    .extracting("dispatcherTypes")
                    .isEqualTo(EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC));
        });
    }

    @Test
    void backsOffWhenDisabled() {
        contextRunner.withPropertyValues("statsd.web.enabled=false").run(context -> assertThat(context)
                .doesNotHaveBean(FilterRegistrationBean.class));
    }

    @Test
    void backsOffWhenStatsdIsDisabled() {
        contextRunner.withPropertyValues("statsd.enabled=false").run(context -> assertThat(context)
                .doesNotHaveBean(FilterRegistrationBean.class));
    }

    @Test
    void backsOffWhenFilterBeanExists() {
        contextRunner
                .withBean(
                        "myFilter",
                        StatsdRequestTimingFilter.class,
                        () -> new StatsdRequestTimingFilter(null, "custom", List.of(), 1))
                .run(context -> {
                    assertThat(context)
                            .getBeans(StatsdRequestTimingFilter.class)
                            .containsOnlyKeys("myFilter");
                    assertThat(context).doesNotHaveBean(FilterRegistrationBean.class);
                });
    }

    @Test
    void backsOffWhenARegistrationOfTheFilterExistsUnderAnotherName() {
        contextRunner.withUserConfiguration(OwnRegistration.class).run(context -> {
            assertThat(context).getBeans(FilterRegistrationBean.class).containsOnlyKeys("myTiming");
            assertThat(context).doesNotHaveBean(StatsdRequestTimingFilter.class);
        });
    }

    @Test
    void failsForANonPositiveMaxUriTags(CapturedOutput output) {
        assertStartupFailsNaming(
                output, "statsd.web.max-uri-tags", "must be greater than 0, was 0", "statsd.web.max-uri-tags=0");
        assertStartupFailsNaming(
                output, "statsd.web.max-uri-tags", "must be greater than 0, was -5", "statsd.web.max-uri-tags=-5");
    }

    @Test
    void failsForABlankMetricName(CapturedOutput output) {
        assertStartupFailsNaming(output, "statsd.web.metric-name", "must not be blank", "statsd.web.metric-name= ");
    }

    @Test
    void failsForAnUnparsableExcludePattern(CapturedOutput output) {
        assertStartupFailsNaming(
                output,
                "statsd.web.exclude",
                "must hold path patterns, '/items/{id' is not one",
                "statsd.web.exclude=/actuator/**,/items/{id");
    }

    @Test
    void passesTagsContributorsToTheFilterInTheirOrder() {
        List<String> calls = new ArrayList<>();
        contextRunner
                .withBean("second", StatsdRequestTagsContributor.class, () -> new Contributor("second", 2, calls))
                .withBean("first", StatsdRequestTagsContributor.class, () -> new Contributor("first", 1, calls))
                .run(context -> {
                    StatsdRequestTimingFilter filter = (StatsdRequestTimingFilter)
                            context.getBean("statsdRequestTimingFilterRegistration", FilterRegistrationBean.class)
                                    .getFilter();
                    filter.doFilter(
                            new MockHttpServletRequest("GET", "/x"),
                            new MockHttpServletResponse(),
                            new MockFilterChain());
                    assertThat(calls).containsExactly("first", "second");
                });
    }

    /** Starts a real application, as a user would, and reads what the failure analysis printed. */
    private void assertStartupFailsNaming(CapturedOutput output, String property, String reason, String... properties) {
        String[] args = new String[properties.length + 1];
        args[0] = "--server.port=0";
        for (int i = 0; i < properties.length; i++) {
            args[i + 1] = "--" + properties[i];
        }
        assertThatException()
                .isThrownBy(() -> new SpringApplicationBuilder(WebApp.class)
                        .web(WebApplicationType.SERVLET)
                        .bannerMode(Banner.Mode.OFF)
                        .registerShutdownHook(false)
                        .run(args)
                        .close())
                .havingRootCause()
                .isInstanceOf(StatsdConfigException.class);
        assertThat(output)
                .contains("APPLICATION FAILED TO START")
                .contains("property '" + property + "' " + reason)
                .contains("give '" + property + "' a valid value");
    }

    @Test
    void doesNothingOutsideServletWebApplications() {
        new ApplicationContextRunner()
                .withConfiguration(
                        AutoConfigurations.of(StatsdAutoConfiguration.class, StatsdWebAutoConfiguration.class))
                .run(context -> assertThat(context).doesNotHaveBean(FilterRegistrationBean.class));
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class WebApp {}

    @Configuration(proxyBeanMethods = false)
    static class OwnRegistration {

        @Bean
        FilterRegistrationBean<StatsdRequestTimingFilter> myTiming() {
            return new FilterRegistrationBean<>(new StatsdRequestTimingFilter(null, "custom", List.of(), 1));
        }
    }

    private record Contributor(String name, int order, List<String> calls)
            implements StatsdRequestTagsContributor, Ordered {

        @Override
        public void contribute(
                HttpServletRequest request,
                HttpServletResponse response,
                Object handler,
                Throwable exception,
                List<String> tags) {
            calls.add(name);
        }

        @Override
        public int getOrder() {
            return order;
        }
    }
}
