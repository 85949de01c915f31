package fr.geoeduc.core.query.cql2;

import fr.geoeduc.core.query.odsql.Expr;
import fr.geoeduc.core.query.odsql.Expr.Binary;
import fr.geoeduc.core.query.odsql.Expr.Call;
import fr.geoeduc.core.query.odsql.Expr.FieldRef;
import fr.geoeduc.core.query.odsql.Expr.Literal;
import fr.geoeduc.core.query.odsql.Expr.LiteralKind;
import fr.geoeduc.core.query.odsql.OdsqlException;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.util.AffineTransformation;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** CQL2-Text → expression tree, construct by construct; positions and messages of errors. */
class Cql2TextParserTest {

    static Expr parse(String text) {
        return Cql2.parseText(text, UnaryOperator.identity());
    }

    @Test
    void comparisonsOfEveryOperatorWithCaseInsensitiveKeywordsAndCaseSensitiveNames() {
        String[][] ops = {{"=", "EQ"}, {"<>", "NE"}, {"<", "LT"}, {"<=", "LE"}, {">", "GT"}, {">=", "GE"}};
        for (String[] op : ops) {
            Expr e = parse("Nombre_Eleves " + op[0] + " 500");
            assertThat(e).isInstanceOfSatisfying(Binary.class, b -> {
                assertThat(b.op().name()).isEqualTo(op[1]);
                assertThat(b.left()).isEqualTo(new FieldRef("Nombre_Eleves", 0));
                assertThat(b.right()).isEqualTo(new Literal(LiteralKind.NUMBER, 500L, 15 + op[0].length()));
            });
        }
        assertThat(Trees.shape(parse("a = 1 or b = 2 AnD c = 3"))).isEqualTo(Trees.shape(parse("a = 1 OR (b = 2 AND c = 3)")));
        assertThat(((Binary) parse("a = 1 or b = 2 AnD c = 3")).op()).isEqualTo(Expr.Op.OR);
        assertThat(((Binary) parse("(a = 1 or b = 2) AND c = 3")).op()).isEqualTo(Expr.Op.AND);
    }

    @Test
    void literalsStringsNumbersBooleansAndQuotedNames() {
        assertThat(((Binary) parse("nom = 'Lycée l''Oiseau'")).right()).isEqualTo(new Literal(LiteralKind.STRING, "Lycée l'Oiseau", 6));
        assertThat(((Binary) parse("nom = 'l\\'Oiseau\\t'")).right()).extracting(e -> ((Literal) e).value()).isEqualTo("l'Oiseau\t");
        assertThat(((Binary) parse("lat = -20.88")).right()).extracting(e -> ((Literal) e).value()).isEqualTo(-20.88);
        assertThat(((Binary) parse("x = +5")).right()).extracting(e -> ((Literal) e).value()).isEqualTo(5L);
        assertThat(((Binary) parse("x = .5")).right()).extracting(e -> ((Literal) e).value()).isEqualTo(0.5);
        assertThat(((Binary) parse("x=1.5E3")).right()).extracting(e -> ((Literal) e).value()).isEqualTo(1500.0);
        assertThat(((Binary) parse("ulis = true")).right()).isEqualTo(new Literal(LiteralKind.BOOLEAN, true, 7));
        assertThat(parse("TRUE")).isEqualTo(new Literal(LiteralKind.BOOLEAN, true, 0));
        // a keyword is a property when double-quoted; a function keyword is a property when not followed by '('
        assertThat(((Binary) parse("\"AND\" = 1")).left()).isEqualTo(new FieldRef("AND", 0));
        assertThat(((Binary) parse("\"ma\"\"propriété\" = 1")).left()).isEqualTo(new FieldRef("ma\"propriété", 0));
        assertThat(((Binary) parse("date = DATE('2024-09-02')")).left()).isEqualTo(new FieldRef("date", 0));
        assertThat(((Binary) parse("ns:code.x = 1")).left()).isEqualTo(new FieldRef("ns:code.x", 0));
        assertThat(((Binary) parse("libellé_académie = 'Rennes'")).left()).isEqualTo(new FieldRef("libellé_académie", 0));
    }

