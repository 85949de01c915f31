package fr.geoeduc.core.query;

import fr.geoeduc.core.access.Caller;
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

/**
 * The query engine on the annuaire of Ille-et-Vilaine (the real file, or a generated one without ../shared/data), answers
 * checked against the file.
 */
class QueryEngineTest {

    static TestPlatform platform;
    static QueryService queries;
    static final String ANNUAIRE = "fr-en-annuaire-education";
    static long fileRows;

    @BeforeAll
    static void load() throws Exception {
        Path dir = Files.createTempDirectory("geoeduc-query");
        platform = new TestPlatform(dir);
        Path file = SharedData.annuaire(dir);
        fileRows = SharedData.rows(file);
        platform.ingest(file, ANNUAIRE);
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
        assertThat(all.totalCount()).isEqualTo(fileRows);
        QueryEngine.Result byType = run("type_etablissement, count(*) as n, avg(nombre_d_eleves) as moyenne", null,
                "type_etablissement", "n DESC", 100, 0, List.of());
        assertThat(byType.rows().get(0)).containsEntry("type_etablissement", "Ecole");
        long total = byType.rows().stream().mapToLong(m -> (Long) m.get("n")).sum();
        assertThat(total).isEqualTo(fileRows);
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
        assertThat(box.totalCount()).isBetween(near.totalCount(), fileRows);
        QueryEngine.Result lycees = run(null, "libelle_nature like \"*LYCEE*\"", null, null, 0, 0, List.of());
        assertThat(lycees.totalCount()).isPositive();
        QueryEngine.Result search = run(null, "search(nom_etablissement, \"chateaubriand\")", null, null, 100, 0, List.of());
        assertThat(search.rows()).isNotEmpty().allSatisfy(m -> assertThat(m.get("nom_etablissement").toString().toLowerCase()).contains("chateaubriand"));
        QueryEngine.Result refined = run(null, null, null, null, 0, 0, List.of("type_etablissement:Collège", "type_etablissement:\"Lycée\""));
        QueryEngine.Result either = run(null, "type_etablissement IN ('Collège', 'Lycée')", null, null, 0, 0, List.of());
        assertThat(refined.totalCount()).isEqualTo(either.totalCount()).isPositive();
    }

    @Test
    void aSearchInOneFieldAnswersAsTheSearchOfEachRowWhetherItMatchesFewOrManyRows() {
        // one field is searched per dictionary value (rows counted from the value index; a search matching many rows is
        // tested row by row up to the end of the page); the same field named twice goes through the search of several
        // fields, which lists every matching row: both must give the same rows, totals, pages and counts
        List<String> texts = List.of("ecole", "ecole elementaire", "college", "chateaubriand", "jean", "ecloe", "mat", "publique", "zzzz");
        for (String text : texts) {
            for (String fn : List.of("search", "suggest")) {
                String one = fn + "(nom_etablissement, \"" + text + "\")";
                String twice = fn + "(nom_etablissement, nom_etablissement, \"" + text + "\")";
                QueryEngine.Result expected = run("_id", twice, null, null, -1, 0, List.of());
                QueryEngine.Result all = run("_id", one, null, null, -1, 0, List.of());
                assertThat(all.totalCount()).as(one).isEqualTo(expected.totalCount()).isEqualTo(expected.rows().size());
                assertThat(all.rows()).as(one).containsExactlyElementsOf(expected.rows());
                for (int[] page : new int[][]{{0, 20}, {40, 20}, {0, 1}, {(int) expected.totalCount() - 3, 10}}) {
                    int offset = Math.max(0, page[0]);
                    QueryEngine.Result p = run("_id", one, null, null, page[1], offset, List.of());
                    assertThat(p.totalCount()).as("%s offset %d", one, offset).isEqualTo(expected.totalCount());
                    assertThat(p.rows()).as("%s offset %d", one, offset).containsExactlyElementsOf(
                            expected.rows().subList(Math.min(offset, expected.rows().size()), Math.min(offset + page[1], expected.rows().size())));
                }
                Map<String, Object> count = run("count(*) as n", one, null, null, -1, 0, List.of()).rows().get(0);
                assertThat(count.get("n")).as(one).isEqualTo(expected.totalCount());
                QueryEngine.Result and = run("_id", one + " and statut_public_prive = \"Public\"", null, null, -1, 0, List.of());
                assertThat(and.rows()).as(one + " and …").containsExactlyElementsOf(
                        run("_id", twice + " and statut_public_prive = \"Public\"", null, null, -1, 0, List.of()).rows());
            }
        }
        // suggest() matches prefixes of the words, exactly: checked against the words of each row
        List<Map<String, Object>> rows = run("_id, nom_etablissement", null, null, null, -1, 0, List.of()).rows();
        for (String text : List.of("ecole", "ecole elem", "mat")) {
            List<String> stems = fr.geoeduc.core.engine.TextTokens.words(text, true);
            List<Object> brute = rows.stream().filter(r -> r.get("nom_etablissement") != null).filter(r -> {
                List<String> words = fr.geoeduc.core.engine.TextTokens.words(r.get("nom_etablissement").toString(), false);
                return stems.stream().allMatch(s -> words.stream().anyMatch(w -> w.startsWith(s)));
            }).map(r -> r.get("_id")).toList();
            assertThat(brute).as(text).isNotEmpty();
            assertThat(run("_id", "suggest(nom_etablissement, \"" + text + "\")", null, null, -1, 0, List.of()).rows())
                    .as(text).extracting(r -> r.get("_id")).containsExactlyElementsOf(brute);
        }
    }

