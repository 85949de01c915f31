package fr.geoeduc.core.join;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fr.geoeduc.core.ingest.ProgressListener;
import fr.geoeduc.core.model.GeoPoint;
import fr.geoeduc.core.access.Caller;
import fr.geoeduc.core.query.QueryService;
import fr.geoeduc.core.store.Json;
import fr.geoeduc.core.testing.Rows;
import fr.geoeduc.core.testing.SharedData;
import fr.geoeduc.core.testing.TestPlatform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The national géolocalisation of collèges × the 2018 commune polygons of ../shared/data/geometry (skipped when absent):
 * the commune each collège falls in, compared with the commune its row states after the COG history; the counts are
 * checked against a plain loop over every polygon (no index).
 */
class JoinSpatialRealFilesTest {

    @TempDir
    Path dir;

    @Test
    void collegesFallInTheir2018CommunesAndMismatchesAreListed() throws Exception {
        Path colleges = SharedData.file("national/fr-en-adresse-et-geolocalisation-colleges-2024.csv");
        Path communesDir = SharedData.file("geometry/departements.geojson").resolveSibling("communes-2018");
        ObjectNode all = Json.MAPPER.createObjectNode().put("type", "FeatureCollection");
        ArrayNode features = all.putArray("features");
        try (Stream<Path> files = Files.list(communesDir)) {
            for (Path f : files.sorted().toList()) {
                JsonNode fc = Json.MAPPER.readTree(f.toFile());
                fc.get("features").forEach(features::add);
            }
        }
        Path communes = dir.resolve("communes-2018.geojson");
        Json.MAPPER.writeValue(communes.toFile(), all);

        try (TestPlatform p = new TestPlatform(dir)) {
            try (InputStream in = JoinSpatialRealFilesTest.class.getResourceAsStream("/referentiel/cog-mouvements-35-extrait.csv")) {
                Files.copy(in, dir.resolve("mvt.csv"));
            }
            p.referentiels.loadCommuneEvents(dir.resolve("mvt.csv"));
            p.ingest(communes, "communes-2018");
            p.ingest(colleges, "geoloc-colleges");
            SpatialSpec spec = new SpatialSpec("geoloc-colleges", "communes-2018", "position", null, List.of("code", "nom"),
                    KeyPair.parse("code_commune=code", true), 0, false, "colleges-communes-2018", null, 0);
            JoinService.Outcome o = new JoinService(new QueryService(p.store), p.store).run(Caller.INTERNAL, spec, ProgressListener.NONE);

            List<Map<String, Object>> polygons = Rows.read(p.store, p.store.latest("communes-2018").orElseThrow());
            assertThat(polygons).hasSize(features.size()).hasSizeGreaterThan(35_000);
            List<Map<String, Object>> rows = Rows.read(p.store, o.version());
            GeometryFactory gf = new GeometryFactory();
            Geometry[] shapes = polygons.stream().map(m -> (Geometry) m.get("geo_shape")).toArray(Geometry[]::new);
            String[] codes = polygons.stream().map(m -> (String) m.get("code")).toArray(String[]::new);
            long inside = 0;
            long noPosition = 0;
            for (Map<String, Object> r : rows) {
                if (!(r.get("position") instanceof GeoPoint pt)) {
                    noPosition++;
                    continue;
                }
                var point = gf.createPoint(new Coordinate(pt.lon(), pt.lat()));
                String first = null;
                for (int k = 0; k < shapes.length; k++) { // the plain loop: every polygon, in the dataset's order
                    if (shapes[k].getEnvelopeInternal().covers(point.getCoordinate()) && shapes[k].covers(point)) {
                        first = codes[k];
                        break;
                    }
                }
                if (first != null) {
                    inside++;
                }
                assertThat(r.get("code")).as("commune of %s", r.get("numero_uai")).isEqualTo(first);
            }
            assertThat(rows).hasSize(7654);
            assertThat(o.stats().matched()).isEqualTo(inside).isGreaterThan(7000);
            assertThat(o.stats().outcome(SpatialEngine.NO_POSITION)).isEqualTo(noPosition);
            assertThat(o.stats().unmatchedLeft()).isEqualTo(rows.size() - inside);
            // mismatches are listed with their row and stated code; each differs after the history
            long different = rows.stream().filter(r -> r.get("jointure_controle") instanceof String s && s.startsWith("différente")).count();
            assertThat(o.stats().outcome(SpatialEngine.CHECK_DIFFERENT)).isEqualTo(different);
            assertThat(o.stats().outcome(SpatialEngine.CHECK_SAME) + different)
                    .isEqualTo(rows.stream().filter(r -> r.get("jointure_controle") != null).count());
            assertThat(o.stats().outcome(SpatialEngine.CHECK_SAME)).isGreaterThan(6000);
            // a collège of a commune nouvelle of 35 created after 2018 is conforme through the history
            assertThat(rows).anySatisfy(r -> assertThat((String) r.get("jointure_controle")).startsWith("conforme (fusion 35"));
            System.out.printf("collèges %d, dans un polygone %d, sans position %d, commune différente %d, conforme %d%n", rows.size(),
                    inside, noPosition, different, o.stats().outcome(SpatialEngine.CHECK_SAME));
        }
    }
}