    @Test
    void advancedComparisonLikeBetweenInAndNullTests() {
        assertThat(parse("nom LIKE 'Lyc_e %Hugo'")).isEqualTo(new Call("sql_like", List.of(new FieldRef("nom", 0),
                new Literal(LiteralKind.STRING, "Lyc_e %Hugo", 9)), java.util.Map.of(), false, 0));
        // BETWEEN … AND … is read before the boolean AND
        Expr between = parse("ips BETWEEN 90 AND 110 AND secteur = 'Public'");
        assertThat(between).isInstanceOfSatisfying(Binary.class, b -> {
            assertThat(b.op()).isEqualTo(Expr.Op.AND);
            assertThat(b.left()).isEqualTo(new Expr.InRange(new FieldRef("ips", 0), new Literal(LiteralKind.NUMBER, 90L, 12), true,
                    new Literal(LiteralKind.NUMBER, 110L, 19), true, 0));
        });
        assertThat(parse("code_departement IN ('971','972', '973')")).isInstanceOfSatisfying(Expr.InList.class,
                in -> assertThat(in.values()).extracting(v -> ((Literal) v).value()).containsExactly("971", "972", "973"));
        assertThat(parse("date_fermeture IS NULL")).isEqualTo(new Expr.IsNull(new FieldRef("date_fermeture", 0), false, 0));
        assertThat(parse("date_fermeture is not null")).isEqualTo(new Expr.IsNull(new FieldRef("date_fermeture", 0), true, 0));
        // the negated forms exclude the features where the property is null (three-valued logic)
        for (String negated : List.of("code NOT IN ('75','92')", "nom NOT LIKE 'A%'", "ips NOT BETWEEN 1 AND 2", "NOT code = '75'")) {
            assertThat(parse(negated)).as(negated).isInstanceOfSatisfying(Binary.class, b -> {
                assertThat(b.op()).isEqualTo(Expr.Op.AND);
                assertThat(b.left()).isInstanceOf(Expr.Not.class);
                assertThat(b.right()).isInstanceOfSatisfying(Expr.IsNull.class, n -> assertThat(n.negated()).isTrue());
            });
        }
        // NOT of IS NULL is IS NOT NULL, and NOT goes down to the predicates (De Morgan)
        assertThat(Trees.shape(parse("NOT (a IS NULL OR b IS NOT NULL)"))).isEqualTo(Trees.shape(parse("a IS NOT NULL AND b IS NULL")));
        assertThat(Trees.shape(parse("NOT NOT a = 1"))).isEqualTo(Trees.shape(parse("a = 1")));
        assertThat(Trees.shape(parse("NOT TRUE"))).isEqualTo(Trees.shape(parse("FALSE")));
    }

    @Test
    void caseAndAccentInsensitiveFunctions() {
        Expr e = parse("CASEI(nom) LIKE casei('%jean moulin%')");
        assertThat(e).isInstanceOfSatisfying(Call.class, c -> {
            assertThat(c.name()).isEqualTo("sql_like");
            assertThat(c.args().get(0)).isEqualTo(new Call("casei", List.of(new FieldRef("nom", 6)), java.util.Map.of(), false, 0));
            assertThat(((Call) c.args().get(1)).name()).isEqualTo("casei");
        });
        assertThat(((Binary) parse("ACCENTI(CASEI(commune)) = accenti(casei('Saint-Étienne'))")).left())
                .isInstanceOfSatisfying(Call.class, c -> assertThat(c.name()).isEqualTo("accenti"));
    }

