package io.github.statsd.test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * statsd-test is built on the client's public API only, and Spring stays in the package a plain-Java user never loads
 * (Spring is an optional dependency).
 */
class ModuleDependenciesTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.github.statsd.test");

    @Test
    void usesOnlyThePublicApiOfTheClient() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.github.statsd.internal..")
                .check(MAIN);
    }

    @Test
    void onlyTheAutoconfigurePackageUsesSpring() {
        noClasses()
                .that()
                .resideOutsideOfPackage("io.github.statsd.test.autoconfigure..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.springframework..")
                .orShould()
                .dependOnClassesThat()
                .resideInAPackage("io.github.statsd.test.autoconfigure..")
                .check(MAIN);
    }
}
