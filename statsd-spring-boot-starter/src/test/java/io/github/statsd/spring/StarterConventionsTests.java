package io.github.statsd.spring;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * The conventions of Spring Boot's own auto-configuration, held for the starter's main classes: an auto-configuration
 * is a {@code public final} class listed in the imports file, and its beans are package-private factory methods.
 */
class StarterConventionsTests {

    private static final String IMPORTS =
            "META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports";

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.github.statsd.spring");

    @Test
    void autoConfigurationsArePublicFinal() {
        classes()
                .that()
                .areAnnotatedWith(AutoConfiguration.class)
                .should()
                .bePublic()
                .andShould()
                .haveModifier(JavaModifier.FINAL)
                .check(MAIN);
    }

    @Test
    void beanMethodsArePackagePrivate() {
        methods()
                .that()
                .areAnnotatedWith(Bean.class)
                .should()
                .bePackagePrivate()
                .check(MAIN);
    }

    @Test
    void conditionalOnClassIsNeverOnABeanMethod() {
        noMethods().should().beAnnotatedWith(ConditionalOnClass.class).check(MAIN);
    }

    @Test
    void everyAutoConfigurationIsListedAndEveryListedClassIsOne() throws IOException {
        List<String> listed;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(IMPORTS)) {
            assertThat(in).as(IMPORTS).isNotNull();
            listed = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .toList();
        }
        List<String> annotated = MAIN.stream()
                .filter(c -> c.isAnnotatedWith(AutoConfiguration.class))
                .map(c -> c.getName())
                .toList();
        assertThat(listed).containsExactlyInAnyOrderElementsOf(annotated);
    }

    @Test
    void packagesHaveNoCycles() {
        slices().matching("io.github.statsd.spring.(*)..")
                .should()
                .beFreeOfCycles()
                .check(MAIN);
    }
}
