package fr.geoeduc.app;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import fr.geoeduc.core.engine.SnapshotCache;
import fr.geoeduc.core.privacy.RestrictedView;
import fr.geoeduc.core.query.QueryService;
import fr.geoeduc.core.store.Store;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The policy is the only door to data (DESIGN.md): every route reads rows through {@link QueryService#execute}.
 * These rules fail the build when a class outside the query and policy packages reaches published rows another way.
 */
class OneDoorArchitectureTest {

    static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("fr.geoeduc");
    }

    @Test
    void routesAndCommandsNeverReadRowsAroundThePipeline() {
        noClasses().that().resideInAnyPackage("fr.geoeduc.server..", "fr.geoeduc.app..")
                .should().dependOnClassesThat().belongToAnyOf(SnapshotCache.class, RestrictedView.class)
                .because("published rows and conventions' views are read only through QueryService.execute")
                .check(classes);
        noClasses().that().resideInAnyPackage("fr.geoeduc.server..", "fr.geoeduc.app..")
                .should().callMethodWhere(com.tngtech.archunit.core.domain.JavaCall.Predicates.target(
                        com.tngtech.archunit.core.domain.properties.HasName.Predicates.name("readRows"))
                        .and(com.tngtech.archunit.core.domain.JavaCall.Predicates.target(
                                com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner(
                                        com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo(Store.class)))))
                .because("a route that read a version's rows from the store would skip the policy")
                .check(classes);
    }

    @Test
    void onlyTheQueryAndPolicyPackagesBuildViewsOrCacheSnapshots() {
        noClasses().that().resideOutsideOfPackages("fr.geoeduc.core.query..", "fr.geoeduc.core.privacy..", "fr.geoeduc.core.engine..")
                .should().dependOnClassesThat().belongToAnyOf(SnapshotCache.class, RestrictedView.class)
                .check(classes);
    }

    @Test
    void nothingOutsideTheQueryServiceMakesAVisibleToken() {
        assertThat(QueryService.Visible.class.getDeclaredConstructors())
                .allSatisfy(c -> assertThat(java.lang.reflect.Modifier.isPublic(c.getModifiers())).as(c.toString()).isFalse());
        noClasses().that().resideOutsideOfPackage("fr.geoeduc.core.query..")
                .should().callConstructor(QueryService.Visible.class, fr.geoeduc.core.model.DatasetDefinition.class,
                        fr.geoeduc.core.model.DatasetVersion.class)
                .check(classes);
    }
}
