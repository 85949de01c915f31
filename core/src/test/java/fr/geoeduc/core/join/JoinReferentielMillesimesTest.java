package fr.geoeduc.core.join;

import fr.geoeduc.core.access.Caller;
import fr.geoeduc.core.ingest.ProgressListener;
import fr.geoeduc.core.query.QueryService;
import fr.geoeduc.core.referentiel.ReferentielFeature;
import fr.geoeduc.core.testing.CommunesMillesimes;
import fr.geoeduc.core.testing.Rows;
import fr.geoeduc.core.testing.TestPlatform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Point;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A point-in-polygon jointure on a référentiel millésime named by its collection id: a point of Dompierre-du-Chemin
 * (absorbed into Luitré in 2019) lies in 35100 of referentiel-communes-2018 and in 35163 of -2024, both loaded
 * side by side (the real 2018 communes of Ille-et-Vilaine, or their generated stand-in).
 */
class JoinReferentielMillesimesTest {

    @TempDir
    Path dir;

    @Test
    void aJoinUsesTheMillesimeOfTheCollectionItNames() throws Exception {
        try (TestPlatform p = new TestPlatform(dir)) {
            Path y2018 = CommunesMillesimes.communes2018(dir);
            p.referentiels.loadBoundaries("commune", y2018, "2018");
            p.referentiels.loadBoundaries("commune", CommunesMillesimes.communes2024(y2018, dir), "2024");
            ReferentielFeature absorbed = p.store.referentiel("commune", "2018").stream()
                    .filter(f -> f.code().equals(CommunesMillesimes.ABSORBED)).findFirst().orElseThrow();
            Point inside = absorbed.geometry().getInteriorPoint();
            Files.writeString(dir.resolve("ecoles.csv"), String.format(Locale.ROOT, "uai,latitude,longitude%n0350001A,%.6f,%.6f%n",
                    inside.getY(), inside.getX()));
            p.ingest(dir.resolve("ecoles.csv"), "ecoles");

            assertThat(codeOf(p, "referentiel-communes-2018", "ecoles-2018")).containsEntry("code", CommunesMillesimes.ABSORBED);
            assertThat(codeOf(p, "referentiel-communes-2024", "ecoles-2024")).containsEntry("code", CommunesMillesimes.NOUVELLE)
                    .containsEntry("nom", CommunesMillesimes.NOUVELLE_NAME);
            assertThat(codeOf(p, "referentiel-communes", "ecoles-courantes")).as("the current communes: 2024")
                    .containsEntry("code", CommunesMillesimes.NOUVELLE);
        }
    }

    private static Map<String, Object> codeOf(TestPlatform p, String communes, String result) {
        SpatialSpec spec = new SpatialSpec("ecoles", communes, null, null, List.of("code", "nom", "millesime"), null, 0, false, result, null, 0);
        JoinService.Outcome o = new JoinService(new QueryService(p.store), p.store).run(Caller.INTERNAL, spec, ProgressListener.NONE);
        return Rows.read(p.store, o.version()).get(0);
    }
}
