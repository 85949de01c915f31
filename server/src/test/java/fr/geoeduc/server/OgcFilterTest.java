package fr.geoeduc.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.text.Normalizer;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

import static fr.geoeduc.server.OgcCoreTest.enc;
import static fr.geoeduc.server.OgcCoreTest.lat;
import static fr.geoeduc.server.OgcCoreTest.located;
import static fr.geoeduc.server.OgcCoreTest.lon;
import static fr.geoeduc.server.OgcTestServer.COLLEGES;
import static fr.geoeduc.server.OgcTestServer.RESTRICTED;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * OGC API – Features Part 3 (queryables, queryables-query-parameters, filter, features-filter) and the CQL2 classes
 * declared (basic-cql2, advanced comparison, case- and accent-insensitive comparison, basic spatial functions with
 * any WKT, cql2-text, cql2-json), following their abstract tests; counts computed from the CSV.
 */
class OgcFilterTest {

    private static final String COLLECTION = "/ogc/collections/" + COLLEGES;
    private static final String ITEMS = COLLECTION + "/items";

    @RegisterExtension
    static final OgcTestServer s = new OgcTestServer();

    long count(Predicate<Map<String, String>> p) {
        return s.colleges.stream().filter(p).count();
    }

    long matched(String filter) {
        return s.ok(ITEMS + "?filter=" + enc(filter)).path("numberMatched").asLong();
    }

    long matchedJson(String filter) {
        return s.ok(ITEMS + "?filter-lang=cql2-json&filter=" + enc(filter)).path("numberMatched").asLong();
    }

