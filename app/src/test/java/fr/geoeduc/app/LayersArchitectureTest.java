package fr.geoeduc.app;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The layers of GéoÉduc, each depending only on those below it: model ← référentiel, quality ← store ← ingest
 * (with versions, metadata edits, catalogue) ← engine (which also reads référentiels' features) ← policy and query (access, privacy, query) ← joins, carte
 * scolaire and BAN addresses ← server ← app. Ingest sits above the store because the ingester writes versions into it; the engine reads
 * snapshots from the store and needs nothing of ingest. And no package of core depends, even indirectly, on itself.
 */
class LayersArchitectureTest {

    static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("fr.geoeduc");
    }

    @Test
    void eachLayerUsesOnlyTheLayersBelowIt() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("Model").definedBy("fr.geoeduc.core.model..")
                .layer("Referentiel").definedBy("fr.geoeduc.core.referentiel..")
                .layer("Quality").definedBy("fr.geoeduc.core.quality..")
                .layer("Store").definedBy("fr.geoeduc.core.store..")
                .layer("Ingest").definedBy("fr.geoeduc.core.ingest..", "fr.geoeduc.core.version..", "fr.geoeduc.core.metadata..",
                        "fr.geoeduc.core.catalogue..")
                .layer("Engine").definedBy("fr.geoeduc.core.engine..")
                .layer("Policy").definedBy("fr.geoeduc.core.access..", "fr.geoeduc.core.privacy..", "fr.geoeduc.core.query..")
                .layer("Services").definedBy("fr.geoeduc.core.join..", "fr.geoeduc.core.sectorisation..", "fr.geoeduc.core.adresse..")
                .layer("Server").definedBy("fr.geoeduc.server..")
                .layer("App").definedBy("fr.geoeduc.app..")
                .whereLayer("Model").mayNotAccessAnyLayer()
                .whereLayer("Referentiel").mayOnlyAccessLayers("Model")
                .whereLayer("Quality").mayOnlyAccessLayers("Model")
                .whereLayer("Store").mayOnlyAccessLayers("Model", "Referentiel", "Quality")
                .whereLayer("Ingest").mayOnlyAccessLayers("Model", "Referentiel", "Quality", "Store")
                .whereLayer("Engine").mayOnlyAccessLayers("Model", "Referentiel", "Store")
                .whereLayer("Policy").mayOnlyAccessLayers("Model", "Referentiel", "Quality", "Store", "Engine")
                .whereLayer("Services").mayOnlyAccessLayers("Model", "Referentiel", "Quality", "Store", "Ingest", "Engine", "Policy")
                .whereLayer("Server").mayOnlyAccessLayers("Model", "Referentiel", "Quality", "Store", "Ingest", "Engine", "Policy", "Services")
                .check(classes);
    }

    @Test
    void noPackageOfCoreDependsOnItself() {
        slices().matching("fr.geoeduc.core.(*)..").should().beFreeOfCycles().check(classes);
    }
}
