package fr.geoeduc.core.query.cql2;

import fr.geoeduc.core.engine.Column;
import fr.geoeduc.core.engine.Snapshot;
import fr.geoeduc.core.model.DatasetVersion;
import fr.geoeduc.core.model.Field;
import fr.geoeduc.core.model.FieldType;
import fr.geoeduc.core.model.GeoPoint;
import fr.geoeduc.core.model.Schema;
import fr.geoeduc.core.query.exec.Compiler;
import fr.geoeduc.core.query.exec.QueryContext;
import fr.geoeduc.core.query.odsql.Expr;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.text.Normalizer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * CQL2 filters run by the engine's compiler on a generated snapshot (with nulls in every field, values on the bounds of
 * the ranges and boxes), each answer checked against a plain three-valued evaluation of the same filter on the rows.
 */
class Cql2ExecutionTest {

    record Row(String nom, Long effectif, Double ips, LocalDate ouverture, Instant maj, Boolean ulis, GeoPoint position, String secteur) {
    }

    static final String[] NOMS = {"Collège Jean Moulin", "COLLEGE JEAN MOULIN", "collège jean moulin", "Lycée Victor Hugo",
            "Lycée l'Oiseau", "École Saint-Étienne", "ecole saint-etienne", "100% Réussite", "Lyc_e", "Lycee", "Straße", null};
    static final Instant MAJ = Instant.parse("2024-06-30T12:00:00Z");
    static List<Row> rows;
    static Snapshot snapshot;

