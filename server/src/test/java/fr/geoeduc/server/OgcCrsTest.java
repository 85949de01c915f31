package fr.geoeduc.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static fr.geoeduc.server.OgcCoreTest.enc;
import static fr.geoeduc.server.OgcCoreTest.lat;
import static fr.geoeduc.server.OgcCoreTest.located;
import static fr.geoeduc.server.OgcCoreTest.lon;
import static fr.geoeduc.server.OgcTestServer.COLLEGES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * OGC API – Features Part 2 (CRS by reference), abstract tests A.1–A.4 of its conformance class {@code crs}: the CRS
 * lists, {@code storageCrs}, {@code crs} on items and one item with {@code Content-Crs}, {@code bbox-crs}, 400 for an
 * unsupported CRS. Projected coordinates are checked against the file's own x/y columns in the CRS each row states.
 */
class OgcCrsTest {

    private static final String ITEMS = "/ogc/collections/" + COLLEGES + "/items";
    private static final String EPSG = "http://www.opengis.net/def/crs/EPSG/0/";
    private static final String CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84";

    @RegisterExtension
    static final OgcTestServer s = new OgcTestServer();
    static Map<String, Map<String, String>> byUai = new HashMap<>();

    @BeforeAll
    static void start() {
        s.colleges.forEach(r -> byUai.put(r.get("numero_uai"), r));
    }

    @Test
    void collectionsListTheirCrsWithCrs84FirstAndTheStorageCrs() {
        JsonNode list = s.ok("/ogc/collections");
        assertThat(list.path("crs").get(0).asText()).isEqualTo(CRS84);
        JsonNode c = s.ok("/ogc/collections/" + COLLEGES);
        List<String> crs = new ArrayList<>();
        c.path("crs").forEach(x -> crs.add(x.asText()));
        assertThat(crs.get(0)).isEqualTo(CRS84);
        assertThat(crs).contains(EPSG + "4326", EPSG + "2154", EPSG + "2972", EPSG + "2975", EPSG + "5490", EPSG + "32620",
                EPSG + "32621", EPSG + "32738", EPSG + "4471");
        assertThat(crs).contains(c.path("storageCrs").asText());
        assertThat(c.path("storageCrs").asText()).isEqualTo(CRS84);
    }

    /** Coordinates of every feature by UAI, in the given CRS. */
    private Map<String, double[]> coordinates(String query, String crsCode) {
        OgcTestServer.Answer a = s.get(ITEMS + "?limit=10000&crs=" + enc(EPSG + crsCode) + (query.isEmpty() ? "" : "&" + query), null);
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        assertThat(a.header("Content-Crs")).isEqualTo("<" + EPSG + crsCode + ">");
        Map<String, double[]> out = new HashMap<>();
        for (JsonNode f : a.json().path("features")) {
            JsonNode xy = f.path("geometry").path("coordinates");
            if (xy.isArray()) {
                out.put(f.path("properties").path("numero_uai").asText(), new double[]{xy.get(0).asDouble(), xy.get(1).asDouble()});
            }
        }
        return out;
    }

    private int compareWithFileXy(Map<String, double[]> got, String epsg, double toleranceMetres) {
        int compared = 0;
        for (Map.Entry<String, double[]> e : got.entrySet()) {
            Map<String, String> row = byUai.get(e.getKey());
            if (row.get("EPSG").equals("EPSG:" + epsg) && !row.get("coordonnee_x").isBlank()) {
                assertThat(e.getValue()[0]).as(e.getKey() + " x").isCloseTo(Double.parseDouble(row.get("coordonnee_x")), within(toleranceMetres));
                assertThat(e.getValue()[1]).as(e.getKey() + " y").isCloseTo(Double.parseDouble(row.get("coordonnee_y")), within(toleranceMetres));
                compared++;
            }
        }
        return compared;
    }

    @Test
    void lambert93CoordinatesAreTheFileOwnXy() {
        Map<String, double[]> got = coordinates("bbox=-6,41,10,52", "2154");
        int compared = compareWithFileXy(got, "2154", 1.0);
        assertThat(compared).isGreaterThan(7000);
    }

    @Test
    void overseasUtmCoordinatesAreTheFileOwnXy() {
        assertThat(compareWithFileXy(coordinates("bbox=55,-21.5,56,-20.8", "2975"), "2975", 1.0)).as("La Réunion").isGreaterThan(50);
        assertThat(compareWithFileXy(coordinates("bbox=-55,2,-51,6", "2972"), "2972", 1.0)).as("Guyane").isGreaterThan(20);
        assertThat(compareWithFileXy(coordinates("bbox=-62,14,-60.5,16.6", "32620"), "32620", 1.0)).as("Antilles").isGreaterThan(50);
        assertThat(compareWithFileXy(coordinates("bbox=44.9,-13.1,45.4,-12.5", "32738"), "32738", 1.0)).as("Mayotte").isGreaterThan(10);
    }

    @Test
    void epsg4326IsWrittenLatitudeFirst() {
        Map<String, double[]> got = coordinates("libelle_academie=Rennes", "4326");
        assertThat(got).isNotEmpty();
        got.forEach((uai, latLon) -> {
            Map<String, String> row = byUai.get(uai);
            assertThat(latLon[0]).isCloseTo(lat(row), within(1e-9));
            assertThat(latLon[1]).isCloseTo(lon(row), within(1e-9));
        });
    }

