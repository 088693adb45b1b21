package io.github.statsd.spring.micrometer;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.ResolvableType;
import org.springframework.util.ClassUtils;

/**
 * Finds, from bean definitions and without creating beans, whether the starter's request timing filter runs in the
 * application, under the auto-configured registration or one of the application's own. Classes are referred to by name:
 * the servlet API and Spring MVC are optional.
 */
final class RequestTimingFilters {

    static final String FILTER = "io.github.statsd.spring.web.StatsdRequestTimingFilter";

    static final String REGISTRATION = "org.springframework.boot.web.servlet.FilterRegistrationBean";

    private RequestTimingFilters() {}

    /** @return whether a bean is the filter or a registration of it */
    static boolean present(ConfigurableListableBeanFactory beanFactory) {
        Class<?> filter = load(beanFactory, FILTER);
        Class<?> registration = load(beanFactory, REGISTRATION);
        if (filter == null || registration == null) {
            return false;
        }
        ResolvableType registrationOfFilter = ResolvableType.forClassWithGenerics(registration, filter);
        return beanFactory.getBeanNamesForType(registrationOfFilter, true, false).length > 0
                || beanFactory.getBeanNamesForType(filter, true, false).length > 0;
    }

    /** @return the names of the beans of a type given by name, none when the type is absent */
    static String[] beanNamesForType(ConfigurableListableBeanFactory beanFactory, String className) {
        Class<?> type = load(beanFactory, className);
        return type == null ? new String[0] : beanFactory.getBeanNamesForType(type, true, false);
    }

    private static Class<?> load(ConfigurableListableBeanFactory beanFactory, String className) {
        ClassLoader loader = beanFactory.getBeanClassLoader();
        if (!ClassUtils.isPresent(className, loader)) {
            return null;
        }
        return ClassUtils.resolveClassName(className, loader);
    }
}
