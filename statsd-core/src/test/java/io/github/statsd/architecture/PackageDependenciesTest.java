package io.github.statsd.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import io.github.statsd.internal.Engine;
import io.github.statsd.internal.EngineSettings;
import io.github.statsd.internal.MetricEncoder;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The dependency rules of {@code statsd-core}'s main classes: the public API is built on {@code internal}, never the
 * other way round, so that the internals can be rearranged without touching what users see.
 */
class PackageDependenciesTest {

    private static final String JNR_TRANSPORT = "io.github.statsd.internal.JnrUnixDatagramTransport";

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.github.statsd");

    /** Each package its own slice, the root package included (a pattern of the form {@code a.(*)..} leaves it out). */
    private static final SliceAssignment BY_PACKAGE = new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            return SliceIdentifier.of(javaClass.getPackageName());
        }

        @Override
        public String getDescription() {
            return "packages of io.github.statsd";
        }
    };

    @Test
    void packagesHaveNoCycles() {
        slices().assignedFrom(BY_PACKAGE).should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void internalNeverDependsOnThePublicApi() {
        noClasses()
                .that()
                .resideInAPackage("io.github.statsd.internal..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.github.statsd", "io.github.statsd.annotation")
                .check(MAIN);
    }

    /**
     * The test hook stays narrow: a line sink reaches the engine only through the clients' documented
     * {@code create(config, lineSink)} factories, and only the sender pool puts it in place of a network transport.
     */
    @Test
    void aLineSinkEngineIsMadeOnlyByTheClientsFactories() {
        noClasses()
                .that()
                .doNotHaveFullyQualifiedName("io.github.statsd.StatsdClient")
                .should()
                .callConstructor(Engine.class, EngineSettings.class, MetricEncoder.class, Consumer.class)
                .check(MAIN);
        noClasses()
                .that()
                .doNotHaveFullyQualifiedName("io.github.statsd.internal.SenderPool")
                .and()
                .doNotHaveFullyQualifiedName("io.github.statsd.internal.LineSinkTransport")
                .should()
                .dependOnClassesThat()
                .haveFullyQualifiedName("io.github.statsd.internal.LineSinkTransport")
                .check(MAIN);
    }

    @Test
    void coreHasNoRuntimeDependenciesBeyondTheJdk() {
        noClasses()
                .that()
                .resideInAPackage("io.github.statsd..")
                .and()
                .doNotHaveFullyQualifiedName(JNR_TRANSPORT)
                .should()
                .dependOnClassesThat()
                .resideOutsideOfPackages("io.github.statsd..", "java..", "javax.annotation..")
                .check(MAIN);
    }

    /** The optional jnr-unixsocket (Java 17 to 21) is used by one class, loaded only when the library is there. */
    @Test
    void onlyTheJnrTransportUsesTheOptionalJnrLibrary() {
        noClasses()
                .that()
                .resideInAPackage("io.github.statsd..")
                .and()
                .doNotHaveFullyQualifiedName(JNR_TRANSPORT)
                .should()
                .dependOnClassesThat()
                .resideInAPackage("jnr..")
                .check(MAIN);
        noClasses()
                .that()
                .haveFullyQualifiedName(JNR_TRANSPORT)
                .should()
                .dependOnClassesThat()
                .resideOutsideOfPackages("io.github.statsd..", "java..", "jnr..")
                .check(MAIN);
    }
}