    @Test
    void scansListTheMatchingRowsInRowOrderAndUngroupedAggregatesSeeTheSameRows() {
        List<Map<String, Object>> all = run("_id, nombre_d_eleves, statut_public_prive", null, null, null, -1, 0, List.of()).rows();
        assertThat(all).hasSize((int) fileRows);
        Map<String, java.util.function.Predicate<Map<String, Object>>> scans = new java.util.LinkedHashMap<>();
        scans.put("nombre_d_eleves > 100", r -> r.get("nombre_d_eleves") instanceof Long n && n > 100);
        scans.put("nombre_d_eleves is null", r -> r.get("nombre_d_eleves") == null);
        scans.put("statut_public_prive = \"Public\"", r -> "Public".equals(r.get("statut_public_prive")));
        scans.put("nombre_d_eleves < 0", r -> false);
        scans.put("nombre_d_eleves >= 0 or nombre_d_eleves is null", r -> true);
        scans.forEach((where, test) -> {
            List<Map<String, Object>> expected = all.stream().filter(test).toList();
            QueryEngine.Result matched = run("_id, nombre_d_eleves", where, null, null, -1, 0, List.of());
            assertThat(matched.totalCount()).as(where).isEqualTo(expected.size());
            assertThat(matched.rows()).as(where).extracting(r -> r.get("_id")).containsExactlyElementsOf(expected.stream().map(r -> r.get("_id")).toList());
            long sum = expected.stream().mapToLong(r -> r.get("nombre_d_eleves") instanceof Long n ? n : 0).sum();
            Map<String, Object> totals = run("count(*) as n, sum(nombre_d_eleves) as s", where, null, null, -1, 0, List.of()).rows().get(0);
            assertThat(totals.get("n")).as(where).isEqualTo((long) expected.size());
            if (expected.stream().anyMatch(r -> r.get("nombre_d_eleves") != null)) {
                assertThat(totals.get("s")).as(where).isEqualTo(sum);
            }
        });
        // the list of all rows is shared between queries without a filter: an ordered query must not reorder it
        run("_id", null, null, "nombre_d_eleves desc", -1, 0, List.of());
        assertThat(run("_id", null, null, null, -1, 0, List.of()).rows()).extracting(r -> r.get("_id"))
                .containsExactlyElementsOf(all.stream().map(r -> r.get("_id")).toList());
    }

