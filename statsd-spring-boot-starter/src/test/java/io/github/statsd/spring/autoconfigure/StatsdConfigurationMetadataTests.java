package io.github.statsd.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import io.github.statsd.StatsdConfig;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Checks the metadata the configuration processor generates from {@link StatsdProperties}' javadoc. */
class StatsdConfigurationMetadataTests {

    private static final String SOURCE_TYPE = StatsdProperties.class.getName();

    private static DocumentContext metadata;

    @BeforeAll
    static void readGeneratedMetadata() throws IOException {
        Enumeration<URL> resources = StatsdConfigurationMetadataTests.class
                .getClassLoader()
                .getResources("META-INF/spring-configuration-metadata.json");
        while (resources.hasMoreElements()) {
            try (InputStream in = resources.nextElement().openStream()) {
                String json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                if (json.contains("\"" + SOURCE_TYPE + "\"")) {
                    metadata = JsonPath.parse(json);
                }
            }
        }
        assertThat(metadata).as("generated metadata for " + SOURCE_TYPE).isNotNull();
    }

    private static Map<String, Object> property(String name) {
        List<Map<String, Object>> matches = metadata.read("$.properties[?(@.name == '" + name + "')]");
        assertThat(matches).as(name).hasSize(1);
        return matches.get(0);
    }

    @Test
    void describesEveryProperty() {
        List<Map<String, Object>> properties = metadata.read("$.properties[?(@.name =~ /statsd\\..*/)]");
        assertThat(properties).hasSizeGreaterThan(25);
        assertThat(properties).allSatisfy((property) -> assertThat((String) property.get("description"))
                .as((String) property.get("name"))
                .isNotBlank());
    }

    @Test
    void describesClientProperties() {
        assertThat(property("statsd.port"))
                .containsEntry("type", "java.lang.Integer")
                .containsEntry("defaultValue", StatsdConfig.DEFAULT_PORT);
        assertThat((String) property("statsd.port").get("description"))
                .startsWith("Port of the StatsD server.")
                .contains("DD_DOGSTATSD_PORT");
        assertThat(property("statsd.host")).containsEntry("defaultValue", StatsdConfig.DEFAULT_HOST);
        assertThat((String) property("statsd.host").get("description"))
                .contains("unix:///path", "unixstream:///path", "DD_AGENT_HOST");
        assertThat(property("statsd.protocol")).containsEntry("type", "io.github.statsd.Protocol");
        assertThat((String) property("statsd.protocol").get("description")).contains("uds-datagram");
        assertThat(property("statsd.max-packet-size")).containsEntry("type", "org.springframework.util.unit.DataSize");
        assertThat(property("statsd.flush-interval")).containsEntry("defaultValue", "100ms");
        assertThat(property("statsd.sender-threads"))
                .containsEntry("type", "java.lang.Integer")
                .containsEntry("defaultValue", 1);
        assertThat(property("statsd.tags")).containsEntry("type", "java.util.Map<java.lang.String,java.lang.String>");
    }

    @Test
    void poolMaxSizeIsDeprecatedForSenderThreads() {
        Map<String, Object> property = property("statsd.pool.max-size");
        assertThat(property).containsEntry("type", "java.lang.Integer");
        assertThat(property).containsKey("deprecation");
        @SuppressWarnings("unchecked")
        Map<String, Object> deprecation = (Map<String, Object>) property.get("deprecation");
        assertThat(deprecation).containsEntry("replacement", "statsd.sender-threads");
    }

    @Test
    void describesDnsRefreshAndContainerId() {
        assertThat(property("statsd.dns-refresh-interval"))
                .containsEntry("type", "java.time.Duration")
                .containsEntry("defaultValue", "30s");
        assertThat((String) property("statsd.dns-refresh-interval").get("description"))
                .startsWith("How often a UDP client resolves the host name again");
        assertThat(property("statsd.container-id")).containsEntry("type", "java.lang.String");
        assertThat((String) property("statsd.container-id").get("description"))
                .contains("only the datadog flavour writes it");
    }

    /**
     * Every option of {@link StatsdConfig.Builder} has a property (under the name that failure messages use), except
     * those that YAML cannot express: an {@link io.github.statsd.ErrorHandler} is an object, set by a customizer; so is
     * the function that reads Datadog's environment variables.
     */
    @Test
    void everyBuilderOptionHasAPropertyButTheErrorHandler() {
        Set<String> notProperties = Set.of("errorHandler", "environment");
        List<String> options = Arrays.stream(StatsdConfig.Builder.class.getDeclaredMethods())
                .filter((method) -> Modifier.isPublic(method.getModifiers()))
                .map(Method::getName)
                .filter((name) -> !name.equals("build"))
                .distinct()
                .toList();
        assertThat(options).contains("dnsRefreshInterval", "containerId", "socketPath", "errorHandler");
        for (String option : options) {
            if (!notProperties.contains(option)) {
                property(StatsdPropertiesConfigAdapter.propertyName(option));
            }
        }
    }

    @Test
    void describesActuatorSwitches() {
        assertThat(property("management.health.statsd.enabled"))
                .containsEntry("type", "java.lang.Boolean")
                .containsEntry("defaultValue", true);
        assertThat(property("management.info.statsd.enabled"))
                .containsEntry("type", "java.lang.Boolean")
                .containsEntry("defaultValue", true);
    }

    @Test
    void describesReservedGroups() {
        assertThat(property("statsd.graphite.enabled")).containsEntry("defaultValue", false);
        assertThat(property("statsd.graphite.port")).containsEntry("defaultValue", 2003);
        assertThat(property("statsd.graphite.interval")).containsEntry("defaultValue", "10s");
        assertThat(property("statsd.web.metric-name")).containsEntry("defaultValue", "http.server.requests");
        assertThat(property("statsd.web.max-uri-tags")).containsEntry("defaultValue", 100);
        assertThat(property("statsd.aspect.enabled")).containsEntry("defaultValue", true);
        assertThat(property("statsd.aggregation.enabled")).containsEntry("defaultValue", false);
    }

    @Test
    void describesAggregationProperties() {
        assertThat(property("statsd.aggregation.interval"))
                .containsEntry("type", "java.time.Duration")
                .containsEntry("defaultValue", "2s")
                .containsEntry("description", "Window over which the client aggregates, when aggregation is enabled.");
    }

    @Test
    void describesGraphiteProperties() {
        assertThat(property("statsd.graphite.enabled"))
                .containsEntry("type", "java.lang.Boolean")
                .containsEntry("description", "Whether a Graphite client is created.");
        assertThat(property("statsd.graphite.host")).containsEntry("defaultValue", "localhost");
        assertThat(property("statsd.graphite.protocol"))
                .containsEntry("type", StatsdProperties.GraphiteProtocol.class.getName())
                .containsEntry("defaultValue", "tcp");
        assertThat((String) property("statsd.graphite.interval").get("description"))
                .contains("aligned down to a multiple of it");
        assertThat(property("statsd.graphite.prefix")).containsEntry("type", "java.lang.String");
    }

    @Test
    void describesMicrometerProperties() {
        assertThat(property("statsd.micrometer.enabled"))
                .containsEntry("type", "java.lang.Boolean")
                .containsEntry("defaultValue", true);
        assertThat(property("statsd.micrometer.step"))
                .containsEntry("type", "java.time.Duration")
                .containsEntry("defaultValue", "10s");
        assertThat((String) property("statsd.micrometer.step").get("description"))
                .startsWith("How often gauges");
        assertThat(property("statsd.micrometer.distributions")).containsEntry("defaultValue", false);
    }
}