    @Test
    void oneFeatureInAnotherCrsHasItsContentCrs() {
        JsonNode first = s.ok(ITEMS + "?limit=1&libelle_academie=Rennes").path("features").get(0);
        Map<String, String> row = byUai.get(first.path("properties").path("numero_uai").asText());
        OgcTestServer.Answer a = s.get(ITEMS + "/" + first.path("id").asText() + "?crs=" + enc(EPSG + "2154"), "application/geo+json");
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.header("Content-Crs")).isEqualTo("<" + EPSG + "2154>");
        JsonNode xy = a.json().path("geometry").path("coordinates");
        assertThat(xy.get(0).asDouble()).isCloseTo(Double.parseDouble(row.get("coordonnee_x")), within(1.0));
        assertThat(xy.get(1).asDouble()).isCloseTo(Double.parseDouble(row.get("coordonnee_y")), within(1.0));
        assertThat(s.get(ITEMS + "/" + first.path("id").asText(), null).header("Content-Crs")).isEqualTo("<" + CRS84 + ">");
    }

    @Test
    void bboxInLambert93SelectsOnTheFileOwnXy() {
        double x1 = 300_000, y1 = 6_700_000, x2 = 420_000, y2 = 6_850_000; // Bretagne
        OgcTestServer.Answer a = s.get(ITEMS + "?limit=10000&bbox=" + x1 + "," + y1 + "," + x2 + "," + y2 + "&bbox-crs=" + enc(EPSG + "2154"), null);
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        long expected = s.colleges.stream().filter(r -> r.get("EPSG").equals("EPSG:2154") && located(r) && !r.get("coordonnee_x").isBlank())
                .filter(r -> {
                    double x = Double.parseDouble(r.get("coordonnee_x"));
                    double y = Double.parseDouble(r.get("coordonnee_y"));
                    return x >= x1 && x <= x2 && y >= y1 && y <= y2;
                }).count();
        long unlocated = s.colleges.stream().filter(r -> !located(r)).count();
        assertThat(expected).isGreaterThan(100);
        assertThat(a.json().path("numberMatched").asLong()).isEqualTo(expected + unlocated);
    }

    @Test
    void bboxInEpsg4326IsSouthWestNorthEast() {
        long crs84 = s.ok(ITEMS + "?bbox=-2.3,47.6,-1.0,48.8").path("numberMatched").asLong();
        long latLon = s.ok(ITEMS + "?bbox=47.6,-2.3,48.8,-1.0&bbox-crs=" + enc(EPSG + "4326")).path("numberMatched").asLong();
        assertThat(latLon).isEqualTo(crs84);
        long lonLatReadAsLatLon = s.ok(ITEMS + "?bbox=-2.3,47.6,-1.0,48.8&bbox-crs=" + enc(EPSG + "4326")).path("numberMatched").asLong();
        assertThat(lonLatReadAsLatLon).isNotEqualTo(crs84);
    }

    @Test
    void everyListedCrsAnswersTheWholeCollectionWithFiniteCoordinates() {
        JsonNode c = s.ok("/ogc/collections/" + COLLEGES);
        for (JsonNode crs : c.path("crs")) {
            OgcTestServer.Answer a = s.get(ITEMS + "?limit=10000&crs=" + enc(crs.asText()), null);
            assertThat(a.status()).as(crs.asText()).isEqualTo(200);
            assertThat(a.header("Content-Crs")).isEqualTo("<" + crs.asText() + ">");
            JsonNode features = a.json().path("features");
            assertThat(features).hasSize(s.colleges.size());
            int located = 0;
            for (JsonNode f : features) {
                JsonNode xy = f.path("geometry").path("coordinates");
                if (xy.isArray()) {
                    located++;
                    assertThat(xy.get(0).isNumber() && xy.get(1).isNumber()).as(crs + " " + xy).isTrue();
                    assertThat(Double.isFinite(xy.get(0).asDouble()) && Double.isFinite(xy.get(1).asDouble())).as(crs + " " + xy).isTrue();
                }
            }
            // the CRS's own territory is always expressed (points the projection cannot express have no geometry)
            assertThat(located).as(crs.asText()).isGreaterThanOrEqualTo(crs.asText().endsWith("/4471") ? 1 : 25);
        }
    }

    @Test
    void unsupportedCrsIsABadRequestNamingTheParameter() {
        for (String p : List.of("crs", "bbox-crs")) {
            for (String bad : List.of(EPSG + "3857", "EPSG:9999", "n'importe quoi")) {
                OgcTestServer.Answer a = s.get(ITEMS + "?bbox=0,40,5,50&" + p + "=" + enc(bad), null);
                assertThat(a.status()).as(p + "=" + bad).isEqualTo(400);
                assertThat(a.json().path("description").asText()).contains(p);
            }
        }
        String id = s.ok(ITEMS + "?limit=1").path("features").get(0).path("id").asText();
        assertThat(s.get(ITEMS + "/" + id + "?crs=" + enc(EPSG + "3857"), null).status()).isEqualTo(400);
    }
}