    @Test
    void dateAndTimestampLiterals() {
        Expr e = parse("date_ouverture >= DATE('2015-09-01') AND maj < TIMESTAMP('2024-06-30T23:59:59.5Z')");
        Binary and = (Binary) e;
        Expr.DateLiteral day = (Expr.DateLiteral) ((Literal) ((Binary) and.left()).right()).value();
        assertThat(day.start()).isEqualTo(LocalDateTime.of(2015, 9, 1, 0, 0));
        assertThat(day.precision()).isEqualTo(ChronoUnit.DAYS);
        Expr.DateLiteral ts = (Expr.DateLiteral) ((Literal) ((Binary) and.right()).right()).value();
        assertThat(ts.start()).isEqualTo(LocalDateTime.of(2024, 6, 30, 23, 59, 59, 500_000_000));
        assertThat(ts.offset()).isEqualTo(ZoneOffset.UTC);
        Expr.DateLiteral paris = (Expr.DateLiteral) ((Literal) ((Binary) parse("maj = TIMESTAMP('2024-06-30T10:00:00+02:00')")).right()).value();
        assertThat(paris.start()).isEqualTo(LocalDateTime.of(2024, 6, 30, 8, 0));
    }

    @Test
    void spatialPredicatesWithPointBboxAndWktLiterals() {
        Call point = (Call) parse("S_INTERSECTS(geometry, POINT(55.45 -20.88))");
        assertThat(point.name()).isEqualTo("intersects");
        assertThat(point.args().get(0)).isEqualTo(new FieldRef("geometry", 13));
        Point p = (Point) ((Literal) point.args().get(1)).value();
        assertThat(p.getX()).isEqualTo(55.45);
        assertThat(p.getY()).isEqualTo(-20.88);
        Geometry box = geometry(parse("s_intersects(geometry,BBOX(2.25,48.81,2.42,48.90))"));
        assertThat(box).isInstanceOf(Polygon.class);
        assertThat(box.getEnvelopeInternal()).isEqualTo(new org.locationtech.jts.geom.Envelope(2.25, 2.42, 48.81, 48.90));
        Geometry sixValues = geometry(parse("S_INTERSECTS(g, BBOX(2.25, 48.81, 0, 2.42, 48.90, 100))"));
        assertThat(sixValues.getEnvelopeInternal()).isEqualTo(box.getEnvelopeInternal());
        // west > east: the box crosses the antimeridian
        Geometry across = geometry(parse("S_INTERSECTS(g, BBOX(170, -20, -170, -10))"));
        assertThat(across).isInstanceOf(MultiPolygon.class);
        assertThat(across.covers(new org.locationtech.jts.geom.GeometryFactory().createPoint(new org.locationtech.jts.geom.Coordinate(179, -15)))).isTrue();
        assertThat(across.covers(new org.locationtech.jts.geom.GeometryFactory().createPoint(new org.locationtech.jts.geom.Coordinate(0, -15)))).isFalse();
        assertThat(geometry(parse("S_INTERSECTS(g, POLYGON((2 48, 3 48, 3 49, 2 48)))")).getGeometryType()).isEqualTo("Polygon");
        assertThat(geometry(parse("S_INTERSECTS(g, MULTIPOLYGON(((2 48, 3 48, 3 49, 2 48)),((4 48, 5 48, 5 49, 4 48))))")).getNumGeometries()).isEqualTo(2);
        assertThat(geometry(parse("S_INTERSECTS(g, LINESTRING(2 48, 3 49))")).getGeometryType()).isEqualTo("LineString");
        assertThat(geometry(parse("S_INTERSECTS(g, MULTIPOINT((2 48),(3 49)))")).getNumGeometries()).isEqualTo(2);
        assertThat(geometry(parse("S_INTERSECTS(g, POINT Z(2 48 10))")).getCoordinate().getZ()).isEqualTo(10);
        assertThat(geometry(parse("S_INTERSECTS(g, GEOMETRYCOLLECTION(POINT(2 48), LINESTRING(2 48, 3 49)))")).getNumGeometries()).isEqualTo(2);
        // every spatial function, and the literal first: the converse predicate with the property first
        String[][] names = {{"S_WITHIN", "within"}, {"S_CONTAINS", "contains"}, {"S_DISJOINT", "disjoint"}, {"S_EQUALS", "equals"},
                {"S_TOUCHES", "touches"}, {"S_OVERLAPS", "overlaps"}, {"S_CROSSES", "crosses"}};
        for (String[] n : names) {
            assertThat(((Call) parse(n[0] + "(g, POINT(2 48))")).name()).isEqualTo(n[1]);
        }
        Call swapped = (Call) parse("S_WITHIN(POLYGON((2 48, 3 48, 3 49, 2 48)), g)");
        assertThat(swapped.name()).isEqualTo("contains");
        assertThat(swapped.args().get(0)).isEqualTo(new FieldRef("g", 44));
        assertThat(((Call) parse("S_CONTAINS(POINT(2 48), g)")).name()).isEqualTo("within");
    }

