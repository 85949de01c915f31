package fr.geoeduc.core.query.odsql;

import fr.geoeduc.core.query.odsql.Expr.LiteralKind;
import fr.geoeduc.core.query.odsql.Expr.Op;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class OdsqlParserTest {

    // ------------------------------------------------------------------ position-free helpers

    /** The same tree with every position set to 0, so expected trees can be written without positions. */
    static Expr norm(Expr e) {
        if (e == null) {
            return null;
        }
        return switch (e) {
            case Expr.Literal l -> new Expr.Literal(l.kind(), l.value(), 0);
            case Expr.FieldRef f -> new Expr.FieldRef(f.name(), 0);
            case Expr.Star s -> new Expr.Star(0);
            case Expr.Call c -> {
                Map<String, Expr> named = new LinkedHashMap<>();
                c.named().forEach((k, v) -> named.put(k, norm(v)));
                yield new Expr.Call(c.name(), c.args().stream().map(OdsqlParserTest::norm).toList(), named, c.distinct(), 0);
            }
            case Expr.Binary b -> new Expr.Binary(b.op(), norm(b.left()), norm(b.right()), 0);
            case Expr.Not n -> new Expr.Not(norm(n.operand()), 0);
            case Expr.Neg n -> new Expr.Neg(norm(n.operand()), 0);
            case Expr.InList l -> new Expr.InList(norm(l.target()), l.values().stream().map(OdsqlParserTest::norm).toList(), 0);
            case Expr.InRange r -> new Expr.InRange(norm(r.target()), norm(r.low()), r.lowInclusive(), norm(r.high()), r.highInclusive(), 0);
            case Expr.IsNull n -> new Expr.IsNull(norm(n.target()), n.negated(), 0);
            case Expr.IsBool b -> new Expr.IsBool(norm(b.target()), b.value(), 0);
            case Expr.Like l -> new Expr.Like(norm(l.target()), l.pattern(), 0);
        };
    }

    static Expr w(String text) {
        return norm(OdsqlParser.where(text));
    }

    static List<Clauses.SelectItem> sel(String text) {
        return OdsqlParser.select(text).stream().map(i -> i instanceof Clauses.Column c
                ? (Clauses.SelectItem) new Clauses.Column(norm(c.expr()), c.alias()) : i).toList();
    }

    static List<Clauses.GroupItem> grp(String text) {
        return OdsqlParser.groupBy(text).stream().map(i -> new Clauses.GroupItem(norm(i.expr()), i.alias())).toList();
    }

    static List<Clauses.OrderItem> ord(String text) {
        return OdsqlParser.orderBy(text).stream().map(i -> new Clauses.OrderItem(norm(i.expr()), i.descending())).toList();
    }

    static Expr f(String name) {
        return new Expr.FieldRef(name, 0);
    }

    static Expr s(String value) {
        return new Expr.Literal(LiteralKind.STRING, value, 0);
    }

    static Expr n(long value) {
        return new Expr.Literal(LiteralKind.NUMBER, value, 0);
    }

    static Expr d(double value) {
        return new Expr.Literal(LiteralKind.NUMBER, value, 0);
    }

    static Expr bool(boolean value) {
        return new Expr.Literal(LiteralKind.BOOLEAN, value, 0);
    }

    static Expr nul() {
        return new Expr.Literal(LiteralKind.NULL, null, 0);
    }

    static Expr star() {
        return new Expr.Star(0);
    }

    static Expr dist(double metres) {
        return new Expr.Literal(LiteralKind.DISTANCE, metres, 0);
    }

    static Expr interval(long amount, String unit) {
        return new Expr.Literal(LiteralKind.INTERVAL, new Expr.Interval(amount, unit), 0);
    }

    static Expr date(String text, LocalDateTime start, ChronoUnit precision, ZoneOffset offset) {
        return new Expr.Literal(LiteralKind.DATE, new Expr.DateLiteral(text, start, precision, offset), 0);
    }

    static Expr geom(String wkt) {
        try {
            return new Expr.Literal(LiteralKind.GEOMETRY, new WKTReader().read(wkt), 0);
        } catch (ParseException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static Expr call(String name, Expr... args) {
        return new Expr.Call(name, List.of(args), Map.of(), false, 0);
    }

    static Expr callNamed(String name, Map<String, Expr> named, Expr... args) {
        return new Expr.Call(name, List.of(args), named, false, 0);
    }

    static Expr distinct(String name, Expr... args) {
        return new Expr.Call(name, List.of(args), Map.of(), true, 0);
    }

    static Expr bin(Op op, Expr l, Expr r) {
        return new Expr.Binary(op, l, r, 0);
    }

    static Expr eq(Expr l, Expr r) {
        return bin(Op.EQ, l, r);
    }

    static Expr and(Expr l, Expr r) {
        return bin(Op.AND, l, r);
    }

    static Expr or(Expr l, Expr r) {
        return bin(Op.OR, l, r);
    }

    static Expr not(Expr e) {
        return new Expr.Not(e, 0);
    }

    static Expr neg(Expr e) {
        return new Expr.Neg(e, 0);
    }

    static Expr inList(Expr target, Expr... values) {
        return new Expr.InList(target, List.of(values), 0);
    }

    static Expr inRange(Expr target, Expr low, boolean lowIncl, Expr high, boolean highIncl) {
        return new Expr.InRange(target, low, lowIncl, high, highIncl, 0);
    }

    static Expr like(Expr target, String pattern) {
        return new Expr.Like(target, pattern, 0);
    }

    static Expr search(String text) {
        return call("search", star(), s(text));
    }

    static Clauses.Column col(Expr e, String alias) {
        return new Clauses.Column(e, alias);
    }

    static Clauses.GroupItem gi(Expr e, String alias) {
        return new Clauses.GroupItem(e, alias);
    }

    static Clauses.OrderItem oi(Expr e, boolean desc) {
        return new Clauses.OrderItem(e, desc);
    }

    /** Runs {@code parse}, which must fail, and checks the clause, the position and a fragment of the message. */
    static OdsqlException fails(Supplier<?> parse, String clause, int position, String fragment) {
        OdsqlException e = catchThrowableOfType(OdsqlException.class, parse::get);
        assertThat(e).as("an OdsqlException").isNotNull();
        assertThat(e.clause()).isEqualTo(clause);
        assertThat(e.errorCode()).isEqualTo("ODSQLError");
        assertThat(e.getMessage()).contains(fragment).startsWith("ODSQL query is malformed: ")
                .endsWith("Clause(s) containing the error(s): " + clause + ".");
        if (position != Integer.MIN_VALUE) {
            assertThat(e.position()).as("position in: " + e.getMessage()).isEqualTo(position);
        }
        return e;
    }

    static final int ANY = Integer.MIN_VALUE;

    // ------------------------------------------------------------------ spec §7: real client queries

    @Nested
    class RealClientQueries {

        @Test
        void vacancesScolairesDateFilterAndOrder() {
            assertThat(w("end_date>=date'2025-01-01'")).isEqualTo(bin(Op.GE, f("end_date"),
                    date("2025-01-01", LocalDateTime.of(2025, 1, 1, 0, 0), ChronoUnit.DAYS, null)));
            assertThat(ord("start_date ASC")).containsExactly(oi(f("start_date"), false));
        }

        @Test
        void charsykaSingleQuotedStrings() {
            assertThat(w("nom_commune='Marseille' AND type_etablissement='Lycée'"))
                    .isEqualTo(and(eq(f("nom_commune"), s("Marseille")), eq(f("type_etablissement"), s("Lycée"))));
        }

        @Test
        void angularSelectStarAndNumericCode() {
            assertThat(sel("*")).containsExactly(col(star(), null));
            assertThat(w("code_region=75")).isEqualTo(eq(f("code_region"), n(75)));
        }

        @Test
        void leafletGeoJsonIntersectsAndSearch() {
            Expr e = OdsqlParser.where(
                    "intersects(position, geom'{\"type\":\"Polygon\",\"coordinates\":[[[2.3,48.8],[2.4,48.8],[2.4,48.9],[2.3,48.8]]]}')");
            assertThat(norm(e)).isEqualTo(call("intersects", f("position"),
                    geom("POLYGON((2.3 48.8, 2.4 48.8, 2.4 48.9, 2.3 48.8))")));
            Geometry g = (Geometry) ((Expr.Literal) ((Expr.Call) e).args().get(1)).value();
            assertThat(g.getSRID()).isEqualTo(4326);
            assertThat(g.getCoordinates()[0].x).isEqualTo(2.3); // x = longitude
            assertThat(w("search(type_etablissement,\"Lycée\")")).isEqualTo(call("search", f("type_etablissement"), s("Lycée")));
            assertThat(w("search(type_etablissement,\"Collège\")")).isEqualTo(call("search", f("type_etablissement"), s("Collège")));
        }

        @Test
        void leafletInBboxWithNegativeLongitudes() {
            assertThat(w("in_bbox(position, 48.1, -1.8, 48.2, -1.6)"))
                    .isEqualTo(call("in_bbox", f("position"), d(48.1), d(-1.8), d(48.2), d(-1.6)));
        }

        @Test
        void bilanCarboneSelectAndWhere() {
            assertThat(sel("nom_etablissement,adresse_1,code_postal,identifiant_de_l_etablissement,date_ouverture"))
                    .containsExactly(col(f("nom_etablissement"), null), col(f("adresse_1"), null), col(f("code_postal"), null),
                            col(f("identifiant_de_l_etablissement"), null), col(f("date_ouverture"), null));
            assertThat(w("code_postal=\"35000\" AND (libelle_nature=\"COLLEGE\" OR libelle_nature=\"LYCEE\" OR libelle_nature=\"ECOLE DE NIVEAU ELEMENTAIRE\")"))
                    .isEqualTo(and(eq(f("code_postal"), s("35000")),
                            or(or(eq(f("libelle_nature"), s("COLLEGE")), eq(f("libelle_nature"), s("LYCEE"))),
                                    eq(f("libelle_nature"), s("ECOLE DE NIVEAU ELEMENTAIRE")))));
        }

        @Test
        void bilanCarboneHeadSelectWithSpacesLikeAndMultiLine() {
            assertThat(sel("nom_etablissement,adresse_1,adresse_3, code_postal,identifiant_de_l_etablissement,date_ouverture, libelle_academie, libelle_nature"))
                    .extracting(i -> ((Clauses.Column) i).expr())
                    .containsExactly(f("nom_etablissement"), f("adresse_1"), f("adresse_3"), f("code_postal"),
                            f("identifiant_de_l_etablissement"), f("date_ouverture"), f("libelle_academie"), f("libelle_nature"));
            assertThat(w("code_postal=\"35000\" AND (libelle_nature=\"COLLEGE\" OR libelle_nature like \"*LYCEE*\")"))
                    .isEqualTo(and(eq(f("code_postal"), s("35000")),
                            or(eq(f("libelle_nature"), s("COLLEGE")), like(f("libelle_nature"), "*LYCEE*"))));
            String multiLine = """
                    (nom_etablissement LIKE "*lycee*"
                       OR code_postal LIKE "*lycee*")
                    \tAND (libelle_nature="COLLEGE"\r
                       OR libelle_nature like "*LYCEE*")
                    """;
            assertThat(w(multiLine)).isEqualTo(and(
                    or(like(f("nom_etablissement"), "*lycee*"), like(f("code_postal"), "*lycee*")),
                    or(eq(f("libelle_nature"), s("COLLEGE")), like(f("libelle_nature"), "*LYCEE*"))));
        }

        @Test
        void caforcysUaiLookup() {
            assertThat(w("identifiant_de_l_etablissement=\"0920138A\"")).isEqualTo(eq(f("identifiant_de_l_etablissement"), s("0920138A")));
        }

        @Test
        void paris2024GroupByAndOrderBy() {
            assertThat(grp("discipline")).containsExactly(gi(f("discipline"), null));
            assertThat(ord("discipline ASC")).containsExactly(oi(f("discipline"), false));
            assertThat(w("discipline = \"Athletics\"")).isEqualTo(eq(f("discipline"), s("Athletics")));
            assertThat(grp("event")).containsExactly(gi(f("event"), null));
            assertThat(sel("nom_site, sports")).containsExactly(col(f("nom_site"), null), col(f("sports"), null));
            assertThat(w("category_id = \"venue-olympic\"")).isEqualTo(eq(f("category_id"), s("venue-olympic")));
            assertThat(sel("country, medal_type")).containsExactly(col(f("country"), null), col(f("medal_type"), null));
        }

        @Test
        void dsfrDataAggregatesFacetsAndOrders() {
            assertThat(sel("sum(effectif) as effectif__sum, count(*) as id__count, region"))
                    .containsExactly(col(call("sum", f("effectif")), "effectif__sum"), col(call("count", star()), "id__count"),
                            col(f("region"), null));
            assertThat(grp("a,b")).containsExactly(gi(f("a"), null), gi(f("b"), null));
            assertThat(ord("a DESC, b ASC")).containsExactly(oi(f("a"), true), oi(f("b"), false));
            assertThat(w("f = \"v\\\"q\\\\\"")).isEqualTo(eq(f("f"), s("v\"q\\")));
            assertThat(w("f IN (\"v1\", \"v2\")")).isEqualTo(inList(f("f"), s("v1"), s("v2")));
        }

        @Test
        void codelibraryArithmeticOnAggregates() {
            assertThat(sel("sum(nb_pos)/sum(nb_tests)*100 as percentage")).containsExactly(col(
                    bin(Op.MUL, bin(Op.DIV, call("sum", f("nb_pos")), call("sum", f("nb_tests"))), n(100)), "percentage"));
            assertThat(sel("SUM(x) / SUM(y) AS moyenne")).containsExactly(col(bin(Op.DIV, call("sum", f("x")), call("sum", f("y"))), "moyenne"));
            assertThat(sel("sum(a)/count(b) as y")).containsExactly(col(bin(Op.DIV, call("sum", f("a")), call("count", f("b"))), "y"));
            assertThat(sel("count(distinct ifnull(f, 'x'))")).containsExactly(col(distinct("count", call("ifnull", f("f"), s("x"))), null));
        }

        @Test
        void invalidSyntaxThatClientsSendAnyway() {
            fails(() -> OdsqlParser.where("position within distance(lat,lon,500m)"), "where", 9,
                    "expected AND, OR or end of input but found 'within'");
        }
    }

    // ------------------------------------------------------------------ lexical elements

    @Nested
    class Lexical {

        @Test
        void keywordsAreCaseInsensitive() {
            assertThat(w("a=1 and b=2 Or NOT c")).isEqualTo(or(and(eq(f("a"), n(1)), eq(f("b"), n(2))), not(f("c"))));
            assertThat(w("a Is NoT nUlL")).isEqualTo(new Expr.IsNull(f("a"), true, 0));
            assertThat(w("x = True OR y = FALSE OR z = Null")).isEqualTo(
                    or(or(eq(f("x"), bool(true)), eq(f("y"), bool(false))), eq(f("z"), nul())));
        }

        @Test
        void identifiers() {
            assertThat(w("6eme_total > 3")).isEqualTo(bin(Op.GT, f("6eme_total"), n(3)));
            assertThat(w("_a1 = 0920138")).isEqualTo(eq(f("_a1"), n(920138)));
            assertThat(w("`12` = 12")).isEqualTo(eq(f("12"), n(12)));
            assertThat(w("`not` = 1 AND `a b` = 2")).isEqualTo(and(eq(f("not"), n(1)), eq(f("a b"), n(2))));
            assertThat(w("`a\\`b` = 1")).isEqualTo(eq(f("a`b"), n(1)));
            assertThat(w("`select`")).isEqualTo(f("select"));
        }

        @Test
        void functionKeywordsWithoutParenthesesAreFields() {
            assertThat(w("year = 2020 AND count > 1")).isEqualTo(and(eq(f("year"), n(2020)), bin(Op.GT, f("count"), n(1))));
            assertThat(w("to = 1 OR in = 2 OR like = 3")).isEqualTo(or(or(eq(f("to"), n(1)), eq(f("in"), n(2))), eq(f("like"), n(3))));
        }

        @Test
        void strings() {
            assertThat(w("a = 'Don\\'t'")).isEqualTo(eq(f("a"), s("Don't")));
            assertThat(w("a = \"it's\"")).isEqualTo(eq(f("a"), s("it's")));
            assertThat(w("a = 'l\\n\\t\\u00e9\\/\\\\'")).isEqualTo(eq(f("a"), s("l\n\té/\\")));
            assertThat(w("a = ''")).isEqualTo(eq(f("a"), s("")));
            assertThat(w("a = 'été 🎓'")).isEqualTo(eq(f("a"), s("été 🎓")));
        }

        @Test
        void numbers() {
            assertThat(w("a = 12")).isEqualTo(eq(f("a"), n(12)));
            assertThat(w("a = 12.5")).isEqualTo(eq(f("a"), d(12.5)));
            assertThat(w("a = .5")).isEqualTo(eq(f("a"), d(0.5)));
            assertThat(w("a = -3")).isEqualTo(eq(f("a"), n(-3)));
            assertThat(w("a = - 3.25")).isEqualTo(eq(f("a"), d(-3.25)));
            assertThat(w("a = 9223372036854775807")).isEqualTo(eq(f("a"), n(Long.MAX_VALUE)));
            assertThat(w("a = -9223372036854775808")).isEqualTo(eq(f("a"), n(Long.MIN_VALUE)));
            assertThat(((Expr.Literal) ((Expr.Binary) OdsqlParser.where("a=1")).right()).value()).isInstanceOf(Long.class);
            assertThat(((Expr.Literal) ((Expr.Binary) OdsqlParser.where("a=1.0")).right()).value()).isInstanceOf(Double.class);
        }

        @Test
        void booleansAndNull() {
            assertThat(w("TRUE")).isEqualTo(bool(true));
            assertThat(w("my_boolean_field: FALSE")).isEqualTo(eq(f("my_boolean_field"), bool(false)));
            assertThat(w("a = null")).isEqualTo(eq(f("a"), nul()));
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', textBlock = """
                2017                          | 2017-01-01T00:00          | YEARS   |
                1972                          | 1972-01-01T00:00          | YEARS   |
                2017-01                       | 2017-01-01T00:00          | MONTHS  |
                2017/04                       | 2017-04-01T00:00          | MONTHS  |
                2017-04-03                    | 2017-04-03T00:00          | DAYS    |
                2017/04/03                    | 2017-04-03T00:00          | DAYS    |
                2017-4-3                      | 2017-04-03T00:00          | DAYS    |
                2017-04-03T08                 | 2017-04-03T08:00          | HOURS   |
                2017-04-03T08:02              | 2017-04-03T08:02          | MINUTES |
                2017-04-03 08:02              | 2017-04-03T08:02          | MINUTES |
                2017-04-03T08:02:09           | 2017-04-03T08:02:09       | SECONDS |
                1970-01-01T00:00:00.000Z      | 1970-01-01T00:00          | MILLIS  | Z
                2017-04-03T08:02:09.5         | 2017-04-03T08:02:09.500   | MILLIS  |
                2024-01-01T10:00:00.123456    | 2024-01-01T10:00:00.123456 | MICROS |
                2017-04-03T08:02+02:00        | 2017-04-03T08:02          | MINUTES | +02:00
                2017-04-03T08:02:09-0530      | 2017-04-03T08:02:09       | SECONDS | -05:30
                2017-04-03T08:02:09+01        | 2017-04-03T08:02:09       | SECONDS | +01:00
                """)
        void dateLiterals(String text, String start, ChronoUnit precision, String offset) {
            assertThat(w("d >= date'" + text + "'")).isEqualTo(bin(Op.GE, f("d"), date(text, LocalDateTime.parse(start), precision,
                    offset == null ? null : ZoneOffset.of(offset))));
            assertThat(w("d >= DATE\"" + text + "\"")).isEqualTo(w("d >= date'" + text + "'"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"17", "2017-13", "2017-02-30", "2017-04-03T25:00", "2017-04-03T08:60", "2017-04-03T08:02:61",
                "2017-04/03", "2017-04-03+02:00", "2017-04-03T08:02+19:00", "now", "", "2017-04-03T08:02:09.1234567890",
                "2017-04-03T08:02Zx", "２０１７"})
        void invalidDateLiterals(String text) {
            fails(() -> OdsqlParser.where("d >= date'" + text + "'"), "where", 5, "invalid date literal");
        }

        @Test
        void geometryLiterals() {
            assertThat(w("intersects(p, geom'POINT(2.35 48.85)')")).isEqualTo(call("intersects", f("p"), geom("POINT(2.35 48.85)")));
            assertThat(w("within(p, GEOM'POLYGON((0 0, 1 0, 1 1, 0 0))')"))
                    .isEqualTo(call("within", f("p"), geom("POLYGON((0 0, 1 0, 1 1, 0 0))")));
            assertThat(w("disjoint(p, geom'{\"type\":\"Point\",\"coordinates\":[2.35,48.85]}')"))
                    .isEqualTo(call("disjoint", f("p"), geom("POINT(2.35 48.85)")));
            assertThat(w("intersects(p, geom' MULTIPOINT((1 2), (3 4)) ')")).isEqualTo(call("intersects", f("p"), geom("MULTIPOINT((1 2), (3 4))")));
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "POINT(1)", "POINT(1 2", "POLYGON((0 0, 1 0, 1 1, 0 1))", "{\"type\":\"Point\"}",
                "{\"type\":\"Polygon\",\"coordinates\":[[[2.3]]]}", "{\"type\":\"Point\",\"coordinates\":[1e999999999999999999999,2]}",
                "{\"type\":\"Nope\",\"coordinates\":[1,2]}", "{not json", "CIRCLE(1 2)", "POINT EMPTY", "POINT(NaN 1)",
                "{\"type\":\"Point\",\"coordinates\":[99999999999999999999999,2]}", "{\"type\":\"Polygon\",\"coordinates\":\"x\"}"})
        void invalidGeometryLiterals(String text) {
            fails(() -> OdsqlParser.where("intersects(p, geom'" + text + "')"), "where", 14, "geometry literal");
        }

        @Test
        void geometryNestedTooDeeply() {
            String deep = "GEOMETRYCOLLECTION(".repeat(100) + "POINT(1 2)" + ")".repeat(100);
            fails(() -> OdsqlParser.where("intersects(p, geom'" + deep + "')"), "where", 14, "nested too deeply");
        }

        @Test
        void whitespaceIsOptional() {
            // digits followed by letters make a name (6eme_total), so '1AND' is a field, not 1 AND
            fails(() -> OdsqlParser.where("a=1AND b=2"), "where", 7, "expected AND, OR or end of input but found 'b'");
            assertThat(w("a = 1e5")).isEqualTo(eq(f("a"), f("1e5")));
            assertThat(w("(a=1)AND(b=2)")).isEqualTo(and(eq(f("a"), n(1)), eq(f("b"), n(2))));
            assertThat(w("  \n\ta\u00A0=\u20031\n  ")).isEqualTo(eq(f("a"), n(1)));
        }
    }

    // ------------------------------------------------------------------ where

    @Nested
    class Where {

        @Test
        void precedenceNotAndOr() {
            assertThat(w("a OR b AND c")).isEqualTo(or(f("a"), and(f("b"), f("c"))));
            assertThat(w("a AND b OR c")).isEqualTo(or(and(f("a"), f("b")), f("c")));
            assertThat(w("NOT a AND b")).isEqualTo(and(not(f("a")), f("b")));
            assertThat(w("NOT a = 1")).isEqualTo(not(eq(f("a"), n(1))));
            assertThat(w("NOT NOT a")).isEqualTo(not(not(f("a"))));
            assertThat(w("(a OR b) AND c")).isEqualTo(and(or(f("a"), f("b")), f("c")));
            assertThat(w("NOT (a OR b)")).isEqualTo(not(or(f("a"), f("b"))));
            assertThat(w("a AND b AND c")).isEqualTo(and(and(f("a"), f("b")), f("c")));
        }

        @Test
        void comparisons() {
            assertThat(w("a = 1")).isEqualTo(eq(f("a"), n(1)));
            assertThat(w("a != 1")).isEqualTo(bin(Op.NE, f("a"), n(1)));
            assertThat(w("a <> 1")).isEqualTo(bin(Op.NE, f("a"), n(1)));
            assertThat(w("a < 1")).isEqualTo(bin(Op.LT, f("a"), n(1)));
            assertThat(w("a <= 1")).isEqualTo(bin(Op.LE, f("a"), n(1)));
            assertThat(w("a > 1")).isEqualTo(bin(Op.GT, f("a"), n(1)));
            assertThat(w("a >= 1")).isEqualTo(bin(Op.GE, f("a"), n(1)));
            assertThat(w("country_code:'FR'")).isEqualTo(eq(f("country_code"), s("FR")));
            assertThat(w("population!=\"Enseignants\"")).isEqualTo(bin(Op.NE, f("population"), s("Enseignants")));
            assertThat(w("start_date >= \"2025-01-01\"")).isEqualTo(bin(Op.GE, f("start_date"), s("2025-01-01")));
            assertThat(w("5 < a")).isEqualTo(bin(Op.LT, n(5), f("a")));
        }

        @Test
        void arithmetic() {
            assertThat(w("a + b * c = 7")).isEqualTo(eq(bin(Op.ADD, f("a"), bin(Op.MUL, f("b"), f("c"))), n(7)));
            assertThat(w("(a + b) * c > 7")).isEqualTo(bin(Op.GT, bin(Op.MUL, bin(Op.ADD, f("a"), f("b")), f("c")), n(7)));
            assertThat(w("a - b - c = 0")).isEqualTo(eq(bin(Op.SUB, bin(Op.SUB, f("a"), f("b")), f("c")), n(0)));
            assertThat(w("a / 2 * 3 = 0")).isEqualTo(eq(bin(Op.MUL, bin(Op.DIV, f("a"), n(2)), n(3)), n(0)));
            assertThat(w("-a = 1")).isEqualTo(eq(neg(f("a")), n(1)));
            assertThat(w("a - -1 = 2")).isEqualTo(eq(bin(Op.SUB, f("a"), n(-1)), n(2)));
            assertThat(w("--1 = 1")).isEqualTo(eq(neg(n(-1)), n(1)));
            assertThat(w("-(1) = a")).isEqualTo(eq(neg(n(1)), f("a")));
            assertThat(w("a-1 = 0")).isEqualTo(eq(bin(Op.SUB, f("a"), n(1)), n(0)));
        }

        @Test
        void inLists() {
            assertThat(w("f IN (\"a\",\"b\")")).isEqualTo(inList(f("f"), s("a"), s("b")));
            assertThat(w("f in (1, -2, 3.5)")).isEqualTo(inList(f("f"), n(1), n(-2), d(3.5)));
            assertThat(w("\"Paris\" IN multivalued_field")).isEqualTo(inList(s("Paris"), f("multivalued_field")));
            assertThat(w("'Paris' in `city list`")).isEqualTo(inList(s("Paris"), f("city list")));
            assertThat(w("NOT f IN (1)")).isEqualTo(not(inList(f("f"), n(1))));
        }

        @Test
        void inRanges() {
            assertThat(w("f IN [1..10]")).isEqualTo(inRange(f("f"), n(1), true, n(10), true));
            assertThat(w("f IN ]1..10[")).isEqualTo(inRange(f("f"), n(1), false, n(10), false));
            assertThat(w("f IN [1 TO 10[")).isEqualTo(inRange(f("f"), n(1), true, n(10), false));
            assertThat(w("f IN ]1 to 10]")).isEqualTo(inRange(f("f"), n(1), false, n(10), true));
            assertThat(w("f IN [* .. 10]")).isEqualTo(inRange(f("f"), null, true, n(10), true));
            assertThat(w("f IN [-5..*]")).isEqualTo(inRange(f("f"), n(-5), true, null, true));
            assertThat(w("f IN [1.5..2.5]")).isEqualTo(inRange(f("f"), d(1.5), true, d(2.5), true));
            assertThat(w("f IN [date'2017'..date'2018']")).isEqualTo(inRange(f("f"),
                    date("2017", LocalDateTime.of(2017, 1, 1, 0, 0), ChronoUnit.YEARS, null), true,
                    date("2018", LocalDateTime.of(2018, 1, 1, 0, 0), ChronoUnit.YEARS, null), true));
        }

        @Test
        void isNullIsBoolLike() {
            assertThat(w("a IS NULL")).isEqualTo(new Expr.IsNull(f("a"), false, 0));
            assertThat(w("a is not null")).isEqualTo(new Expr.IsNull(f("a"), true, 0));
            assertThat(w("flag is true")).isEqualTo(new Expr.IsBool(f("flag"), true, 0));
            assertThat(w("flag IS FALSE")).isEqualTo(new Expr.IsBool(f("flag"), false, 0));
            assertThat(w("film_name like \"star\"")).isEqualTo(like(f("film_name"), "star"));
            assertThat(w("arrondissement LIKE 'paris'")).isEqualTo(like(f("arrondissement"), "paris"));
            assertThat(w("zones like \"%A%\"")).isEqualTo(like(f("zones"), "%A%"));
            assertThat(w("flag")).isEqualTo(f("flag"));
        }

        @Test
        void bareStringsAreFullTextSearches() {
            assertThat(w("\"tree\"")).isEqualTo(search("tree"));
            assertThat(w("\"tree\" AND NOT \"dog\"")).isEqualTo(and(search("tree"), not(search("dog"))));
            assertThat(w("'a' OR ('b')")).isEqualTo(or(search("a"), search("b")));
            assertThat(w("\"Paris\" = city")).isEqualTo(eq(s("Paris"), f("city")));
            Expr.Call c = (Expr.Call) OdsqlParser.where("  'tree'");
            assertThat(c.position()).isEqualTo(2);
            assertThat(c.args().get(0).position()).isEqualTo(2);
        }

        @Test
        void searchFunctions() {
            assertThat(w("search(*, \"x\")")).isEqualTo(call("search", star(), s("x")));
            assertThat(w("search(\"x\")")).isEqualTo(call("search", s("x")));
            assertThat(w("SEARCH(f1, f2, \"x\")")).isEqualTo(call("search", f("f1"), f("f2"), s("x")));
            assertThat(w("suggest(nom, \"lyc\")")).isEqualTo(call("suggest", f("nom"), s("lyc")));
            assertThat(w("startswith(nom, \"Lyc\")")).isEqualTo(call("startswith", f("nom"), s("Lyc")));
        }

        @Test
        void geoPredicates() {
            Expr point = geom("POINT(2.35 48.85)");
            assertThat(w("within_distance(p, geom'POINT(2.35 48.85)', 10km)")).isEqualTo(call("within_distance", f("p"), point, dist(10_000)));
            assertThat(w("within_distance(p, geom'POINT(2.35 48.85)', 500m)")).isEqualTo(call("within_distance", f("p"), point, dist(500)));
            assertThat(w("within_distance(p, geom'POINT(2.35 48.85)', 2.5 km)")).isEqualTo(call("within_distance", f("p"), point, dist(2500)));
            assertThat(w("within_distance(p, geom'POINT(2.35 48.85)', 3mi)")).isEqualTo(call("within_distance", f("p"), point, dist(3 * 1609.344)));
            assertThat(w("within_distance(p, geom'POINT(2.35 48.85)', 2 yd)")).isEqualTo(call("within_distance", f("p"), point, dist(2 * 0.9144)));
            assertThat(w("within_distance(p, geom'POINT(2.35 48.85)', 10ft)")).isEqualTo(call("within_distance", f("p"), point, dist(10 * 0.3048)));
            assertThat(w("within_distance(p, geom'POINT(2.35 48.85)', 50cm)")).isEqualTo(call("within_distance", f("p"), point, dist(0.5)));
            assertThat(w("within_distance(p, geom'POINT(2.35 48.85)', 1000 mm)")).isEqualTo(call("within_distance", f("p"), point, dist(1.0)));
            assertThat(w("within_distance(p, geom'POINT(2.35 48.85)', 10KM)")).isEqualTo(call("within_distance", f("p"), point, dist(10_000)));
            assertThat(w("distance(p, geom'POINT(2.35 48.85)', 1km)")).isEqualTo(call("distance", f("p"), point, dist(1000)));
            assertThat(w("in_bbox(p, -1, -2.5, 3, 4)")).isEqualTo(call("in_bbox", f("p"), n(-1), d(-2.5), n(3), n(4)));
            assertThat(w("geometry(p, geom'POINT(2.35 48.85)', INTERSECTS)")).isEqualTo(call("geometry", f("p"), point, f("INTERSECTS")));
            assertThat(w("geometry(p, geom'POINT(2.35 48.85)', 'within')")).isEqualTo(call("geometry", f("p"), point, s("within")));
            assertThat(w("polygon(p, geom'POLYGON((0 0, 1 0, 1 1, 0 0))')")).isEqualTo(call("polygon", f("p"), geom("POLYGON((0 0, 1 0, 1 1, 0 0))")));
        }

        @Test
        void functionsNamedArgumentsAndDistinct() {
            assertThat(w("d > now(year=2020, days=-1)")).isEqualTo(bin(Op.GT, f("d"),
                    callNamed("now", Map.of("year", n(2020), "days", n(-1)))));
            assertThat(w("d > now(YEARS=-1, years=-2)")).isEqualTo(bin(Op.GT, f("d"), callNamed("now", Map.of("years", n(-2)))));
            assertThat(w("d < now()")).isEqualTo(bin(Op.LT, f("d"), call("now")));
            assertThat(w("year(d) = 2020")).isEqualTo(eq(call("year", f("d")), n(2020)));
            assertThat(w("date_format(d, 'YYYY') = '2020'")).isEqualTo(eq(call("date_format", f("d"), s("YYYY")), s("2020")));
            assertThat(w("LENGTH(lower(nom)) > 3")).isEqualTo(bin(Op.GT, call("length", call("lower", f("nom"))), n(3)));
            assertThat(w("unknown_fn(a) = 1")).isEqualTo(eq(call("unknown_fn", f("a")), n(1)));
            assertThat(w("ifnull(a, 'x') = 'x'")).isEqualTo(eq(call("ifnull", f("a"), s("x")), s("x")));
        }

        @Test
        void positions() {
            Expr.Binary and = (Expr.Binary) OdsqlParser.where("a = 1 AND b IN (2)");
            assertThat(and.position()).isEqualTo(6);
            Expr.Binary eq = (Expr.Binary) and.left();
            assertThat(eq.position()).isEqualTo(2);
            assertThat(eq.left().position()).isEqualTo(0);
            assertThat(eq.right().position()).isEqualTo(4);
            Expr.InList in = (Expr.InList) and.right();
            assertThat(in.position()).isEqualTo(12);
            assertThat(in.values().get(0).position()).isEqualTo(16);
            Expr.Call c = (Expr.Call) OdsqlParser.where("  count(*)");
            assertThat(c.position()).isEqualTo(2);
            assertThat(c.args().get(0).position()).isEqualTo(8);
            assertThat(((Expr.Binary) OdsqlParser.where("a = -5")).right().position()).isEqualTo(4);
        }

        @Test
        void blankWhereIsTrue() {
            assertThat(w("")).isEqualTo(bool(true));
            assertThat(w("  \n ")).isEqualTo(bool(true));
            assertThat(w(null)).isEqualTo(bool(true));
        }
    }

    // ------------------------------------------------------------------ select / group_by / order_by

    @Nested
    class OtherClauses {

        @Test
        void selectItems() {
            assertThat(sel("*, a, b AS c, `x y` as `z t`, 2, \"hello\", a + 1 as a1"))
                    .containsExactly(col(star(), null), col(f("a"), null), col(f("b"), "c"), col(f("x y"), "z t"),
                            col(n(2), null), col(s("hello"), null), col(bin(Op.ADD, f("a"), n(1)), "a1"));
            assertThat(sel("include(code_*, nom), exclude(`geo point`, *), INCLUDE(2019*)")).containsExactly(
                    new Clauses.Pattern(true, List.of("code_*", "nom")), new Clauses.Pattern(false, List.of("geo point", "*")),
                    new Clauses.Pattern(true, List.of("2019*")));
            assertThat(sel("count(*), count(f), count(distinct f), avg(x), min(d), max(d), median(x), percentile(x, 90), envelope(p), bbox(p)"))
                    .extracting(i -> ((Clauses.Column) i).expr())
                    .containsExactly(call("count", star()), call("count", f("f")), distinct("count", f("f")), call("avg", f("x")),
                            call("min", f("d")), call("max", f("d")), call("median", f("x")), call("percentile", f("x"), n(90)),
                            call("envelope", f("p")), call("bbox", f("p")));
            assertThat(sel("distance(p, geom'POINT(1 2)') as d, json_format(t, null)")).containsExactly(
                    col(call("distance", f("p"), geom("POINT(1 2)")), "d"), col(call("json_format", f("t"), nul()), null));
            assertThat(sel("year as y, count as c")).containsExactly(col(f("year"), "y"), col(f("count"), "c"));
            assertThat(sel("")).isEmpty();
            assertThat(sel("\"tree\"")).containsExactly(col(s("tree"), null)); // no full-text search outside where
        }

        @Test
        void groupByItems() {
            assertThat(grp("range(f, *, 10, 50, *)")).containsExactly(gi(call("range", f("f"), star(), n(10), n(50), star()), null));
            assertThat(grp("range(f, 5) as r")).containsExactly(gi(call("range", f("f"), n(5)), "r"));
            assertThat(grp("range(d, *, date'2020-11-13', date'2021-01-01')")).containsExactly(gi(call("range", f("d"), star(),
                    date("2020-11-13", LocalDateTime.of(2020, 11, 13, 0, 0), ChronoUnit.DAYS, null),
                    date("2021-01-01", LocalDateTime.of(2021, 1, 1, 0, 0), ChronoUnit.DAYS, null)), null));
            assertThat(grp("range(d, 1 day)")).containsExactly(gi(call("range", f("d"), interval(1, "day")), null));
            assertThat(grp("range(d, 2 h), range(d, 1M), range(d, 30m), range(d, 1 y), range(d, 10 ms), range(d, 3days)"))
                    .extracting(Clauses.GroupItem::expr)
                    .containsExactly(call("range", f("d"), interval(2, "h")), call("range", f("d"), interval(1, "M")),
                            call("range", f("d"), interval(30, "m")), call("range", f("d"), interval(1, "y")),
                            call("range", f("d"), interval(10, "ms")), call("range", f("d"), interval(3, "days")));
            assertThat(grp("year(d), month(d) AS m, date_format(d, 'YYYY-MM'), lower(artist), ifnull(f, 'x')"))
                    .containsExactly(gi(call("year", f("d")), null), gi(call("month", f("d")), "m"),
                            gi(call("date_format", f("d"), s("YYYY-MM")), null), gi(call("lower", f("artist")), null),
                            gi(call("ifnull", f("f"), s("x")), null));
            assertThat(grp("geo_cluster(p, 5), geo_cluster(p, 5, radius=40) as cl"))
                    .containsExactly(gi(call("geo_cluster", f("p"), n(5)), null),
                            gi(callNamed("geo_cluster", Map.of("radius", n(40)), f("p"), n(5)), "cl"));
            assertThat(grp("")).isEmpty();
        }

        @Test
        void orderByItems() {
            assertThat(ord("f1 DESC, f2 ASC, f3")).containsExactly(oi(f("f1"), true), oi(f("f2"), false), oi(f("f3"), false));
            assertThat(ord("count(*) desc, population_count")).containsExactly(oi(call("count", star()), true), oi(f("population_count"), false));
            assertThat(ord("random(42)")).containsExactly(oi(call("random", n(42)), false));
            assertThat(ord("-population")).containsExactly(oi(f("population"), true));
            assertThat(ord("-population, `x`, -`y z`")).containsExactly(oi(f("population"), true), oi(f("x"), false), oi(f("y z"), true));
            assertThat(ord("-a * 2 DESC")).containsExactly(oi(bin(Op.MUL, neg(f("a")), n(2)), true));
            assertThat(ord("distance(p, geom'POINT(1 2)')")).containsExactly(oi(call("distance", f("p"), geom("POINT(1 2)")), false));
            assertThat(ord("")).isEmpty();
        }
    }

    // ------------------------------------------------------------------ errors

    @Nested
    class Errors {

        @Test
        void expectedAndFound() {
            fails(() -> OdsqlParser.where("(a = 1 AND b"), "where", 12, "expected ')' but found end of input");
            fails(() -> OdsqlParser.where("f(a b)"), "where", 4, "expected ',' or ')' but found 'b'");
            fails(() -> OdsqlParser.where("(a = 1 'x')"), "where", 7, "expected ')' but found the string 'x'");
            fails(() -> OdsqlParser.where("a = "), "where", 4, "expected a field, a value or a function but found end of input");
            fails(() -> OdsqlParser.where("a = 1 b = 2"), "where", 6, "expected AND, OR or end of input but found 'b'");
            fails(() -> OdsqlParser.where("a AND"), "where", 5, "but found end of input");
            fails(() -> OdsqlParser.where("AND a"), "where", 0, "expected a field, a value or a function but found 'AND' (a reserved keyword");
            fails(() -> OdsqlParser.where("a = = 1"), "where", 4, "but found '='");
            fails(() -> OdsqlParser.where("a = 1 = 2"), "where", 6, "expected AND, OR or end of input but found '='");
            fails(() -> OdsqlParser.where("a IS 3"), "where", 5, "expected NULL, NOT NULL, TRUE or FALSE after IS but found '3'");
            fails(() -> OdsqlParser.where("a IS NOT TRUE"), "where", 9, "expected NULL after IS NOT but found 'TRUE'");
            fails(() -> OdsqlParser.where("a LIKE b"), "where", 7, "expected a quoted pattern after LIKE");
            fails(() -> OdsqlParser.where("a IN 3"), "where", 5, "after IN but found '3'");
            fails(() -> OdsqlParser.where("a IN ()"), "where", 6, "but found ')'");
            fails(() -> OdsqlParser.where("a IN (1,)"), "where", 8, "but found ')'");
            fails(() -> OdsqlParser.where("a IN [1, 2]"), "where", 7, "expected '..' or TO in the IN range but found ','");
            fails(() -> OdsqlParser.where("a IN [1..2"), "where", 10, "expected ']' or '[' closing the IN range but found end of input");
            fails(() -> OdsqlParser.where("a NOT IN (1)"), "where", 2, "but found 'NOT'");
            fails(() -> OdsqlParser.where("*"), "where", 0, "but found '*'");
            fails(() -> OdsqlParser.where("count(distinct)"), "where", 14, "but found ')'");
            fails(() -> OdsqlParser.where("6eme(a)"), "where", 0, "expected a function name but found '6eme'");
            fails(() -> OdsqlParser.where("`a`(1)"), "where", 3, "expected AND, OR or end of input but found '('");
            fails(() -> OdsqlParser.where("a = 99999999999999999999"), "where", 4, "is out of range");
            fails(() -> OdsqlParser.where("a = 1" + "0".repeat(400) + ".5"), "where", 4, "is out of range");
            fails(() -> OdsqlParser.where("a = 1.5e3"), "where", 7, "expected AND, OR or end of input but found 'e3'");
        }

        @Test
        void lexicalErrors() {
            fails(() -> OdsqlParser.where("nom = 'Marseille AND b"), "where", 6, "unterminated string starting at position 6");
            fails(() -> OdsqlParser.where("nom = \"abc\\\""), "where", 6, "unterminated string starting at position 6");
            fails(() -> OdsqlParser.where("`abc = 1"), "where", 0, "unterminated back-quoted field name starting at position 0");
            fails(() -> OdsqlParser.where("`` = 1"), "where", 0, "empty back-quoted field name");
            fails(() -> OdsqlParser.where("d > date'2017"), "where", 8, "unterminated date literal starting at position 8");
            fails(() -> OdsqlParser.where("a = 'x\\u12'"), "where", 6, "invalid unicode escape");
            fails(() -> OdsqlParser.where("a = 1 & b = 2"), "where", 6, "unexpected character '&'");
            fails(() -> OdsqlParser.where("nom_é = 1"), "where", 4, "unexpected character 'é' (U+00E9)");
            fails(() -> OdsqlParser.where("a ! b"), "where", 2, "unexpected character '!': expected '!='");
            fails(() -> OdsqlParser.where("a . b"), "where", 2, "unexpected character '.'");
            fails(() -> OdsqlParser.where("a = 1;"), "where", 5, "unexpected character ';'");
            fails(() -> OdsqlParser.where("a = \u0000"), "where", 4, "(U+0000)");
        }

        @Test
        void distanceAndIntervalErrors() {
            fails(() -> OdsqlParser.where("within_distance(p, geom'POINT(1 2)', 10kmh)"), "where", 39,
                    "unknown unit 'kmh' for a distance: expected mi, yd, ft, m, cm, km or mm");
            fails(() -> OdsqlParser.where("within_distance(p, geom'POINT(1 2)', 10 parsecs)"), "where", 40, "unknown unit 'parsecs'");
            fails(() -> OdsqlParser.where("within_distance(p, geom'POINT(1 2)', 10)"), "where", 39,
                    "expected a distance unit (mi, yd, ft, m, cm, km or mm) after 10 but found ')'");
            fails(() -> OdsqlParser.where("within_distance(p, geom'POINT(1 2)', x)"), "where", 37, "expected a distance such as 10km");
            fails(() -> OdsqlParser.groupBy("range(d, 1 Day)"), "group_by", 11, "unknown unit 'Day' for a date interval");
            fails(() -> OdsqlParser.groupBy("range(d, 2 M)"), "group_by", 11, "expect a width of 1");
            fails(() -> OdsqlParser.groupBy("range(d, 0 d)"), "group_by", 11, "expected a positive integer");
            fails(() -> OdsqlParser.groupBy("range(d, 1.5 d)"), "group_by", 13, "expected a positive integer");
            fails(() -> OdsqlParser.select("range(d, 1 day)"), "select", 11, "expected ',' or ')' but found 'day'");
        }

        @Test
        void clauseErrors() {
            fails(() -> OdsqlParser.select("a,"), "select", 2, "but found end of input");
            fails(() -> OdsqlParser.select("a b"), "select", 2, "expected an operator, AS, ',' or end of input but found 'b'");
            fails(() -> OdsqlParser.select("a AS"), "select", 4, "expected an alias name after AS but found end of input");
            fails(() -> OdsqlParser.select("a AS 12"), "select", 5, "expected an alias name after AS but found '12'");
            fails(() -> OdsqlParser.select("a AS and"), "select", 5, "reserved keyword");
            fails(() -> OdsqlParser.select("* AS all"), "select", 2, "(* takes no alias)");
            fails(() -> OdsqlParser.select("include(a) AS x"), "select", 11, "(include() takes no alias)");
            fails(() -> OdsqlParser.select("include()"), "select", 8, "expected a field name or pattern");
            fails(() -> OdsqlParser.select("exclude(a b)"), "select", 10, "expected ',' or ')' but found 'b'");
            fails(() -> OdsqlParser.groupBy("a AS b c"), "group_by", 7, "expected ',' or end of input but found 'c'");
            fails(() -> OdsqlParser.orderBy("a DESC b"), "order_by", 7, "expected an operator, ASC, DESC, ',' or end of input but found 'b'");
            fails(() -> OdsqlParser.orderBy("a ASC DESC"), "order_by", 6, "but found 'DESC'");
            fails(() -> OdsqlParser.orderBy(","), "order_by", 0, "but found ','");
        }

        @Test
        void limits() {
            fails(() -> OdsqlParser.where("a = '" + "x".repeat(20_000) + "'"), "where", 20_000, "query is too long: expected at most 20000 characters");
            assertThat(w("a = '" + "x".repeat(19_990) + "'")).isEqualTo(eq(f("a"), s("x".repeat(19_990))));
            assertThat(w("(".repeat(100) + "a" + ")".repeat(100))).isEqualTo(f("a"));
            fails(() -> OdsqlParser.where("(".repeat(101) + "a" + ")".repeat(101)), "where", 100, "nested too deeply: expected at most 100 levels");
            fails(() -> OdsqlParser.where("(".repeat(10_000)), "where", 100, "nested too deeply");
            fails(() -> OdsqlParser.select("f(".repeat(5_000)), "select", 200, "nested too deeply");
            fails(() -> OdsqlParser.where("NOT ".repeat(2_000) + "a"), "where", ANY, "expression too complex");
            fails(() -> OdsqlParser.where("a = " + "-".repeat(5_000) + "a"), "where", ANY, "expression too complex");
            fails(() -> OdsqlParser.where("a" + "+a".repeat(5_000) + " = 1"), "where", ANY, "expression too complex");
            assertThat(OdsqlParser.where("a" + " OR a".repeat(998))).isNotNull();
            String nearly = String.join(",", java.util.Collections.nCopies(9_990, "1"));
            assertThat(((Expr.InList) OdsqlParser.where("f IN (" + nearly + ")")).values()).hasSize(9_990);
            // 10,001 values do not fit in 20,000 characters: check the IN cap with a longer length limit
            String values = String.join(",", java.util.Collections.nCopies(10_000, "1"));
            assertThat(((Expr.InList) OdsqlParser.where("f IN (" + values + ")", 100_000)).values()).hasSize(10_000);
            OdsqlException e = catchThrowableOfType(OdsqlException.class, () -> OdsqlParser.where("f IN (" + values + ",1)", 100_000));
            assertThat(e.getMessage()).contains("IN list too long: expected at most 10000 values");
            assertThat(e.position()).isEqualTo(6 + values.length() + 1);
        }

        @Test
        void everyClauseNamesItself() {
            for (String bad : List.of("(", "a IN", "'x", "f(", "a AS")) {
                List<Supplier<?>> parses = new ArrayList<>();
                parses.add(() -> OdsqlParser.where(bad));
                parses.add(() -> OdsqlParser.select(bad));
                parses.add(() -> OdsqlParser.groupBy(bad));
                parses.add(() -> OdsqlParser.orderBy(bad));
                List<String> clauses = List.of("where", "select", "group_by", "order_by");
                for (int i = 0; i < 4; i++) {
                    fails(parses.get(i), clauses.get(i), ANY, "expected");
                }
            }
        }
    }
}
