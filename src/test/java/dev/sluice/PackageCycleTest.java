package dev.sluice;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The packages of the application depend on each other without a cycle, so that each can be read, and changed,
 * knowing only those below it (docs/ARCHITECTURE.md has the map). A plain test with ArchUnit's core rather than its
 * JUnit engine, which would have to match the JUnit Platform of the build.
 */
class PackageCycleTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages("dev.sluice");

    @Test
    void packagesAreFreeOfCycles() {
        slices().matching("dev.sluice.(**)..").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void storageCoreImportsNoBackendAndNoWebLayer() {
        com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses()
                .that()
                .resideInAPackage("dev.sluice.storage")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.sluice.storage.local..",
                        "dev.sluice.storage.s3..",
                        "dev.sluice.web..",
                        "dev.sluice.files..",
                        "dev.sluice.upload..",
                        "dev.sluice.shares..",
                        "dev.sluice.security..")
                .check(MAIN);
    }
}
