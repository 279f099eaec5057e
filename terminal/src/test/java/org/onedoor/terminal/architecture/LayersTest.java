package org.onedoor.terminal.architecture;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.Test;
import org.onedoor.terminal.decision.ForbiddenImportFixture;
import org.onedoor.terminal.decision.PermittedImportFixture;

/** The packages of the terminal depend one way, as docs/architecture.md draws them. */
class LayersTest {
    private static final JavaClasses PRODUCT = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.onedoor.terminal");

    @Test
    void everyLayerDependsOnlyOnTheLayersBelowIt() {
        Layers.dependOnlyDownwards().check(PRODUCT);
    }

    @Test
    void noPackagesDependOnEachOther() {
        Layers.noCycles().check(PRODUCT);
    }

    @Test
    void everyPackageIsInALayer() {
        Layers.everyPackageHasALayer().check(PRODUCT);
    }

    /** The rule is not vacuous: a decision class that reads the configuration breaks it, and says where. */
    @Test
    void aForbiddenImportBreaksTheRule() {
        JavaClasses fixtures = new ClassFileImporter().importClasses(ForbiddenImportFixture.class,
                PermittedImportFixture.class);
        EvaluationResult result = Layers.dependOnlyDownwards().evaluate(fixtures);
        assertTrue(result.hasViolation(), "a decision class that imports config must break the rule");
        String report = result.getFailureReport().toString();
        assertTrue(report.contains("the decision layer depends on no layer above it"), report);
        assertTrue(report.contains("ForbiddenImportFixture") && report.contains("TerminalConfig"), report);
        assertFalse(report.contains("PermittedImportFixture"), report);
    }
}
