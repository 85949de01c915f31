package fr.geoeduc.server;

import com.fasterxml.jackson.databind.JsonNode;
import fr.geoeduc.core.ingest.ReferentielLoader;
import fr.geoeduc.core.testing.CommunesMillesimes;
import fr.geoeduc.server.explore.QuotaSettings;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Geometry;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static fr.geoeduc.server.OgcReferentielTest.OgcTestServerClient.area;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One communes collection per millésime, several millésimes side by side: Ille-et-Vilaine's communes of 2018 (the real
 * file) and of "2024" (made from them: 35100 merged into 35163), the Côtes-d'Armor's of 2018 only. referentiel-communes-2018
 * and -2024 each serve their own communes (items, counts, queryables, tiles), each its own polygon of 35163, and
 * referentiel-communes the current ones: Ille-et-Vilaine at 2024 beside the Côtes-d'Armor at 2018.
 */
class OgcMillesimesTest {

    @TempDir
    static Path dir;
    static TestServer server;
    static OgcReferentielTest.OgcTestServerClient s;
    static int ille;
    static int ille2024;
    static int armor;

    @BeforeAll
    static void start() throws IOException {
        server = TestServer.in(dir);
        ReferentielLoader loader = new ReferentielLoader(server.store);
        Path y2018 = CommunesMillesimes.communes2018(dir);
        ille = loader.loadBoundaries("commune", y2018, "2018");
        ille2024 = loader.loadBoundaries("commune", CommunesMillesimes.communes2024(y2018, dir), "2024");
        armor = loader.loadBoundaries("commune", TestData.file("geometry/communes-2018/communes-22-cotes-d-armor.geojson"), "2018");
        s = new OgcReferentielTest.OgcTestServerClient(server.start(null, new QuotaSettings(10_000_000, Map.of())).base());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static String enc(String v) {
        return URLEncoder.encode(v, StandardCharsets.UTF_8);
    }

    @Test
    void eachMillesimeIsACollectionBesideTheCurrentOne() throws Exception {
        Map<String, String> titles = new java.util.LinkedHashMap<>();
        s.ok("/ogc/collections").path("collections").forEach(c -> titles.put(c.path("id").asText(), c.path("title").asText()));
        assertThat(titles).containsEntry("referentiel-communes-2018", "Communes, millésime 2018")
                .containsEntry("referentiel-communes-2024", "Communes, millésime 2024")
                .containsEntry("referentiel-communes", "Communes (millésime 2018, 2024)");
        assertThat(ille2024).isEqualTo(ille - 1);
        assertThat(matched("referentiel-communes", null)).isEqualTo(ille2024 + armor);
        assertThat(matched("referentiel-communes-2018", null)).isEqualTo(ille + armor);
        assertThat(matched("referentiel-communes-2024", null)).isEqualTo(ille2024);
        assertThat(s.ok("/ogc/collections/referentiel-communes-2024/items?limit=1&filter=" + enc("millesime <> '2024'"))
                .path("numberMatched").asLong()).isZero();
        JsonNode saintBrieuc = s.one("referentiel-communes", "22278");
        assertThat(saintBrieuc.path("properties").path("nom").asText()).isEqualTo("Saint-Brieuc");
        assertThat(saintBrieuc.path("properties").path("millesime").asText()).as("a département loaded in 2018 only").isEqualTo("2018");
        assertThat(matched("referentiel-communes-2024", "22278")).isZero();
        Set<String> queryables = new HashSet<>();
        s.ok("/ogc/collections/referentiel-communes-2018/queryables").path("properties").fieldNames().forEachRemaining(queryables::add);
        assertThat(queryables).contains("code", "nom", "millesime");
        assertThat(s.bytes("/ogc/collections/referentiel-communes-2019/items").statusCode()).isEqualTo(404);
    }

    @Test
    void eachMillesimeServesItsOwnPolygonOfTheSameCode() throws Exception {
        JsonNode old = s.one("referentiel-communes-2018", CommunesMillesimes.NOUVELLE);
        JsonNode nouvelle = s.one("referentiel-communes-2024", CommunesMillesimes.NOUVELLE);
        JsonNode absorbed = s.one("referentiel-communes-2018", CommunesMillesimes.ABSORBED);
        assertThat(old.path("properties").path("millesime").asText()).isEqualTo("2018");
        assertThat(nouvelle.path("properties").path("millesime").asText()).isEqualTo("2024");
        assertThat(nouvelle.path("properties").path("nom").asText()).isEqualTo(CommunesMillesimes.NOUVELLE_NAME);
        assertThat(old.path("properties").path("nom").asText()).isNotEqualTo(CommunesMillesimes.NOUVELLE_NAME);
        assertThat(area(nouvelle)).as("the commune nouvelle's polygon covers both 2018 ones")
                .isCloseTo(area(old) + area(absorbed), Percentage.withPercentage(1)).isGreaterThan(area(old) * 1.05);
        assertThat(area(s.one("referentiel-communes", CommunesMillesimes.NOUVELLE))).isCloseTo(area(nouvelle), Percentage.withPercentage(0.1));
        assertThat(matched("referentiel-communes-2024", CommunesMillesimes.ABSORBED)).isZero();
        assertThat(matched("referentiel-communes", CommunesMillesimes.ABSORBED)).isZero();

        // a feature's own page: the same code in each millésime, each with its geometry
        assertThat(area(s.ok("/ogc/collections/referentiel-communes-2018/items/" + old.path("id").asText())))
                .isCloseTo(area(old), Percentage.withPercentage(0.1));
        assertThat(area(s.ok("/ogc/collections/referentiel-communes-2024/items/" + nouvelle.path("id").asText())))
                .isCloseTo(area(nouvelle), Percentage.withPercentage(0.1));
    }

    @Test
    void aMillesimesTilesHoldOnlyItsCommunes() throws Exception {
        // z8 tile over Rennes and Saint-Brieuc's east: both départements
        String tile = "/tiles/WebMercatorQuad/8/" + MvtDecoder.row(8, 48.3) + "/" + MvtDecoder.col(8, -2.2);
        List<Geometry> all = MvtDecoder.features(s.bytes("/ogc/collections/referentiel-communes" + tile).body(), "referentiel-communes");
        List<Geometry> y2024 = MvtDecoder.features(s.bytes("/ogc/collections/referentiel-communes-2024" + tile).body(),
                "referentiel-communes-2024");
        assertThat(all).extracting(g -> ((String) MvtDecoder.attributes(g).get("code")).substring(0, 2)).contains("22", "35");
        assertThat(y2024).isNotEmpty().allSatisfy(g -> assertThat(MvtDecoder.attributes(g).get("code")).asString().startsWith("35"));
        assertThat(y2024.size()).isLessThan(all.size());
    }

    private static long matched(String collection, String code) throws Exception {
        return s.ok("/ogc/collections/" + collection + "/items?limit=1" + (code == null ? "" : "&filter=" + enc("code = '" + code + "'")))
                .path("numberMatched").asLong();
    }
}