    @Test
    void groupingByTextFieldsAnswersAsComputedFromTheRows() {
        // two text keys with nulls (dictionary-code grouping) and an integer field with nulls (unboxed aggregates)
        List<Map<String, Object>> rows = run("statut_public_prive, nom_circonscription, nombre_d_eleves", null, null, null, -1, 0, List.of()).rows();
        assertThat(rows).hasSize((int) fileRows);
        Map<List<Object>, List<Long>> expected = new java.util.LinkedHashMap<>();
        Map<List<Object>, Integer> counts = new java.util.HashMap<>();
        for (Map<String, Object> row : rows) {
            List<Object> key = java.util.Arrays.asList(row.get("statut_public_prive"), row.get("nom_circonscription"));
            counts.merge(key, 1, Integer::sum);
            List<Long> values = expected.computeIfAbsent(key, k -> new java.util.ArrayList<>());
            if (row.get("nombre_d_eleves") instanceof Long n) {
                values.add(n);
            }
        }
        assertThat(expected.keySet()).anySatisfy(k -> assertThat(k.get(0)).isNull()).anySatisfy(k -> assertThat(k.get(1)).isNull());

        String select = "statut_public_prive, nom_circonscription, count(*) as n, count(nombre_d_eleves) as c, sum(nombre_d_eleves) as s, "
                + "avg(nombre_d_eleves) as m, min(nombre_d_eleves) as lo, max(nombre_d_eleves) as hi, median(nombre_d_eleves) as med";
        QueryEngine.Result grouped = run(select, null, "statut_public_prive, nom_circonscription", null, -1, 0, List.of());
        assertThat(grouped.totalCount()).isEqualTo(expected.size());
        java.util.Comparator<Object> nullsLast = java.util.Comparator.nullsLast((a, b) -> ((String) a).compareTo((String) b));
        List<List<Object>> byKeys = expected.keySet().stream()
                .sorted(java.util.Comparator.comparing((List<Object> k) -> k.get(0), nullsLast).thenComparing(k -> k.get(1), nullsLast)).toList();
        assertThat(grouped.rows()).extracting(r -> java.util.Arrays.asList(r.get("statut_public_prive"), r.get("nom_circonscription")))
                .containsExactlyElementsOf(byKeys);
        for (Map<String, Object> r : grouped.rows()) {
            List<Object> key = java.util.Arrays.asList(r.get("statut_public_prive"), r.get("nom_circonscription"));
            List<Long> values = expected.get(key);
            assertThat(r.get("n")).as("%s", key).isEqualTo((long) counts.get(key));
            assertThat(r.get("c")).as("%s", key).isEqualTo((long) values.size());
            if (values.isEmpty()) {
                assertThat(r.get("s")).isNull();
                assertThat(r.get("m")).isNull();
                assertThat(r.get("lo")).isNull();
                continue;
            }
            long sum = values.stream().mapToLong(Long::longValue).sum();
            assertThat(r.get("s")).as("%s", key).isEqualTo(sum);
            assertThat((Double) r.get("m")).as("%s", key).isCloseTo((double) sum / values.size(), org.assertj.core.data.Offset.offset(1e-9));
            assertThat(r.get("lo")).isEqualTo(java.util.Collections.min(values));
            assertThat(r.get("hi")).isEqualTo(java.util.Collections.max(values));
            List<Long> sorted = values.stream().sorted().toList();
            double rank = 0.5 * (sorted.size() - 1);
            double median = sorted.get((int) Math.floor(rank)) + (sorted.get((int) Math.ceil(rank)) - sorted.get((int) Math.floor(rank))) * (rank - Math.floor(rank));
            assertThat((Double) r.get("med")).isCloseTo(median, org.assertj.core.data.Offset.offset(1e-9));
        }

        // ties of an ordering on an aggregate keep the order in which the groups first occur, as with any grouping
        List<List<Object>> byCountThenFirstSeen = expected.keySet().stream()
                .sorted(java.util.Comparator.comparing((List<Object> k) -> counts.get(k)).reversed()).toList();
        QueryEngine.Result ordered = run("statut_public_prive, nom_circonscription, count(*) as n", null, "statut_public_prive, nom_circonscription", "n desc", -1, 0, List.of());
        assertThat(ordered.rows()).extracting(r -> java.util.Arrays.asList(r.get("statut_public_prive"), r.get("nom_circonscription")))
                .containsExactlyElementsOf(byCountThenFirstSeen);

        // the same groups through an expression key (generic grouping) give the same counts
        QueryEngine.Result generic = run("lower(nom_circonscription) as k, count(*) as n", null, "lower(nom_circonscription) as k", null, -1, 0, List.of());
        Map<Object, Long> lowered = new java.util.HashMap<>();
        counts.forEach((k, n) -> lowered.merge(k.get(1) == null ? null : ((String) k.get(1)).toLowerCase(Locale.ROOT), (long) n, Long::sum));
        assertThat(generic.rows()).hasSize(lowered.size()).allSatisfy(r -> assertThat(r.get("n")).isEqualTo(lowered.get(r.get("k"))));
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
