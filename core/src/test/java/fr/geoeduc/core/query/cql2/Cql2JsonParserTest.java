package fr.geoeduc.core.query.cql2;

import fr.geoeduc.core.query.odsql.Expr;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** CQL2-JSON gives the same tree as the same filter in CQL2-Text (the spec's examples and every other form); errors. */
class Cql2JsonParserTest {

    /** text ↔ JSON pairs: ogc-api.md §4.5 examples 1–14, then the other forms of §4.4. */
    static final List<String[]> PAIRS = List.of(
            new String[]{"type_etablissement = 'Lycée'", "{\"op\":\"=\",\"args\":[{\"property\":\"type_etablissement\"},\"Lycée\"]}"},
            new String[]{"nombre_eleves >= 500 AND statut = 'Public'",
                    "{\"op\":\"and\",\"args\":[{\"op\":\">=\",\"args\":[{\"property\":\"nombre_eleves\"},500]},{\"op\":\"=\",\"args\":[{\"property\":\"statut\"},\"Public\"]}]}"},
            new String[]{"code_departement IN ('971','972','973','974','976')",
                    "{\"op\":\"in\",\"args\":[{\"property\":\"code_departement\"},[\"971\",\"972\",\"973\",\"974\",\"976\"]]}"},
            new String[]{"code_departement NOT IN ('75','92')",
                    "{\"op\":\"not\",\"args\":[{\"op\":\"in\",\"args\":[{\"property\":\"code_departement\"},[\"75\",\"92\"]]}]}"},
            new String[]{"nom LIKE 'Lyc_e %Hugo'", "{\"op\":\"like\",\"args\":[{\"property\":\"nom\"},\"Lyc_e %Hugo\"]}"},
            new String[]{"CASEI(nom) LIKE CASEI('%jean moulin%')",
                    "{\"op\":\"like\",\"args\":[{\"op\":\"casei\",\"args\":[{\"property\":\"nom\"}]},{\"op\":\"casei\",\"args\":[\"%jean moulin%\"]}]}"},
            new String[]{"CASEI(commune) = CASEI('Saint-Denis')",
                    "{\"op\":\"=\",\"args\":[{\"op\":\"casei\",\"args\":[{\"property\":\"commune\"}]},{\"op\":\"casei\",\"args\":[\"Saint-Denis\"]}]}"},
            new String[]{"ips BETWEEN 90 AND 110", "{\"op\":\"between\",\"args\":[{\"property\":\"ips\"},90,110]}"},
            new String[]{"date_fermeture IS NOT NULL", "{\"op\":\"not\",\"args\":[{\"op\":\"isNull\",\"args\":[{\"property\":\"date_fermeture\"}]}]}"},
            new String[]{"S_INTERSECTS(geometry, BBOX(2.25, 48.81, 2.42, 48.90))",
                    "{\"op\":\"s_intersects\",\"args\":[{\"property\":\"geometry\"},{\"bbox\":[2.25,48.81,2.42,48.90]}]}"},
            new String[]{"S_INTERSECTS(geometry, POINT(55.45 -20.88))",
                    "{\"op\":\"s_intersects\",\"args\":[{\"property\":\"geometry\"},{\"type\":\"Point\",\"coordinates\":[55.45,-20.88]}]}"},
            new String[]{"date_ouverture >= DATE('2015-09-01') AND maj < TIMESTAMP('2024-06-30T23:59:59Z')",
                    "{\"op\":\"and\",\"args\":[{\"op\":\">=\",\"args\":[{\"property\":\"date_ouverture\"},{\"date\":\"2015-09-01\"}]},{\"op\":\"<\",\"args\":[{\"property\":\"maj\"},{\"timestamp\":\"2024-06-30T23:59:59Z\"}]}]}"},
            new String[]{"NOT (secteur = 'Privé' OR ulis = TRUE)",
                    "{\"op\":\"not\",\"args\":[{\"op\":\"or\",\"args\":[{\"op\":\"=\",\"args\":[{\"property\":\"secteur\"},\"Privé\"]},{\"op\":\"=\",\"args\":[{\"property\":\"ulis\"},true]}]}]}"},
            new String[]{"nom = 'Lycée l''Oiseau'", "{\"op\":\"=\",\"args\":[{\"property\":\"nom\"},\"Lycée l'Oiseau\"]}"},
            // the other forms
            new String[]{"a = 1 AND b = 2 AND c = 3", "{\"op\":\"and\",\"args\":[{\"op\":\"=\",\"args\":[{\"property\":\"a\"},1]},"
                    + "{\"op\":\"=\",\"args\":[{\"property\":\"b\"},2]},{\"op\":\"=\",\"args\":[{\"property\":\"c\"},3]}]}"},
            new String[]{"a <> 1.5 OR b < 2 OR b <= 3 OR b > 4", "{\"op\":\"or\",\"args\":[{\"op\":\"<>\",\"args\":[{\"property\":\"a\"},1.5]},"
                    + "{\"op\":\"<\",\"args\":[{\"property\":\"b\"},2]},{\"op\":\"<=\",\"args\":[{\"property\":\"b\"},3]},{\"op\":\">\",\"args\":[{\"property\":\"b\"},4]}]}"},
            new String[]{"nom NOT LIKE 'A%'", "{\"op\":\"not\",\"args\":[{\"op\":\"like\",\"args\":[{\"property\":\"nom\"},\"A%\"]}]}"},
            new String[]{"ips NOT BETWEEN 1 AND 2", "{\"op\":\"not\",\"args\":[{\"op\":\"between\",\"args\":[{\"property\":\"ips\"},1,2]}]}"},
            new String[]{"d IS NULL", "{\"op\":\"isNull\",\"args\":[{\"property\":\"d\"}]}"},
            new String[]{"ACCENTI(nom) = ACCENTI('Élise')",
                    "{\"op\":\"=\",\"args\":[{\"op\":\"accenti\",\"args\":[{\"property\":\"nom\"}]},{\"op\":\"accenti\",\"args\":[\"Élise\"]}]}"},
            new String[]{"TRUE", "true"},
            new String[]{"S_WITHIN(g, POLYGON((2 48, 3 48, 3 49, 2 48)))", "{\"op\":\"s_within\",\"args\":[{\"property\":\"g\"},"
                    + "{\"type\":\"Polygon\",\"coordinates\":[[[2,48],[3,48],[3,49],[2,48]]]}]}"},
            new String[]{"S_CONTAINS(g, MULTIPOINT((2 48),(3 49)))", "{\"op\":\"s_contains\",\"args\":[{\"property\":\"g\"},"
                    + "{\"type\":\"MultiPoint\",\"coordinates\":[[2,48],[3,49]]}]}"},
            new String[]{"S_DISJOINT(g, LINESTRING(2 48, 3 49))", "{\"op\":\"s_disjoint\",\"args\":[{\"property\":\"g\"},"
                    + "{\"type\":\"LineString\",\"coordinates\":[[2,48],[3,49]]}]}"},
            new String[]{"S_EQUALS(g, POINT(2 48))", "{\"op\":\"s_equals\",\"args\":[{\"property\":\"g\"},{\"type\":\"Point\",\"coordinates\":[2,48]}]}"},
            new String[]{"S_INTERSECTS(g, BBOX(170, -20, -170, -10))", "{\"op\":\"s_intersects\",\"args\":[{\"property\":\"g\"},{\"bbox\":[170,-20,-170,-10]}]}"},
            new String[]{"S_DWITHIN(g, POINT(2 48), 5, kilometers)",
                    "{\"op\":\"s_dwithin\",\"args\":[{\"property\":\"g\"},{\"type\":\"Point\",\"coordinates\":[2,48]},5,\"kilometers\"]}"});

    static Expr json(String json) {
        return Cql2.parseJson(json, UnaryOperator.identity());
    }

    @Test
    void everyJsonFormGivesTheTreeOfItsTextForm() {
        for (String[] pair : PAIRS) {
            Expr text = Cql2.parseText(pair[0], UnaryOperator.identity());
            assertThat(Trees.shape(json(pair[1]))).as(pair[0]).isEqualTo(Trees.shape(text));
        }
        // and two different filters do not compare equal (the comparison can fail)
        assertThat(Trees.shape(json(PAIRS.get(0)[1]))).isNotEqualTo(Trees.shape(Cql2.parseText("type_etablissement = 'Lycee'", null)));
    }

    @Test
    void errorsGiveTheOffsetInTheJson() {
        assertError("{\"op\":\"=\",\"args\":[{\"property\":\"a\"}]}", 17, "2 arguments attendus pour \"=\", trouvé 1");
        assertError("{\"op\":\"and\",\"args\":[true]}", 19, "au moins 2 arguments attendus pour \"and\", trouvé 1");
        assertError("{\"op\":\"t_after\",\"args\":[]}", 6, "les fonctions temporelles (T_AFTER) ne sont pas prises en charge");
        assertError("{\"op\":\"frobnicate\",\"args\":[]}", 6, "fonction inconnue frobnicate()");
        assertError("{\"op\":\"=\",\"args\":[{\"property\":\"a\"},null]}", 35, "null n'est pas une valeur CQL2");
        assertError("{\"op\":\"=\",\"args\":[{\"property\":\"a\"},{\"nom\":1}]}", 35, "objet avec \"op\" et \"args\"");
        assertError("{\"op\":\"=\",\"args\":[{\"property\":\"a\"},[1,2]]}", 35, "tableau inattendu");
        assertError("{\"op\":\"in\",\"args\":[{\"property\":\"a\"},1]}", 18, "arguments de \"in\" attendus sous la forme [valeur, [liste de valeurs]]");
        assertError("{\"op\":\"s_intersects\",\"args\":[{\"property\":\"g\"},{\"type\":\"Point\",\"coordinates\":[1]}]}", 76, "géométrie GeoJSON invalide");
        assertError("{\"op\":\"s_intersects\",\"args\":[{\"property\":\"g\"},{\"type\":\"Blob\",\"coordinates\":[1,2]}]}", 46, "géométrie GeoJSON invalide");
        assertError("{\"op\":\"=\",\"args\":[{\"property\":\"a\"},{\"date\":\"2024-02-30\"}]}", 43, "n'est pas une date valide");
        assertError("{\"op\":\"=\",\"args\":[{\"property\":\"a\"},1]", 37, "JSON mal formé");
        assertError("{\"op\":\"=\",\"op\":\"<\"}", 10, "membre \"op\" en double");
        assertError("{\"op\":\"=\"}", 0, "\"args\" attendu");
        assertError("true false", 5, "fin du JSON attendue après l'expression");
        assertError("  ", 0, "le filtre est vide");
        assertError("{\"property\":3}", 12, "attendu : un nom de propriété (une chaîne JSON), trouvé le nombre 3");
        assertError("[".repeat(300) + "]".repeat(300), 201, "le filtre est trop imbriqué");
    }

    static void assertError(String json, int position, String message) {
        assertThatThrownBy(() -> json(json)).as(json).isInstanceOfSatisfying(Cql2Exception.class, e -> {
            assertThat(e.getMessage()).as(json).contains(message).startsWith("Filtre invalide à la position " + position + " : ");
            assertThat(e.position()).as("position in %s (%s)", json, e.getMessage()).isEqualTo(position);
        });
    }
}
