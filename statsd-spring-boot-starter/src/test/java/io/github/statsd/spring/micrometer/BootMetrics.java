package io.github.statsd.spring.micrometer;

import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.util.ClassUtils;

/**
 * Spring Boot's metrics auto-configurations, by name: they are in {@code org.springframework.boot.actuate} on Boot 3.5
 * and in {@code org.springframework.boot.micrometer.metrics} on Boot 4.0, and the tests run on both.
 */
final class BootMetrics {

    private static final String BOOT4_PACKAGE = "org.springframework.boot.micrometer.metrics.autoconfigure.";

    private static final boolean BOOT4 =
            ClassUtils.isPresent(BOOT4_PACKAGE + "MetricsAutoConfiguration", BootMetrics.class.getClassLoader());

    private static final String PACKAGE =
            BOOT4 ? BOOT4_PACKAGE : "org.springframework.boot.actuate.autoconfigure.metrics.";

    /** Boot's StatsD export auto-configuration (Micrometer's own StatsD registry). */
    static final String STATSD_EXPORT = "export.statsd.StatsdMetricsExportAutoConfiguration";

    private BootMetrics() {}

    /**
     * @param more simple names (under the metrics package) of further auto-configurations
     * @return the metrics, composite, simple and JVM auto-configurations and those given
     */
    static AutoConfigurations autoConfigurations(String... more) {
        Stream<String> names = Stream.of(
                "MetricsAutoConfiguration",
                "CompositeMeterRegistryAutoConfiguration",
                "export.simple.SimpleMetricsExportAutoConfiguration",
                BOOT4 ? "jvm.JvmMetricsAutoConfiguration" : "JvmMetricsAutoConfiguration");
        return AutoConfigurations.of(
                Stream.concat(names, Arrays.stream(more)).map(BootMetrics::type).toArray(Class<?>[]::new));
    }

    /** @return a {@code MeterRegistryCustomizer} of every registry, of this Boot line's interface */
    static Object customizer(Consumer<Object> customize) {
        Class<?> type = type("MeterRegistryCustomizer");
        return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            switch (method.getName()) {
                case "customize":
                    customize.accept(args[0]);
                    return null;
                case "hashCode":
                    return System.identityHashCode(proxy);
                case "equals":
                    return proxy == args[0];
                default:
                    return "customizer";
            }
        });
    }

    /** @return the customizer interface of this Boot line */
    @SuppressWarnings("unchecked") // a bean type for ApplicationContextRunner.withBean
    static Class<Object> customizerType() {
        return (Class<Object>) type("MeterRegistryCustomizer");
    }

    private static Class<?> type(String name) {
        return ClassUtils.resolveClassName(PACKAGE + name, BootMetrics.class.getClassLoader());
    }
}
