package fr.geoeduc.core.query;

import fr.geoeduc.core.model.GeoPoint;
import fr.geoeduc.core.query.exec.QueryContext;
import fr.geoeduc.core.query.exec.QueryEngine;
import fr.geoeduc.core.query.odsql.OdsqlException;
import fr.geoeduc.core.testing.SharedData;
import fr.geoeduc.core.testing.TestPlatform;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The query engine on the real annuaire of Ille-et-Vilaine (996 rows), answers checked against the file. */
class QueryEngineTest {

    static TestPlatform platform;
    static QueryService queries;
    static final String ANNUAIRE = "fr-en-annuaire-education";

    @BeforeAll
    static void load() throws Exception {
        Path dir = Files.createTempDirectory("geoeduc-query");
        platform = new TestPlatform(dir);
        platform.ingest(SharedData.file("ille-et-vilaine/fr-en-annuaire-education.csv"), ANNUAIRE);
        queries = new QueryService(platform.store);
    }

    @AfterAll
    static void close() {
        if (platform != null) {
            platform.close();
        }
    }

    static QueryEngine.Result run(String select, String where, String groupBy, String orderBy, int limit, int offset, List<String> refine) {
        return queries.records(Caller.INTERNAL, ANNUAIRE, new QueryEngine.Request(select, where == null ? List.of() : List.of(where),
                groupBy, orderBy, limit, offset, refine, List.of(), new QueryContext("where", Locale.FRENCH, ZoneOffset.UTC))).orElseThrow();
    }

    @Test
    void uaiLookupAndTextEquality() {
        QueryEngine.Result r = run(null, "identifiant_de_l_etablissement=\"0352072M\"", null, null, 10, 0, List.of());
        assertThat(r.totalCount()).isEqualTo(2);
        assertThat(r.rows()).allSatisfy(row -> assertThat(row.get("identifiant_de_l_etablissement")).isEqualTo("0352072M"));
        assertThat(r.rows().get(0).get("position")).isInstanceOf(GeoPoint.class);
        QueryEngine.Result ids = run("_id, identifiant_de_l_etablissement", "identifiant_de_l_etablissement=\"0352072M\"", null, null, 10, 0, List.of());
        String id = (String) ids.rows().get(0).get("_id");
        assertThat(id).hasSize(40).isNotEqualTo(ids.rows().get(1).get("_id"));
        assertThat(queries.record(Caller.INTERNAL, ANNUAIRE, id).orElseThrow()).containsEntry("identifiant_de_l_etablissement", "0352072M");
    }

    @Test
    void spatialIndexAnswersExactlyAsAFullScanOnRandomBoxesDiscsAndPolygons() {
        List<GeoPoint> points = run("position", null, null, null, -1, 0, List.of()).rows().stream()
                .map(m -> m.get("position")).filter(GeoPoint.class::isInstance).map(GeoPoint.class::cast).toList();
        java.util.Random random = new java.util.Random(35);
        for (int i = 0; i < 40; i++) {
            double lat1 = 47.6 + random.nextDouble() * 1.2;
            double lon1 = -2.3 + random.nextDouble() * 1.6;
            double lat2 = lat1 + random.nextDouble() * 0.4;
            double lon2 = lon1 + random.nextDouble() * 0.5;
            long box = points.stream().filter(p -> p.lat() >= lat1 && p.lat() <= lat2 && p.lon() >= lon1 && p.lon() <= lon2).count();
            assertThat(run(null, String.format(Locale.ROOT, "in_bbox(position, %f, %f, %f, %f)", lat2, lon2, lat1, lon1), null, null, 0, 0, List.of())
                    .totalCount()).as("box %d", i).isEqualTo(box);
            GeoPoint centre = new GeoPoint(lat1, lon1);
            double metres = 200 + random.nextDouble() * 20_000;
            long disc = points.stream().filter(p -> p.distanceTo(centre) <= metres).count();
            assertThat(run(null, String.format(Locale.ROOT, "within_distance(position, geom'POINT(%f %f)', %fm)", lon1, lat1, metres),
                    null, null, 0, 0, List.of()).totalCount()).as("disc %d", i).isEqualTo(disc);
            org.locationtech.jts.geom.GeometryFactory gf = new org.locationtech.jts.geom.GeometryFactory();
            org.locationtech.jts.geom.Polygon triangle = gf.createPolygon(new org.locationtech.jts.geom.Coordinate[]{
                    new org.locationtech.jts.geom.Coordinate(lon1, lat1), new org.locationtech.jts.geom.Coordinate(lon2, lat1),
                    new org.locationtech.jts.geom.Coordinate(lon1, lat2), new org.locationtech.jts.geom.Coordinate(lon1, lat1)});
            long inside = points.stream().filter(p -> triangle.intersects(gf.createPoint(new org.locationtech.jts.geom.Coordinate(p.lon(), p.lat()))))
                    .count();
            String wkt = new org.locationtech.jts.io.WKTWriter().write(triangle);
            assertThat(run(null, "intersects(position, geom'" + wkt + "')", null, null, 0, 0, List.of()).totalCount())
                    .as("triangle %d", i).isEqualTo(inside);
            assertThat(run(null, "disjoint(position, geom'" + wkt + "')", null, null, 0, 0, List.of()).totalCount())
                    .as("outside triangle %d", i).isEqualTo(points.size() - inside);
        }
    }

