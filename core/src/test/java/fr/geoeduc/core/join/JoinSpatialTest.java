package fr.geoeduc.core.join;

import fr.geoeduc.core.ingest.ProgressListener;
import fr.geoeduc.core.access.Caller;
import fr.geoeduc.core.query.QueryService;
import fr.geoeduc.core.testing.Rows;
import fr.geoeduc.core.testing.TestPlatform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Point-in-polygon jointures on generated files: each reason of the match report, the tolerance, the commune check. */
class JoinSpatialTest {

    @TempDir
    Path dir;

    /** Two communes side by side near Rennes (35100 absorbed by 35163 in 2019) and a sector overlapping both. */
    TestPlatform platform() throws Exception {
        TestPlatform p = new TestPlatform(dir);
        Files.writeString(dir.resolve("communes.geojson"), """
                {"type":"FeatureCollection","features":[
                 {"type":"Feature","properties":{"code":"35100","nom":"Dompierre-du-Chemin"},
                  "geometry":{"type":"Polygon","coordinates":[[[-1.7,48.0],[-1.6,48.0],[-1.6,48.1],[-1.7,48.1],[-1.7,48.0]]]}},
                 {"type":"Feature","properties":{"code":"35238","nom":"Rennes"},
                  "geometry":{"type":"Polygon","coordinates":[[[-1.6,48.0],[-1.5,48.0],[-1.5,48.1],[-1.6,48.1],[-1.6,48.0]]]}},
                 {"type":"Feature","properties":{"code":"35999","nom":"Recouvrement"},
                  "geometry":{"type":"Polygon","coordinates":[[[-1.52,48.08],[-1.4,48.08],[-1.4,48.2],[-1.52,48.2],[-1.52,48.08]]]}}
                ]}""");
        Files.writeString(dir.resolve("ecoles.csv"), """
                uai,latitude,longitude,code_commune
                0350001A,48.05,-1.65,35163
                0350002B,48.05,-1.55,35238
                0350003C,48.05,-1.55,35100
                0350004D,48.09,-1.51,35238
                0350005E,48.05,-1.49,35238
                0350006F,,,35238
                0350007G,40.0,-30.0,35238
                0350008H,48.5,-1.0,35238
                """);
        Files.writeString(dir.resolve("mvt.csv"), """
                MOD,DATE_EFF,TYPECOM_AV,COM_AV,TNCC_AV,NCC_AV,NCCENR_AV,LIBELLE_AV,TYPECOM_AP,COM_AP,TNCC_AP,NCC_AP,NCCENR_AP,LIBELLE_AP
                32,2019-01-01,COM,35100,0,DOMPIERRE DU CHEMIN,Dompierre-du-Chemin,Dompierre-du-Chemin,COM,35163,0,LUITRE DOMPIERRE,Luitré-Dompierre,Luitré-Dompierre
                """);
        p.referentiels.loadCommuneEvents(dir.resolve("mvt.csv"));
        p.ingest(dir.resolve("communes.geojson"), "communes-2018");
        p.ingest(dir.resolve("ecoles.csv"), "ecoles");
        return p;
    }

    JoinService.Outcome run(TestPlatform p, double tolerance) {
        SpatialSpec spec = new SpatialSpec("ecoles", "communes-2018", null, null, List.of("code", "nom"),
                KeyPair.parse("code_commune=code", true), tolerance, false, "ecoles-communes", null, 0);
        return new JoinService(new QueryService(p.store), p.store).run(Caller.INTERNAL, spec, ProgressListener.NONE);
    }

    @Test
    void eachPointGetsThePolygonHoldingItAndTheReportSaysWhyOthersDidNot() throws Exception {
        try (TestPlatform p = platform()) {
            JoinService.Outcome o = run(p, 0);
            Map<String, Map<String, Object>> byUai = new HashMap<>();
            Rows.read(p.store, o.version()).forEach(r -> byUai.put((String) r.get("uai"), r));
            assertThat(byUai).hasSize(8);
            assertThat(byUai.get("0350001A").get("code")).isEqualTo("35100");
            assertThat(byUai.get("0350001A").get("jointure_controle")).isEqualTo("conforme (fusion 35100→35163)");
            assertThat(byUai.get("0350002B").get("code")).isEqualTo("35238");
            assertThat(byUai.get("0350002B").get("jointure_controle")).isEqualTo("conforme");
            assertThat((String) byUai.get("0350003C").get("jointure_controle")).startsWith("différente : déclarée 35100 (fusion 35100→35163), polygone 35238");
            assertThat(byUai.get("0350004D").get("code")).isEqualTo("35238"); // in 35238 and 35999: the first in the dataset's order
            assertThat(byUai.get("0350005E").get("jointure_statut")).isEqualTo("gauche_seule");
            assertThat(o.stats().matched()).isEqualTo(4);
            assertThat(o.stats().unmatchedLeft()).isEqualTo(4);
            assertThat(o.stats().outcome(SpatialEngine.SEVERAL)).isEqualTo(1);
            assertThat(o.stats().outcome(SpatialEngine.NO_POSITION)).isEqualTo(1);
            assertThat(o.stats().outcome(SpatialEngine.OUTSIDE_FRANCE)).isEqualTo(1);
            assertThat(o.stats().outcome(SpatialEngine.NO_POLYGON)).isEqualTo(2);
            assertThat(o.stats().outcome(SpatialEngine.CHECK_DIFFERENT)).isEqualTo(1);
            assertThat(o.stats().outcomeExamples(SpatialEngine.CHECK_DIFFERENT)).singleElement()
                    .satisfies(f -> assertThat(f.value()).isEqualTo("code_commune=35100"));
            assertThat(o.stats().unmatchedRight()).isEqualTo(1); // 35999 holds only a point 35238 holds first
            assertThat(o.version().lineage().parents()).containsExactly("ecoles@1", "communes-2018@1");
            assertThat(o.report().results()).extracting(fr.geoeduc.core.quality.RuleResult::rule)
                    .contains(SpatialEngine.NO_POLYGON, SpatialEngine.OUTSIDE_FRANCE, SpatialEngine.CHECK_DIFFERENT);
        }
    }

    @Test
    void aToleranceJoinsAPointJustOutsideToTheNearestPolygonWithItsDistance() throws Exception {
        try (TestPlatform p = platform()) {
            JoinService.Outcome o = run(p, 1000);
            Map<String, Object> e = Rows.read(p.store, o.version()).stream().filter(r -> "0350005E".equals(r.get("uai"))).findFirst().orElseThrow();
            assertThat(e.get("code")).isEqualTo("35238");
            // 0.01° of longitude at 48.05° N is about 744 m
            assertThat((String) e.get("jointure_regle")).matches("proche 7[34]\\d m");
            assertThat(o.stats().outcome(SpatialEngine.NO_POLYGON)).isEqualTo(1);
        }
    }

    @Test
    void aSpatialJoinOnADatasetWithoutGeometryIsRefusedAndNothingPublished() throws Exception {
        try (TestPlatform p = platform()) {
            SpatialSpec spec = new SpatialSpec("communes-2018", "ecoles", null, null, List.of(), null, 0, false, "x", null, 0);
            assertThatThrownBy(() -> new JoinService(new QueryService(p.store), p.store).run(Caller.INTERNAL, spec, ProgressListener.NONE))
                    .isInstanceOf(JoinException.class).hasMessageContaining("sans géométrie").hasMessageContaining("geo_point_2d");
            assertThat(p.store.latest("x")).isEmpty();
        }
    }
}