    @BeforeAll
    static void generate() {
        Random r = new Random(18);
        rows = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            GeoPoint p = r.nextInt(10) == 0 ? null
                    : i % 50 == 1 ? new GeoPoint(48.0, 2.0)                       // on the corner of the test box
                    : i % 50 == 2 ? new GeoPoint(48.5, 3.0)                       // on its east edge
                    : i % 50 == 3 ? new GeoPoint(-15, 179.5)                      // beyond the antimeridian box's west
                    : new GeoPoint(-80 + r.nextDouble() * 160, -180 + r.nextDouble() * 360);
            if (i % 7 == 0 && p != null) {
                p = new GeoPoint(47 + r.nextDouble() * 3, 1 + r.nextDouble() * 3);
            }
            rows.add(new Row(NOMS[r.nextInt(NOMS.length)],
                    r.nextInt(8) == 0 ? null : (long) (r.nextInt(7) * 50 + 100),
                    r.nextInt(9) == 0 ? null : i % 11 == 0 ? 90.0 : i % 13 == 0 ? 110.0 : 60 + r.nextInt(80) + 0.5,
                    r.nextInt(6) == 0 ? null : LocalDate.of(1960, 1, 1).plusDays(r.nextInt(25_000)),
                    r.nextInt(6) == 0 ? null : i % 9 == 0 ? MAJ : MAJ.plusSeconds(r.nextInt(2_000_000) - 1_000_000),
                    r.nextInt(5) == 0 ? null : r.nextBoolean(),
                    p,
                    r.nextInt(7) == 0 ? null : r.nextBoolean() ? "Public" : "Privé"));
        }
        Map<String, FieldType> fields = new LinkedHashMap<>();
        fields.put("nom", FieldType.TEXT);
        fields.put("effectif", FieldType.INT);
        fields.put("ips", FieldType.DOUBLE);
        fields.put("ouverture", FieldType.DATE);
        fields.put("maj", FieldType.DATETIME);
        fields.put("ulis", FieldType.BOOLEAN);
        fields.put("position", FieldType.GEO_POINT_2D);
        fields.put("secteur", FieldType.TEXT);
        List<Field> schema = new ArrayList<>();
        Column[] columns = new Column[fields.size()];
        int c = 0;
        for (Map.Entry<String, FieldType> f : fields.entrySet()) {
            schema.add(Field.derived(f.getKey(), f.getKey(), f.getValue(), null));
            int k = c;
            List<Object> values = new ArrayList<>();
            for (Row row : rows) {
                values.add(switch (k) {
                    case 0 -> row.nom();
                    case 1 -> row.effectif();
                    case 2 -> row.ips();
                    case 3 -> row.ouverture();
                    case 4 -> row.maj();
                    case 5 -> row.ulis();
                    case 6 -> row.position();
                    default -> row.secteur();
                });
            }
            columns[c++] = Column.build(f.getValue(), values);
        }
        DatasetVersion version = new DatasetVersion("etablissements", 1, Instant.parse("2026-01-01T00:00:00Z"), rows.size(),
                new Schema(schema), null, null);
        snapshot = new Snapshot(version, columns, rows.size());
    }

    static int[] run(Expr e) {
        Compiler compiler = new Compiler(snapshot, new QueryContext("filter", Locale.FRENCH, ZoneOffset.UTC));
        return compiler.matches(compiler.filter(e));
    }

    /** The rows where the oracle says TRUE (null is unknown, excluded). */
    static int[] expected(Function<Row, Boolean> oracle) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            if (Boolean.TRUE.equals(oracle.apply(rows.get(i)))) {
                out.add(i);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    static void check(String text, Function<Row, Boolean> oracle) {
        int[] want = expected(oracle);
        assertThat(run(Cql2.parseText(text, UnaryOperator.identity()))).as(text).containsExactly(want);
        assertThat(want.length).as("%s selects some rows but not all (a meaningful check)", text).isBetween(1, rows.size() - 1);
    }

    // ---------------------------------------------------------------- three-valued helpers of the oracle

    static Boolean not(Boolean b) {
        return b == null ? null : !b;
    }

    static Boolean and(Boolean a, Boolean b) {
        if (Boolean.FALSE.equals(a) || Boolean.FALSE.equals(b)) {
            return false;
        }
        return a == null || b == null ? null : true;
    }

    static Boolean or(Boolean a, Boolean b) {
        if (Boolean.TRUE.equals(a) || Boolean.TRUE.equals(b)) {
            return true;
        }
        return a == null || b == null ? null : false;
    }

    static <T> Boolean test(T v, java.util.function.Predicate<T> p) {
        return v == null ? null : p.test(v);
    }

    /** SQL LIKE by backtracking over characters (independent of the engine's regular expression). */
    static boolean like(String s, String pattern) {
        return like(s, 0, pattern, 0);
    }

    private static boolean like(String s, int i, String p, int j) {
        if (j == p.length()) {
            return i == s.length();
        }
        char c = p.charAt(j);
        if (c == '%') {
            for (int k = i; k <= s.length(); k++) {
                if (like(s, k, p, j + 1)) {
                    return true;
                }
            }
            return false;
        }
        if (i == s.length()) {
            return false;
        }
        if (c == '\\' && j + 1 < p.length()) {
            return s.charAt(i) == p.charAt(j + 1) && like(s, i + 1, p, j + 2);
        }
        return (c == '_' || s.charAt(i) == c) && like(s, i + 1, p, j + 1);
    }

    static String noAccents(String s) {
        StringBuilder out = new StringBuilder();
        for (char c : Normalizer.normalize(s, Normalizer.Form.NFD).toCharArray()) {
            if (Character.getType(c) != Character.NON_SPACING_MARK) {
                out.append(c);
            }
        }
        return out.toString();
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT).replace("ß", "ss");
    }

    // ---------------------------------------------------------------- tests

    @Test
    void comparisonsAndThreeValuedLogic() {
        check("effectif > 300", r -> test(r.effectif(), e -> e > 300));
        check("effectif <= 200 OR secteur = 'Public'", r -> or(test(r.effectif(), e -> e <= 200), test(r.secteur(), "Public"::equals)));
        check("NOT effectif > 300", r -> not(test(r.effectif(), e -> e > 300)));
        check("NOT (effectif > 300 OR secteur = 'Public')", r -> not(or(test(r.effectif(), e -> e > 300), test(r.secteur(), "Public"::equals))));
        check("NOT (effectif > 300 AND secteur <> 'Public')", r -> not(and(test(r.effectif(), e -> e > 300), test(r.secteur(), s -> !s.equals("Public")))));
        check("effectif = 250 AND NOT NOT ulis = TRUE", r -> and(test(r.effectif(), e -> e == 250), test(r.ulis(), u -> u)));
        check("NOT ulis = FALSE", r -> not(test(r.ulis(), u -> !u)));
        check("effectif IS NULL", r -> r.effectif() == null);
        check("NOT effectif IS NULL AND secteur IS NOT NULL", r -> r.effectif() != null && r.secteur() != null);
        check("TRUE AND ips < 100.5", r -> test(r.ips(), d -> d < 100.5));
        check("NOT (FALSE OR ips >= 120)", r -> not(test(r.ips(), d -> d >= 120)));
    }

    @Test
    void likeMatchesTheWholeStringWithEscapes() {
        check("nom LIKE 'Lyc%'", r -> test(r.nom(), s -> s.startsWith("Lyc")));
        check("nom LIKE 'Lyc_e%'", r -> test(r.nom(), s -> like(s, "Lyc_e%")));
        check("nom LIKE 'Lyc\\_e'", r -> test(r.nom(), "Lyc_e"::equals));
        check("nom LIKE '100\\% %'", r -> test(r.nom(), s -> s.startsWith("100% ")));
        check("nom LIKE '%Moulin'", r -> test(r.nom(), s -> s.endsWith("Moulin")));
        check("nom NOT LIKE '%e%'", r -> test(r.nom(), s -> !s.contains("e")));
        check("nom LIKE 'Lycée l''%'", r -> test(r.nom(), s -> s.startsWith("Lycée l'")));
        // a word inside the text does not match a whole-string pattern (ODSQL's LIKE would)
        assertThat(run(Cql2.parseText("nom LIKE 'Moulin'", null))).isEmpty();
    }

    @Test
    void caseAndAccentInsensitiveComparisons() {
        check("CASEI(nom) = CASEI('collège JEAN moulin')", r -> test(r.nom(), s -> lower(s).equals("collège jean moulin")));
        check("CASEI(nom) LIKE CASEI('%JEAN%')", r -> test(r.nom(), s -> lower(s).contains("jean")));
        check("ACCENTI(CASEI(nom)) LIKE ACCENTI(CASEI('%SAINT-ÉTIENNE%'))", r -> test(r.nom(), s -> noAccents(lower(s)).contains("saint-etienne")));
        check("ACCENTI(nom) = 'Ecole Saint-Etienne'", r -> test(r.nom(), s -> noAccents(s).equals("Ecole Saint-Etienne")));
        check("CASEI(nom) = CASEI('STRASSE')", r -> test(r.nom(), "Straße"::equals));
        check("CASEI(nom) IN (CASEI('LYCEE'), CASEI('lyc_e'))", r -> test(r.nom(), s -> lower(s).equals("lycee") || lower(s).equals("lyc_e")));
        check("NOT CASEI(nom) LIKE 'coll%'", r -> test(r.nom(), s -> !lower(s).startsWith("coll")));
    }

    @Test
    void betweenAndInListsIncludeTheirBounds() {
        check("ips BETWEEN 90 AND 110", r -> test(r.ips(), d -> d >= 90 && d <= 110));
        check("ips NOT BETWEEN 90 AND 110", r -> test(r.ips(), d -> d < 90 || d > 110));
        check("effectif IN (100, 200, 300)", r -> test(r.effectif(), e -> e == 100 || e == 200 || e == 300));
        check("secteur NOT IN ('Public')", r -> test(r.secteur(), s -> !s.equals("Public")));
        check("nom IN ('Lycée l''Oiseau', 'Lycee')", r -> test(r.nom(), s -> s.equals("Lycée l'Oiseau") || s.equals("Lycee")));
    }

    @Test
    void datesAndTimestamps() {
        LocalDate y2k = LocalDate.of(2000, 1, 1);
        check("ouverture >= DATE('2000-01-01')", r -> test(r.ouverture(), d -> !d.isBefore(y2k)));
        LocalDate some = rows.stream().map(Row::ouverture).filter(java.util.Objects::nonNull).findFirst().orElseThrow();
        check("ouverture = DATE('" + some + "')", r -> test(r.ouverture(), some::equals));
        check("ouverture <> DATE('" + some + "')", r -> test(r.ouverture(), d -> !d.equals(some)));
        check("maj < TIMESTAMP('2024-06-30T12:00:00Z')", r -> test(r.maj(), t -> t.isBefore(MAJ)));
        check("maj = TIMESTAMP('2024-06-30T12:00:00Z')", r -> test(r.maj(), MAJ::equals));
        check("maj >= TIMESTAMP('2024-06-30T14:00:00+02:00')", r -> test(r.maj(), t -> !t.isBefore(MAJ)));
        check("maj BETWEEN TIMESTAMP('2024-06-25T00:00:00Z') AND TIMESTAMP('2024-06-30T12:00:00Z')",
                r -> test(r.maj(), t -> !t.isBefore(Instant.parse("2024-06-25T00:00:00Z")) && !t.isAfter(MAJ)));
        check("NOT ouverture < DATE('2000-01-01')", r -> test(r.ouverture(), d -> !d.isBefore(y2k)));
    }

    @Test
    void spatialPredicates() {
        check("S_INTERSECTS(position, BBOX(2, 48, 3, 49))", r -> test(r.position(), p -> p.lon() >= 2 && p.lon() <= 3 && p.lat() >= 48 && p.lat() <= 49));
        check("S_INTERSECTS(position, BBOX(170, -60, -170, 60))",
                r -> test(r.position(), p -> (p.lon() >= 170 || p.lon() <= -170) && p.lat() >= -60 && p.lat() <= 60));
        check("S_INTERSECTS(position, POINT(2 48))", r -> test(r.position(), p -> p.lon() == 2 && p.lat() == 48));
        String triangle = "POLYGON((1 47, 4 47, 1 50, 1 47))";
        check("S_INTERSECTS(position, " + triangle + ")", r -> test(r.position(), p -> inTriangle(p, true)));
        check("S_WITHIN(position, " + triangle + ")", r -> test(r.position(), p -> inTriangle(p, false)));
        check("S_CONTAINS(" + triangle + ", position)", r -> test(r.position(), p -> inTriangle(p, false)));
        check("S_DISJOINT(position, " + triangle + ")", r -> test(r.position(), p -> !inTriangle(p, true)));
        check("NOT S_INTERSECTS(position, " + triangle + ")", r -> test(r.position(), p -> !inTriangle(p, true)));
        check("S_EQUALS(position, POINT(2 48))", r -> test(r.position(), p -> p.lon() == 2 && p.lat() == 48));
        check("S_TOUCHES(position, BBOX(2, 48, 3, 49))", r -> test(r.position(), p -> (p.lon() == 2 || p.lon() == 3) && p.lat() >= 48 && p.lat() <= 49
                || (p.lat() == 48 || p.lat() == 49) && p.lon() >= 2 && p.lon() <= 3));
        GeoPoint centre = new GeoPoint(48.5, 2.5);
        check("S_DWITHIN(position, POINT(2.5 48.5), 40, kilometers)", r -> test(r.position(), p -> p.distanceTo(centre) <= 40_000));
        // a point literal contains only itself; a point property never contains a polygon
        assertThat(run(Cql2.parseText("S_CONTAINS(position, " + triangle + ")", null))).isEmpty();
    }

    static boolean inTriangle(GeoPoint p, boolean boundary) {
        // the triangle (1 47), (4 47), (1 50): x ≥ 1, y ≥ 47, x + y ≤ 51
        double x = p.lon();
        double y = p.lat();
        return boundary ? x >= 1 && y >= 47 && x + y <= 51 : x > 1 && y > 47 && x + y < 51;
    }

    @Test
    void textAndJsonSelectTheSameRows() {
        for (String[] pair : Cql2JsonParserTest.PAIRS) {
            Expr text = rename(Cql2.parseText(pair[0], null));
            Expr json = rename(Cql2.parseJson(pair[1], null));
            if (Cql2.properties(text).stream().allMatch(p -> snapshot.fieldIndex(p) >= 0)) {
                assertThat(run(json)).as(pair[1]).containsExactly(run(text));
            }
        }
        String text = "NOT (CASEI(nom) LIKE CASEI('%jean%') OR effectif IN (100, 150)) AND S_INTERSECTS(position, BBOX(-10, -50, 60, 50))";
        String json = "{\"op\":\"and\",\"args\":[{\"op\":\"not\",\"args\":[{\"op\":\"or\",\"args\":[{\"op\":\"like\",\"args\":[{\"op\":\"casei\","
                + "\"args\":[{\"property\":\"nom\"}]},{\"op\":\"casei\",\"args\":[\"%jean%\"]}]},{\"op\":\"in\",\"args\":[{\"property\":\"effectif\"},"
                + "[100,150]]}]}]},{\"op\":\"s_intersects\",\"args\":[{\"property\":\"position\"},{\"bbox\":[-10,-50,60,50]}]}]}";
        int[] rowsOfText = run(Cql2.parseText(text, null));
        assertThat(rowsOfText.length).isBetween(1, rows.size() - 1);
        assertThat(run(Cql2.parseJson(json, null))).containsExactly(rowsOfText);
    }

    /** The spec examples' property names mapped onto the generated snapshot's fields. */
    static Expr rename(Expr e) {
        Map<String, String> names = Map.of("type_etablissement", "nom", "nombre_eleves", "effectif", "statut", "secteur",
                "code_departement", "secteur", "commune", "nom", "date_fermeture", "ouverture", "geometry", "position",
                "date_ouverture", "ouverture", "g", "position", "a", "effectif");
        return switch (e) {
            case Expr.FieldRef f -> new Expr.FieldRef(names.getOrDefault(f.name(), f.name()), f.position());
            case Expr.Binary b -> new Expr.Binary(b.op(), rename(b.left()), rename(b.right()), b.position());
            case Expr.Not n -> new Expr.Not(rename(n.operand()), n.position());
            case Expr.Call c -> new Expr.Call(c.name(), c.args().stream().map(Cql2ExecutionTest::rename).toList(), c.named(), c.distinct(), c.position());
            case Expr.InList in -> new Expr.InList(rename(in.target()), in.values(), in.position());
            case Expr.InRange r -> new Expr.InRange(rename(r.target()), r.low(), r.lowInclusive(), r.high(), r.highInclusive(), r.position());
            case Expr.IsNull n -> new Expr.IsNull(rename(n.target()), n.negated(), n.position());
            default -> e;
        };
    }

    @Test
    void bboxAndDatetimeParameters() {
        int[] box = run(Cql2.bbox("position", 2, 48, 3, 49));
        assertThat(box).containsExactly(expected(r -> r.position() == null
                || r.position().lon() >= 2 && r.position().lon() <= 3 && r.position().lat() >= 48 && r.position().lat() <= 49));
        int[] across = run(Cql2.bbox("position", 170, -60, -170, 60));
        assertThat(across).containsExactly(expected(r -> r.position() == null
                || (r.position().lon() >= 170 || r.position().lon() <= -170) && r.position().lat() >= -60 && r.position().lat() <= 60));
        assertThat(across.length).isGreaterThan(expected(r -> r.position() == null).length);
        assertThatThrownBy(() -> Cql2.bbox("position", 2, 49, 3, 48)).isInstanceOfSatisfying(Cql2Exception.class,
                e -> assertThat(e.clause()).isEqualTo("bbox"));
        assertThatThrownBy(() -> Cql2.bbox("position", 2, 48, 3, 91)).isInstanceOf(Cql2Exception.class).hasMessageContaining("latitudes");

        LocalDate some = rows.stream().map(Row::ouverture).filter(java.util.Objects::nonNull).findFirst().orElseThrow();
        assertThat(run(Cql2.datetime("ouverture", some.toString()))).containsExactly(expected(r -> r.ouverture() == null || r.ouverture().equals(some)));
        assertThat(run(Cql2.datetime("ouverture", "1990-01-01/2000-12-31"))).containsExactly(expected(r -> r.ouverture() == null
                || !r.ouverture().isBefore(LocalDate.of(1990, 1, 1)) && !r.ouverture().isAfter(LocalDate.of(2000, 12, 31))));
        assertThat(run(Cql2.datetime("ouverture", "../1990-01-01"))).containsExactly(expected(r -> r.ouverture() == null
                || !r.ouverture().isAfter(LocalDate.of(1990, 1, 1))));
        assertThat(run(Cql2.datetime("maj", "2024-06-30T12:00:00Z/"))).containsExactly(expected(r -> r.maj() == null || !r.maj().isBefore(MAJ)));
        assertThat(run(Cql2.datetime("maj", "2024-06-30T12:00:00Z"))).containsExactly(expected(r -> r.maj() == null || r.maj().equals(MAJ)));
        assertThat(run(Cql2.datetime("maj", "2024-06-30/2024-06-30"))).containsExactly(expected(r -> r.maj() == null
                || r.maj().atZone(ZoneOffset.UTC).toLocalDate().equals(LocalDate.of(2024, 6, 30))));
        assertThat(run(Cql2.datetime("maj", "../.."))).hasSize(rows.size());
        for (String bad : new String[]{"hier", "2024-13-01", "2024-06-30T12:00:00", "2024/2023/2022", "2025-01-01/2024-01-01", "..", ""}) {
            assertThatThrownBy(() -> Cql2.datetime("maj", bad)).as(bad).isInstanceOfSatisfying(Cql2Exception.class,
                    e -> assertThat(e.clause()).isEqualTo("datetime"));
        }
    }

    @Test
    void errorsOfTheTreeAgainstTheSnapshotComeFromTheCompiler() {
        assertThatThrownBy(() -> run(Cql2.parseText("inconnu = 1", null))).hasMessageContaining("Unknown field: inconnu");
        assertThatThrownBy(() -> run(Cql2.parseText("S_INTERSECTS(nom, POINT(2 48))", null))).hasMessageContaining("not a geo_point_2d or geo_shape");
        assertThat(Cql2.properties(Cql2.parseText("NOT (nom = 'x' OR S_INTERSECTS(position, POINT(2 48)))", null)))
                .containsExactly("nom", "position");
        assertThat(Arrays.stream(run(Cql2.parseText("nom = 'Lycee'", null))).mapToObj(i -> rows.get(i).nom())).containsOnly("Lycee");
    }
}