    @Test
    void countsGroupsAndAggregates() {
        QueryEngine.Result all = run(null, null, null, null, 0, 0, List.of());
        assertThat(all.totalCount()).isEqualTo(996);
        QueryEngine.Result byType = run("type_etablissement, count(*) as n, avg(nombre_d_eleves) as moyenne", null,
                "type_etablissement", "n DESC", 100, 0, List.of());
        assertThat(byType.rows().get(0)).containsEntry("type_etablissement", "Ecole");
        long total = byType.rows().stream().mapToLong(m -> (Long) m.get("n")).sum();
        assertThat(total).isEqualTo(996);
        QueryEngine.Result count = run("count(*)", "type_etablissement='Collège'", null, null, 10, 0, List.of());
        assertThat(count.rows()).singleElement().satisfies(m -> assertThat((Long) m.get("count(*)")).isPositive());
    }

    @Test
    void geoSearchLikeAndRefine() {
        QueryEngine.Result near = run("nom_etablissement, distance(position, geom'POINT(-1.6778 48.1173)') as d",
                "within_distance(position, geom'POINT(-1.6778 48.1173)', 1km)", null, "d ASC", 100, 0, List.of());
        assertThat(near.totalCount()).isPositive();
        assertThat(near.rows()).allSatisfy(m -> assertThat((Double) m.get("d")).isLessThanOrEqualTo(1000.0));
        QueryEngine.Result all = run("position", null, null, null, -1, 0, List.of());
        GeoPoint centre = new GeoPoint(48.1173, -1.6778);
        for (double km : new double[]{0.5, 2, 15}) {
            long brute = all.rows().stream().filter(m -> m.get("position") instanceof GeoPoint p && p.distanceTo(centre) <= km * 1000).count();
            assertThat(run(null, "within_distance(position, geom'POINT(-1.6778 48.1173)', " + km + "km)", null, null, 0, 0, List.of())
                    .totalCount()).as("within %s km", km).isEqualTo(brute);
        }
        QueryEngine.Result box = run(null, "in_bbox(position, 48.0, -1.8, 48.2, -1.6)", null, null, 0, 0, List.of());
        assertThat(box.totalCount()).isBetween(near.totalCount(), 996L);
        QueryEngine.Result lycees = run(null, "libelle_nature like \"*LYCEE*\"", null, null, 0, 0, List.of());
        assertThat(lycees.totalCount()).isPositive();
        QueryEngine.Result search = run(null, "search(nom_etablissement, \"chateaubriand\")", null, null, 100, 0, List.of());
        assertThat(search.rows()).isNotEmpty().allSatisfy(m -> assertThat(m.get("nom_etablissement").toString().toLowerCase()).contains("chateaubriand"));
        QueryEngine.Result refined = run(null, null, null, null, 0, 0, List.of("type_etablissement:Collège", "type_etablissement:\"Lycée\""));
        QueryEngine.Result either = run(null, "type_etablissement IN ('Collège', 'Lycée')", null, null, 0, 0, List.of());
        assertThat(refined.totalCount()).isEqualTo(either.totalCount()).isPositive();
    }

    @Test
    void errorsNameTheClause() {
        assertThatThrownBy(() -> run(null, "nope = 1", null, null, 10, 0, List.of()))
                .isInstanceOf(OdsqlException.class).hasMessageContaining("Unknown field: nope").hasMessageContaining("where");
        assertThatThrownBy(() -> run(null, null, "position", null, 10, 0, List.of()))
                .isInstanceOf(OdsqlException.class).hasMessageContaining("geo_cluster");
        assertThatThrownBy(() -> run("nom_etablissement, count(*)", null, null, null, 10, 0, List.of()))
                .isInstanceOf(OdsqlException.class).hasMessageContaining("group_by");
        Map<String, Object> any = run(null, null, null, null, 1, 0, List.of()).rows().get(0);
        assertThat(any).containsKey("identifiant_de_l_etablissement");
    }
}
