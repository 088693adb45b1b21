package io.github.statsd.spring.web;

import io.github.statsd.StatsdClient;
import io.github.statsd.StatsdConfigException;
import io.github.statsd.spring.autoconfigure.StatsdAutoConfiguration;
import io.github.statsd.spring.autoconfigure.StatsdProperties;
import jakarta.servlet.DispatcherType;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
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
import org.springframework.web.util.pattern.PathPatternParser;
import org.springframework.web.util.pattern.PatternParseException;

/**
 * Auto-configuration of the {@link StatsdRequestTimingFilter} in servlet web applications, for requests and their async
 * dispatches, early in the filter chain so that it times what the other filters do too. It backs off when the
 * application has a {@link StatsdRequestTimingFilter} bean or a {@code FilterRegistrationBean} of one, under any name.
 * Tags of {@link StatsdRequestTagsContributor} beans are added to every request's timer.
 */
@AutoConfiguration(after = StatsdAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({StatsdClient.class, OncePerRequestFilter.class, FilterRegistrationBean.class})
@ConditionalOnBean({StatsdClient.class, StatsdProperties.class})
@ConditionalOnBooleanProperty(name = "statsd.web.enabled", matchIfMissing = true)
public final class StatsdWebAutoConfiguration {

    /** The filter's order: right after the highest, before Spring Security's and most others. */
    public static final int FILTER_ORDER = Ordered.HIGHEST_PRECEDENCE + 1;

    // the filter is created here, not as a bean of its own: Boot would register a filter bean a second time
    // if the application brought its own registration of another instance
    @Bean
    @ConditionalOnMissingBean(
            value = StatsdRequestTimingFilter.class,
            parameterizedContainer = FilterRegistrationBean.class)
    FilterRegistrationBean<StatsdRequestTimingFilter> statsdRequestTimingFilterRegistration(
            StatsdClient statsdClient,
            StatsdProperties properties,
            ObjectProvider<StatsdRequestTagsContributor> tagsContributors) {
        StatsdProperties.Web web = properties.getWeb();
        validate(web);
        StatsdRequestTimingFilter filter = new StatsdRequestTimingFilter(
                statsdClient,
                web.getMetricName(),
                web.getExclude(),
                web.getMaxUriTags(),
                tagsContributors.orderedStream().toList());
        FilterRegistrationBean<StatsdRequestTimingFilter> registration = new FilterRegistrationBean<>(filter);
        registration.setOrder(FILTER_ORDER);
        registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC);
        return registration;
    }

    /**
     * Rejects values that would silently time nothing useful, naming the option as {@code web.<option>}, which the
     * starter's failure analyzer reports as the {@code statsd.web.*} property.
     */
    static void validate(StatsdProperties.Web web) {
        if (web.getMaxUriTags() <= 0) {
            throw new StatsdConfigException("web.maxUriTags", "must be greater than 0, was " + web.getMaxUriTags());
        }
        if (web.getMetricName() == null || web.getMetricName().isBlank()) {
            throw new StatsdConfigException("web.metricName", "must not be blank");
        }
        List<String> excludes = web.getExclude() != null ? web.getExclude() : List.of();
        PathPatternParser parser = new PathPatternParser();
        for (String pattern : excludes) {
            try {
                parser.parse(pattern);
            } catch (PatternParseException ex) {
                throw new StatsdConfigException(
                        "web.exclude", "must hold path patterns, '" + pattern + "' is not one: " + ex.getMessage());
            }
        }
    }
}