    @Test
    void dwithinConvertsTheDistanceToMetres() {
        Call km = (Call) parse("S_DWITHIN(position, POINT(-1.68 48.11), 2.5, kilometers)");
        assertThat(km.name()).isEqualTo("within_distance");
        assertThat(km.args().get(2)).isEqualTo(new Literal(LiteralKind.DISTANCE, 2500.0, 40));
        assertThat(((Literal) ((Call) parse("S_DWITHIN(position, POINT(-1.68 48.11), 1, nautical miles)")).args().get(2)).value()).isEqualTo(1852.0);
        assertThat(((Literal) ((Call) parse("S_DWITHIN(position, POINT(-1.68 48.11), 300)")).args().get(2)).value()).isEqualTo(300.0);
        assertThatThrownBy(() -> parse("S_DWITHIN(position, POINT(-1.68 48.11), 3, parsecs)")).isInstanceOf(Cql2Exception.class)
                .hasMessageContaining("unité de distance inconnue 'parsecs'");
    }

    @Test
    void geometryLiteralsAreConvertedFromTheFilterCrs() {
        // a stand-in for a filter-crs: coordinates given in "tenths of degrees"
        UnaryOperator<Geometry> tenths = g -> AffineTransformation.scaleInstance(0.1, 0.1).transform(g);
        Call c = (Call) Cql2.parseText("S_INTERSECTS(g, POINT(23 488))", tenths);
        assertThat(((Geometry) ((Literal) c.args().get(1)).value()).getCoordinate().x).isCloseTo(2.3, org.assertj.core.data.Offset.offset(1e-12));
        Call box = (Call) Cql2.parseText("S_INTERSECTS(g, BBOX(20, 480, 30, 490))", tenths);
        assertThat(((Geometry) ((Literal) box.args().get(1)).value()).getEnvelopeInternal().getMaxY()).isCloseTo(49.0, org.assertj.core.data.Offset.offset(1e-12));
        assertThatThrownBy(() -> Cql2.parseText("S_INTERSECTS(g, POINT(23 488))", UnaryOperator.identity()))
                .isInstanceOf(Cql2Exception.class).hasMessageContaining("sort des longitudes");
    }

    @Test
    void qgisStyleFullyParenthesisedWithoutSpaces() {
        Expr e = parse("((type_etablissement = 'Lycée') AND (nombre_eleves >= 500)) AND (NOT ((ips<90))) AND (CASEI(nom) LIKE CASEI('a%'))"
                + " AND S_INTERSECTS(geometry,BBOX(-5,41,10,52))");
        assertThat(Cql2.properties(e)).containsExactly("type_etablissement", "nombre_eleves", "ips", "nom", "geometry");
        assertThat(Cql2.spatialProperties(e)).containsExactly("geometry");
        assertThat(Cql2.spatialProperties(parse("S_DWITHIN(nom, POINT(1 2), 3) OR NOT S_WITHIN(POINT(1 2), g) OR ips = 3")))
                .containsExactly("nom", "g");
    }

