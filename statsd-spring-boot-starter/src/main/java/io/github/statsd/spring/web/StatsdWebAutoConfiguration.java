package io.github.statsd.spring.web;

import io.github.statsd.StatsdClient;
import io.github.statsd.spring.autoconfigure.StatsdAutoConfiguration;
import io.github.statsd.spring.autoconfigure.StatsdProperties;
import jakarta.servlet.DispatcherType;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Auto-configuration of the {@link StatsdRequestTimingFilter} in servlet web applications, for requests and their
 * async dispatches, early in the filter chain so that it times what the other filters do too.
 */
@AutoConfiguration(after = StatsdAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({StatsdClient.class, OncePerRequestFilter.class, FilterRegistrationBean.class})
@ConditionalOnBean({StatsdClient.class, StatsdProperties.class})
@ConditionalOnBooleanProperty(name = "statsd.web.enabled", matchIfMissing = true)
public final class StatsdWebAutoConfiguration {

    /** The filter's order: right after the highest, before Spring Security's and most others. */
    public static final int FILTER_ORDER = Ordered.HIGHEST_PRECEDENCE + 1;

    @Bean
    @ConditionalOnMissingBean
    StatsdRequestTimingFilter statsdRequestTimingFilter(StatsdClient statsdClient, StatsdProperties properties) {
        StatsdProperties.Web web = properties.getWeb();
        return new StatsdRequestTimingFilter(statsdClient, web.getMetricName(), web.getExclude(), web.getMaxUriTags());
    }

    @Bean
    @ConditionalOnMissingBean(name = "statsdRequestTimingFilterRegistration")
    FilterRegistrationBean<StatsdRequestTimingFilter> statsdRequestTimingFilterRegistration(
            StatsdRequestTimingFilter filter) {
        FilterRegistrationBean<StatsdRequestTimingFilter> registration = new FilterRegistrationBean<>(filter);
        registration.setOrder(FILTER_ORDER);
        registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC);
        return registration;
    }
}
