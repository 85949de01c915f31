package fr.geoeduc.server;

import com.fasterxml.jackson.databind.JsonNode;
import fr.geoeduc.core.ingest.ReferentielLoader;
import fr.geoeduc.core.store.SqliteStore;
import fr.geoeduc.core.testing.CommunesMillesimes;
import fr.geoeduc.server.explore.QuotaSettings;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.geojson.GeoJsonReader;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same commune codes in two millésimes: Ille-et-Vilaine's communes of 2018 (the real file) and of "2024" (35100
 * merged into 35163) loaded one after the other. referentiel-communes-2018 and -2024 each serve their own polygon of
 * 35163, 35100 only in 2018, and referentiel-communes the current ones (2024).
 */
class OgcMillesimesSideBySideTest {

    @TempDir
    static Path dir;
    static SqliteStore store;
    static GeoeducServer server;
    static OgcReferentielTest.OgcTestServerClient s;
    static int n2018;
    static int n2024;

    @BeforeAll
    static void start() {
        store = SqliteStore.open(dir.resolve("store"));
        ReferentielLoader loader = new ReferentielLoader(store);
        Path y2018 = CommunesMillesimes.communes2018(dir);
        n2018 = loader.loadBoundaries("commune", y2018, "2018");
        n2024 = loader.loadBoundaries("commune", CommunesMillesimes.communes2024(y2018, dir), "2024");
        server = GeoeducServer.start(store, "127.0.0.1", 0, null, new QuotaSettings(10_000_000, Map.of()));
        s = new OgcReferentielTest.OgcTestServerClient("http://127.0.0.1:" + server.port());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (store != null) {
            store.close();
        }
    }

    @Test
    void eachMillesimeServesItsOwnPolygonOfTheSameCode() throws Exception {
        Map<String, String> titles = new LinkedHashMap<>();
        s.ok("/ogc/collections").path("collections").forEach(c -> titles.put(c.path("id").asText(), c.path("title").asText()));
        assertThat(titles).containsEntry("referentiel-communes-2018", "Communes, millésime 2018")
                .containsEntry("referentiel-communes-2024", "Communes, millésime 2024")
                .containsEntry("referentiel-communes", "Communes (millésime 2024)");
        assertThat(matched("referentiel-communes-2018", null)).isEqualTo(n2018);
        assertThat(matched("referentiel-communes-2024", null)).isEqualTo(n2024).isEqualTo(n2018 - 1);
        assertThat(matched("referentiel-communes", null)).isEqualTo(n2024);

        JsonNode old = one("referentiel-communes-2018", CommunesMillesimes.NOUVELLE);
        JsonNode nouvelle = one("referentiel-communes-2024", CommunesMillesimes.NOUVELLE);
        JsonNode absorbed = one("referentiel-communes-2018", CommunesMillesimes.ABSORBED);
        assertThat(old.path("properties").path("millesime").asText()).isEqualTo("2018");
        assertThat(nouvelle.path("properties").path("millesime").asText()).isEqualTo("2024");
        assertThat(nouvelle.path("properties").path("nom").asText()).isEqualTo(CommunesMillesimes.NOUVELLE_NAME);
        assertThat(old.path("properties").path("nom").asText()).isNotEqualTo(CommunesMillesimes.NOUVELLE_NAME);
        assertThat(area(nouvelle)).as("the commune nouvelle's polygon covers both 2018 ones")
                .isCloseTo(area(old) + area(absorbed), Percentage.withPercentage(1)).isGreaterThan(area(old) * 1.05);
        assertThat(area(one("referentiel-communes", CommunesMillesimes.NOUVELLE))).isCloseTo(area(nouvelle), Percentage.withPercentage(0.1));

        assertThat(matched("referentiel-communes-2024", CommunesMillesimes.ABSORBED)).isZero();
        assertThat(matched("referentiel-communes", CommunesMillesimes.ABSORBED)).isZero();

        // a feature's own page: the same id in each millésime, each with its geometry
        String id = old.path("id").asText();
        assertThat(area(s.ok("/ogc/collections/referentiel-communes-2018/items/" + id))).isCloseTo(area(old), Percentage.withPercentage(0.1));
        assertThat(area(s.ok("/ogc/collections/referentiel-communes-2024/items/" + nouvelle.path("id").asText())))
                .isCloseTo(area(nouvelle), Percentage.withPercentage(0.1));
    }

    private static long matched(String collection, String code) throws Exception {
        return s.ok("/ogc/collections/" + collection + "/items?limit=1"
                + (code == null ? "" : "&filter=" + URLEncoder.encode("code = '" + code + "'", StandardCharsets.UTF_8)))
                .path("numberMatched").asLong();
    }

    private static JsonNode one(String collection, String code) throws Exception {
        JsonNode items = s.ok("/ogc/collections/" + collection + "/items?filter="
                + URLEncoder.encode("code = '" + code + "'", StandardCharsets.UTF_8));
        assertThat(items.path("features")).as(collection + " " + code).hasSize(1);
        return items.path("features").get(0);
    }

    private static double area(JsonNode feature) throws Exception {
        Geometry g = new GeoJsonReader().read(feature.path("geometry").toString());
        return g.getArea();
    }
}