    static String unaccent(String v) {
        return Normalizer.normalize(v, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
    }

    @Test
    void queryablesAreAJsonSchemaOfTheCollectionFields() {
        OgcTestServer.Answer a = s.get(COLLECTION + "/queryables", "application/schema+json");
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.contentType()).startsWith("application/schema+json");
        JsonNode q = a.json();
        assertThat(q.path("$schema").asText()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        assertThat(q.path("$id").asText()).isEqualTo(s.base + COLLECTION + "/queryables");
        assertThat(q.path("type").asText()).isEqualTo("object");
        assertThat(q.path("additionalProperties").asBoolean(true)).isFalse();
        JsonNode p = q.path("properties");
        assertThat(p.path("position").path("format").asText()).isEqualTo("geometry-point");
        assertThat(p.path("position").has("type")).isFalse();
        assertThat(p.path("position").path("x-ogc-role").asText()).isEqualTo("primary-geometry");
        assertThat(p.path("date_ouverture").path("format").asText()).isEqualTo("date");
        assertThat(p.path("coordonnee_x").path("type").asText()).isEqualTo("number");
        p.fields().forEachRemaining(e -> {
            if (!e.getKey().equals("position")) {
                assertThat(e.getValue().path("type").asText()).as(e.getKey()).isNotBlank();
            }
        });
        JsonNode collection = s.ok(COLLECTION);
        assertThat(OgcCoreTest.rels(collection.path("links"), null)).containsKey("http://www.opengis.net/def/rel/ogc/1.0/queryables");
        assertThat(s.get("/ogc/collections/" + RESTRICTED + "/queryables", null).status()).isEqualTo(404);
    }

    @Test
    void queryablesSayWhichFieldsTheFeaturesLeaveOutAndTitleOnlyRealLabels() {
        JsonNode q = s.ok(COLLECTION + "/queryables").path("properties");
        JsonNode shown = s.ok(ITEMS + "?limit=1").path("features").get(0).path("properties");
        List<String> filterOnly = new java.util.ArrayList<>();
        q.fields().forEachRemaining(e -> {
            String title = e.getValue().path("title").asText(null);
            if (title != null) {
                assertThat(title).as(e.getKey() + ": a title only when the label is more than the name").isNotEqualToIgnoringCase(e.getKey());
            }
            if (!e.getKey().equals("position") && !shown.has(e.getKey())) {
                filterOnly.add(e.getKey());
                assertThat(e.getValue().path("description").asText()).as(e.getKey())
                        .contains("calculé par GéoÉduc").endsWith("ne figure pas dans les propriétés des objets ni dans les téléchargements.");
            } else {
                assertThat(e.getValue().path("description").asText()).as(e.getKey()).doesNotContain("ne figure pas");
            }
        });
        assertThat(filterOnly).contains("uai_valide", "departement_cog", "commune_cog");
        assertThat(q.path("uai_valide").path("title").asText()).isEqualTo("UAI valide");
        assertThat(q.has("identifiant_de_l_etablissement") ? q.path("identifiant_de_l_etablissement").has("title") : false).isFalse();
    }

    @Test
    void conformanceListsTheFourClassesQgisNeedsForServerSideCql2() {
        JsonNode c = s.ok("/ogc/conformance");
        List<String> uris = new java.util.ArrayList<>();
        c.path("conformsTo").forEach(u -> uris.add(u.asText()));
        assertThat(uris).contains("http://www.opengis.net/spec/cql2/1.0/conf/basic-cql2",
                "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter",
                "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter",
                "http://www.opengis.net/spec/cql2/1.0/conf/cql2-text",
                "http://www.opengis.net/spec/cql2/1.0/conf/cql2-json",
                "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables",
                "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables-query-parameters");
        assertThat(uris).noneMatch(u -> u.endsWith("/spatial-functions") || u.endsWith("/temporal-functions")
                || u.endsWith("/array-functions") || u.endsWith("/property-property") || u.endsWith("/arithmetic") || u.endsWith("/functions"));
    }

    @Test
    void basicCql2ComparisonsAndLogicInTextAndJson() {
        long rennesPrive = count(r -> r.get("libelle_academie").equals("Rennes") && r.get("secteur_public_prive_libe").equals("Privé"));
        assertThat(rennesPrive).isPositive();
        assertThat(matched("libelle_academie = 'Rennes' AND secteur_public_prive_libe = 'Privé'")).isEqualTo(rennesPrive);
        assertThat(matched("((libelle_academie = 'Rennes') AND (NOT (secteur_public_prive_libe = 'Public')))")).isEqualTo(rennesPrive);
        assertThat(matchedJson("{\"op\":\"and\",\"args\":[{\"op\":\"=\",\"args\":[{\"property\":\"libelle_academie\"},\"Rennes\"]},"
                + "{\"op\":\"=\",\"args\":[{\"property\":\"secteur_public_prive_libe\"},\"Privé\"]}]}")).isEqualTo(rennesPrive);
        long since2010 = count(r -> !r.get("date_ouverture").isBlank() && LocalDate.parse(r.get("date_ouverture")).getYear() >= 2010);
        assertThat(matched("date_ouverture >= DATE('2010-01-01')")).isEqualTo(since2010);
        assertThat(matched("date_ouverture IS NULL")).isEqualTo(count(r -> r.get("date_ouverture").isBlank()));
        long east = count(r -> !r.get("coordonnee_x").isBlank() && Double.parseDouble(r.get("coordonnee_x")) > 900000);
        assertThat(matched("coordonnee_x > 900000")).isEqualTo(east);
        // a filter is kept in the next link, with the other parameters
        JsonNode page = s.ok(ITEMS + "?limit=5&filter=" + enc("libelle_academie = 'Rennes'"));
        String next = OgcCoreTest.rels(page.path("links"), null).get("next");
        assertThat(s.ok(next).path("features")).allSatisfy(f -> assertThat(f.path("properties").path("libelle_academie").asText()).isEqualTo("Rennes"));
    }

    @Test
    void advancedComparisonOperators() {
        assertThat(matched("appellation_officielle LIKE 'Collège Jean%'"))
                .isEqualTo(count(r -> r.get("appellation_officielle").startsWith("Collège Jean")));
        assertThat(matched("libelle_academie IN ('Rennes', 'Nantes')"))
                .isEqualTo(count(r -> List.of("Rennes", "Nantes").contains(r.get("libelle_academie"))));
        assertThat(matched("libelle_academie NOT IN ('Rennes', 'Nantes')"))
                .isEqualTo(count(r -> !r.get("libelle_academie").isBlank() && !List.of("Rennes", "Nantes").contains(r.get("libelle_academie"))));
        Predicate<Map<String, String>> between = r -> !r.get("coordonnee_x").isBlank()
                && Double.parseDouble(r.get("coordonnee_x")) >= 300000 && Double.parseDouble(r.get("coordonnee_x")) <= 400000;
        assertThat(matched("coordonnee_x BETWEEN 300000 AND 400000")).isEqualTo(count(between)).isPositive();
        assertThat(matchedJson("{\"op\":\"between\",\"args\":[{\"property\":\"coordonnee_x\"},300000,400000]}")).isEqualTo(count(between));
    }

    @Test
    void caseAndAccentInsensitiveComparison() {
        long rennes = count(r -> r.get("libelle_commune").equalsIgnoreCase("rennes"));
        assertThat(rennes).isPositive();
        assertThat(matched("CASEI(libelle_commune) = CASEI('RENNES')")).isEqualTo(rennes);
        long ardeche = count(r -> unaccent(r.get("libelle_departement")).toLowerCase(Locale.ROOT).equals("ardeche"));
        assertThat(ardeche).isPositive();
        assertThat(matched("ACCENTI(CASEI(libelle_departement)) = ACCENTI(CASEI('ARDECHE'))")).isEqualTo(ardeche);
        assertThat(matched("libelle_departement = 'Ardeche'")).as("without ACCENTI the accent matters").isZero();
    }

    @Test
    void spatialIntersectsWithBboxPointAndPolygonLiteralsAndFilterCrs() {
        long inBox = count(r -> located(r) && lon(r) >= -2.3 && lon(r) <= -1.0 && lat(r) >= 47.6 && lat(r) <= 48.8);
        assertThat(matched("S_INTERSECTS(position, BBOX(-2.3,47.6,-1.0,48.8))")).isEqualTo(inBox);
        assertThat(matched("S_INTERSECTS(position, POLYGON((-2.3 47.6, -1.0 47.6, -1.0 48.8, -2.3 48.8, -2.3 47.6)))")).isEqualTo(inBox);
        assertThat(matchedJson("{\"op\":\"s_intersects\",\"args\":[{\"property\":\"position\"},{\"bbox\":[-2.3,47.6,-1.0,48.8]}]}"))
                .isEqualTo(inBox);
        Map<String, String> one = s.colleges.stream().filter(OgcCoreTest::located).findFirst().orElseThrow();
        long samePlace = count(r -> located(r) && lat(r) == lat(one) && lon(r) == lon(one));
        assertThat(matched("S_INTERSECTS(position, POINT(" + one.get("longitude") + " " + one.get("latitude") + "))")).isEqualTo(samePlace);
        // a Lambert-93 polygon with filter-crs, checked against the file's own x/y
        String polygon = "POLYGON((300000 6700000, 420000 6700000, 420000 6850000, 300000 6850000, 300000 6700000))";
        long expected = count(r -> r.get("EPSG").equals("EPSG:2154") && located(r) && !r.get("coordonnee_x").isBlank()
                && Double.parseDouble(r.get("coordonnee_x")) >= 300000 && Double.parseDouble(r.get("coordonnee_x")) <= 420000
                && Double.parseDouble(r.get("coordonnee_y")) >= 6700000 && Double.parseDouble(r.get("coordonnee_y")) <= 6850000);
        assertThat(s.ok(ITEMS + "?filter-crs=" + enc("http://www.opengis.net/def/crs/EPSG/0/2154") + "&filter="
                + enc("S_INTERSECTS(position, " + polygon + ")")).path("numberMatched").asLong()).isEqualTo(expected).isGreaterThan(100);
    }

    @Test
    void badFiltersAreBadRequestsNamingTheParameter() {
        Map<String, String> bad = Map.of(
                "filter=" + enc("libelle_academie = "), "filter",
                "filter=" + enc("inconnu = 'x'"), "inconnu",
                "filter=" + enc("libelle_academie = 'Rennes'") + "&filter-lang=cql", "filter-lang",
                "filter-lang=cql2-json&filter=" + enc("{\"op\":\"=\""), "filter",
                "filter=" + enc("S_INTERSECTS(position, POINT(1 2))") + "&filter-crs=EPSG:3857", "filter-crs",
                "filter=" + enc("S_INTERSECTS(position, POINT(300 100))"), "filter",
                "filter=" + enc("T_AFTER(date_ouverture, DATE('2020-01-01'))"), "filter");
        bad.forEach((query, name) -> {
            OgcTestServer.Answer a = s.get(ITEMS + "?" + query, null);
            assertThat(a.status()).as(query + " -> " + a.body()).isEqualTo(400);
            assertThat(a.json().path("code").asText()).isEqualTo("InvalidParameterValue");
            assertThat(a.json().path("description").asText()).as(query).contains(name);
        });
    }

    @Test
    void filterErrorsAreInFrenchWithThePositionAndWhatWasFound() {
        OgcTestServer.Answer a = s.get(ITEMS + "?filter=" + enc("libelle_academie = 'Rennes' AND )"), null);
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.json().path("code").asText()).isEqualTo("InvalidParameterValue");
        assertThat(a.json().path("description").asText()).isEqualTo(
                "paramètre filter : Filtre invalide à la position 32 : nom de propriété ou valeur attendu, trouvé « ) »");
        OgcTestServer.Answer json = s.get(ITEMS + "?filter-lang=cql2-json&filter=" + enc("{\"op\":\"=\",\"args\":[{\"property\":\"ips\"}]}"), null);
        assertThat(json.json().path("description").asText()).isEqualTo(
                "paramètre filter : Filtre invalide à la position 17 : 2 arguments attendus pour \"=\", trouvé 1");
        OgcTestServer.Answer spatial = s.get(ITEMS + "?filter=" + enc("S_INTERSECTS(libelle_academie, POINT(-1.68 48.11))"), null);
        assertThat(spatial.status()).isEqualTo(400);
        assertThat(spatial.json().path("description").asText()).isEqualTo("paramètre filter : « libelle_academie » n'est pas une géométrie : "
                + "les prédicats spatiaux (S_INTERSECTS, S_WITHIN…) s'appliquent à la géométrie de la collection, « position »");
    }
}