    @Test
    void errorsGiveThePositionAndWhatWasExpected() {
        assertError("nom = ", 6, "nom de propriété ou valeur attendu, trouvé la fin du filtre");
        assertError("nom 'x'", 4, "comparaison (=, <>, <, <=, >, >=), LIKE, BETWEEN, IN ou IS NULL attendu après la propriété nom, trouvé la chaîne 'x'");
        assertError("a = 1 AND (b = 2", 16, "« ) » attendue pour fermer la parenthèse (ouverture à la position 10), trouvé la fin du filtre");
        assertError("nom = 'abc", 6, "apostrophe fermante attendue");
        assertError("ips BETWEEN 1 OR 2", 14, "AND attendu entre les bornes de BETWEEN, trouvé « OR »");
        assertError("code IN '75'", 8, "« ( » et une liste de valeurs attendus après IN, trouvé la chaîne '75'");
        assertError("a IS NOTNULL", 5, "NULL attendu après IS, trouvé « NOTNULL »");
        assertError("a = 1 b = 2", 6, "AND, OR, « ) » ou la fin du filtre attendu, trouvé « b »");
        assertError("a != 1", 2, "en CQL2, « différent de » s'écrit <>");
        assertError("a = 1 + 2", 6, "le calcul (arithmétique) n'est pas pris en charge");
        assertError("AND = 1", 0, "trouvé le mot-clé AND (une propriété de ce nom s'écrit entre guillemets droits");
        assertError("d = DATE('2024-13-01')", 9, "n'est pas une date valide");
        assertError("d = DATE('02/09/2024')", 9, "date attendue, par exemple DATE('2024-09-02'), trouvé '02/09/2024'");
        assertError("d = TIMESTAMP('2024-09-02T08:00:00')", 14, "horodatage avec fuseau attendu");
        assertError("S_INTERSECTS(g, POINT(1))", 16, "géométrie WKT invalide");
        assertError("S_INTERSECTS(g, POINT(1 2)", 26, "« ) » attendue pour fermer S_INTERSECTS(");
        assertError("S_INTERSECTS(g, BBOX(1, 2, 3))", 16, "4 nombres (ouest, sud, est, nord) ou 6 (avec les hauteurs) attendus dans BBOX, trouvé 3");
        assertError("S_INTERSECTS(g, BBOX(0, 10, 1, 5))", 16, "le sud de la BBOX (10.0) est au nord de son nord (5.0)");
        assertError("S_INTERSECTS(g, h)", 16, "géométrie littérale (POINT(…), BBOX(…), POLYGON(…)…) attendue comme autre argument de S_INTERSECTS, trouvé la propriété h");
        assertError("S_INTERSECTS(POINT(1 2), POINT(2 3))", 13, "propriété géométrique attendue comme l'un des arguments de S_INTERSECTS, trouvé une géométrie");
        assertError("T_AFTER(d, DATE('2024-01-01'))", 0, "les fonctions temporelles (T_AFTER) ne sont pas prises en charge");
        assertError("A_CONTAINS(tags, ('a'))", 0, "les fonctions de tableaux (A_CONTAINS) ne sont pas prises en charge");
        assertError("upper(nom) = 'X'", 0, "fonction inconnue upper()");
        assertError("nom LIKE nom2", 9, "motif (chaîne) attendu après LIKE");
        assertError("code IN (autre)", 9, "valeur littérale attendue dans IN, trouvé la propriété autre");
        assertError("g = POINT(1 2)", 4, "une géométrie ne se compare pas avec =");
        assertError("", 0, "le filtre est vide");
        assertError("a = NULL", 4, "pour tester l'absence de valeur, écrire IS NULL");
        assertError("(".repeat(300) + "a = 1" + ")".repeat(300), 200, "le filtre est trop imbriqué");
        assertThatThrownBy(() -> parse("nom = ")).isInstanceOf(OdsqlException.class)
                .satisfies(e -> assertThat(((OdsqlException) e).clause()).isEqualTo("filter"))
                .satisfies(e -> assertThat(((OdsqlException) e).errorCode()).isEqualTo("InvalidParameterValue"));
    }

    static void assertError(String text, int position, String message) {
        assertThatThrownBy(() -> parse(text)).as(text).isInstanceOfSatisfying(Cql2Exception.class, e -> {
            assertThat(e.position()).as("position in %s", text).isEqualTo(position);
            assertThat(e.getMessage()).as(text).contains(message).startsWith("Filtre invalide à la position " + position + " : ");
        });
    }

    static Geometry geometry(Expr e) {
        return (Geometry) ((Literal) ((Call) e).args().get(1)).value();
    }
}
