package io.github.statsd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Java 17 to 21 without jnr-unixsocket: {@code build()} says what to add. The client's classes are loaded again by a
 * class loader that sees them and the JDK only, as in an application that did not add the library.
 */
class UnixDatagramWithoutJnrTest {

    @Test
    void buildNamesTheOptionAndTheLibraryToAdd() throws Exception {
        URL classes = StatsdConfig.class.getProtectionDomain().getCodeSource().getLocation();
        // a multi-release jar on Java 22+ needs no library: nothing to test there
        assumeThat(Runtime.version().feature() < 22 || Files.isDirectory(Path.of(classes.toURI())))
                .isTrue();
        try (URLClassLoader withoutJnr =
                new URLClassLoader(new URL[] {classes}, ClassLoader.getPlatformClassLoader())) {
            assertThat(withoutJnr.getParent()).isNotNull();
            assertThat(optionAndReason(withoutJnr, "host", "unix:///var/run/datadog/dsd.socket"))
                    .startsWith("host:")
                    .contains("com.github.jnr:jnr-unixsocket:")
                    .contains("Java 22 or later")
                    .contains("unixstream://");
            assertThat(optionAndReason(withoutJnr, "protocol", "UDS_DATAGRAM"))
                    .startsWith("protocol:")
                    .contains("com.github.jnr:jnr-unixsocket:");
            // the address came from Datadog's environment: the error names the variable that gave it
            assertThat(optionAndReason(withoutJnr, "environment", "unix:///var/run/datadog/dsd.socket"))
                    .startsWith("DD_DOGSTATSD_URL:")
                    .contains("com.github.jnr:jnr-unixsocket:");
        }
        // with the library (this class loader): no error
        assertThat(StatsdConfig.builder()
                        .host("unix:///var/run/datadog/dsd.socket")
                        .build()
                        .protocol())
                .isEqualTo(Protocol.UDS_DATAGRAM);
    }

    /** Builds a configuration in the other class loader; returns the failure's option and reason. */
    private static String optionAndReason(ClassLoader loader, String how, String value) throws Exception {
        Class<?> config = Class.forName(StatsdConfig.class.getName(), true, loader);
        Object builder = config.getMethod("builder").invoke(null);
        Class<?> builderType = builder.getClass();
        if (how.equals("host")) {
            builderType.getMethod("host", String.class).invoke(builder, value);
        } else if (how.equals("environment")) {
            Class<?> flavorType = Class.forName(Flavor.class.getName(), true, loader);
            @SuppressWarnings({"unchecked", "rawtypes"})
            Object datadog = Enum.valueOf((Class) flavorType, "DATADOG");
            builderType.getMethod("flavor", flavorType).invoke(builder, datadog);
            Function<String, String> env = name -> name.equals("DD_DOGSTATSD_URL") ? value : null;
            builderType.getMethod("environment", Function.class).invoke(builder, env);
        } else {
            Class<?> protocolType = Class.forName(Protocol.class.getName(), true, loader);
            @SuppressWarnings({"unchecked", "rawtypes"})
            Object protocol = Enum.valueOf((Class) protocolType, value);
            builderType.getMethod("protocol", protocolType).invoke(builder, protocol);
            builderType.getMethod("socketPath", String.class).invoke(builder, "/var/run/datadog/dsd.socket");
        }
        Method build = builderType.getMethod("build");
        try {
            build.invoke(builder);
        } catch (InvocationTargetException e) {
            Throwable t = e.getCause();
            assertThat(t.getClass().getName()).isEqualTo(StatsdConfigException.class.getName());
            return t.getClass().getMethod("option").invoke(t) + ": "
                    + t.getClass().getMethod("reason").invoke(t);
        }
        throw new AssertionError("build() succeeded without jnr-unixsocket");
    }
}
