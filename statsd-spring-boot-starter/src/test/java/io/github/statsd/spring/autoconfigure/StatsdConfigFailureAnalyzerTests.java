package io.github.statsd.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

import io.github.statsd.StatsdConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;

@ExtendWith(OutputCaptureExtension.class)
class StatsdConfigFailureAnalyzerTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(StatsdAutoConfiguration.class, GraphiteAutoConfiguration.class));

    private FailureAnalysis analyzeStartupWith(String... properties) {
        FailureAnalysis[] analysis = new FailureAnalysis[1];
        this.contextRunner.withPropertyValues(properties).run((context) -> {
            assertThat(context).hasFailed();
            analysis[0] = new StatsdConfigFailureAnalyzer().analyze(context.getStartupFailure());
        });
        return analysis[0];
    }

    @Test
    void namesThePortPropertyForAnOutOfRangePort() {
        FailureAnalysis analysis = analyzeStartupWith("statsd.port=70000");
        assertThat(analysis.getDescription())
                .isEqualTo("The StatsD client could not be configured: property 'statsd.port' must be between 1 and"
                        + " 65535, was 70000.");
        assertThat(analysis.getAction()).contains("'statsd.port'");
        assertThat(analysis.getCause()).isInstanceOf(StatsdConfigException.class);
    }

    @Test
    void namesTheSampleRatePropertyForASampleRateAboveOne() {
        assertThat(analyzeStartupWith("statsd.sample-rate=2").getDescription())
                .contains("property 'statsd.sample-rate' must be greater than 0 and at most 1, was 2.0");
    }

    @Test
    void namesNestedPropertiesByTheirPropertyName() {
        assertThat(analyzeStartupWith("statsd.sender-threads=0").getDescription())
                .contains("property 'statsd.sender-threads' must be between 1 and 64, was 0.");
        assertThat(analyzeStartupWith("statsd.pool.max-size=0").getDescription())
                .contains("property 'statsd.pool.max-size'");
        assertThat(analyzeStartupWith("statsd.max-packet-size=10B").getDescription())
                .contains("property 'statsd.max-packet-size'");
        assertThat(analyzeStartupWith("statsd.protocol=uds").getDescription()).contains("property 'statsd.host'");
    }

    @Test
    void namesGraphitePropertiesForBadGraphiteValues() {
        FailureAnalysis analysis = analyzeStartupWith("statsd.graphite.enabled=true", "statsd.graphite.port=70000");
        assertThat(analysis.getDescription())
                .isEqualTo("The Graphite client could not be configured: property 'statsd.graphite.port' must be"
                        + " between 1 and 65535, was 70000.");
        assertThat(analysis.getAction()).contains("'statsd.graphite.port'");
        assertThat(analyzeStartupWith("statsd.graphite.enabled=true", "statsd.graphite.interval=1500ms")
                        .getDescription())
                .contains("property 'statsd.graphite.interval' must be whole seconds");
        assertThat(analyzeStartupWith("statsd.graphite.enabled=true", "statsd.graphite.host=unix:///tmp/carbon.sock")
                        .getDescription())
                .contains("property 'statsd.graphite.host' carbon does not listen on Unix domain sockets");
    }

    @Test
    void leavesOtherFailuresToOtherAnalyzers() {
        this.contextRunner.withPropertyValues("statsd.protocol=carrier-pigeon").run((context) -> {
            assertThat(context).hasFailed();
            assertThat(new StatsdConfigFailureAnalyzer().analyze(context.getStartupFailure()))
                    .isNull();
        });
    }

    @Test
    void reportsBadValuesWhenTheApplicationFailsToStart(CapturedOutput output) {
        assertThatException().isThrownBy(() -> run("--statsd.port=70000"));
        assertThat(output).contains("APPLICATION FAILED TO START").contains("property 'statsd.port' must be between");
    }

    @Test
    void reportsUnknownProtocolWhenTheApplicationFailsToStart(CapturedOutput output) {
        assertThatException().isThrownBy(() -> run("--statsd.protocol=carrier-pigeon"));
        assertThat(output).contains("APPLICATION FAILED TO START").contains("statsd.protocol");
    }

    @Test
    void reportsUnixSocketGraphiteProtocolWhenTheApplicationFailsToStart(CapturedOutput output) {
        assertThatException().isThrownBy(() -> run("--statsd.graphite.enabled=true", "--statsd.graphite.protocol=uds"));
        assertThat(output)
                .contains("APPLICATION FAILED TO START")
                .contains("Failed to bind properties under 'statsd.graphite.protocol'")
                .contains("Value: \"uds\"")
                .containsPattern("The following values are valid:\\s+TCP\\s+UDP\\s");
    }

    @Test
    void reportsBadGraphiteValuesWhenTheApplicationFailsToStart(CapturedOutput output) {
        assertThatException().isThrownBy(() -> run("--statsd.graphite.enabled=true", "--statsd.graphite.port=0"));
        assertThat(output)
                .contains("APPLICATION FAILED TO START")
                .contains("The Graphite client could not be configured: property 'statsd.graphite.port'");
    }

    private static void run(String... args) {
        new SpringApplicationBuilder(StatsdApplication.class)
                .web(WebApplicationType.NONE)
                .bannerMode(Banner.Mode.OFF)
                .registerShutdownHook(false)
                .run(args)
                .close();
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({StatsdAutoConfiguration.class, GraphiteAutoConfiguration.class})
    static class StatsdApplication {}
}
