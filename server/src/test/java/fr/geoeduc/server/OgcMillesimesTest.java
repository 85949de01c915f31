package fr.geoeduc.server;

import com.fasterxml.jackson.databind.JsonNode;
import fr.geoeduc.core.ingest.ReferentielLoader;
import fr.geoeduc.core.store.SqliteStore;
import fr.geoeduc.server.explore.QuotaSettings;
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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One communes collection per millésime: Ille-et-Vilaine's communes loaded as 2018 and the Côtes-d'Armor's as 2024
 * give referentiel-communes-2018 and referentiel-communes-2024, each with its own communes only (items, counts,
 * queryables, tiles), and referentiel-communes with all of them, each at the millésime the store holds for it.
 */
class OgcMillesimesTest {

    @TempDir
    static Path dir;
    static SqliteStore store;
    static GeoeducServer server;
    static OgcReferentielTest.OgcTestServerClient s;
    static int ille;
    static int armor;

    @BeforeAll
    static void start() throws IOException {
        store = SqliteStore.open(dir.resolve("store"));
        ReferentielLoader loader = new ReferentielLoader(store);
        ille = loader.loadBoundaries("commune", TestData.file("geometry/communes-2018/communes-35-ille-et-vilaine.geojson"), "2018");
        armor = loader.loadBoundaries("commune", TestData.file("geometry/communes-2018/communes-22-cotes-d-armor.geojson"), "2024");
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
        assertThat(s.ok("/ogc/collections/referentiel-communes/items?limit=1").path("numberMatched").asLong()).isEqualTo(ille + armor);
        assertThat(s.ok("/ogc/collections/referentiel-communes-2018/items?limit=1").path("numberMatched").asLong()).isEqualTo(ille);
        assertThat(s.ok("/ogc/collections/referentiel-communes-2024/items?limit=1").path("numberMatched").asLong()).isEqualTo(armor);
        assertThat(s.ok("/ogc/collections/referentiel-communes-2024/items?limit=1&filter=" + enc("millesime <> '2024'"))
                .path("numberMatched").asLong()).isZero();
        JsonNode saintBrieuc = s.ok("/ogc/collections/referentiel-communes-2024/items?filter=" + enc("code = '22278'"));
        assertThat(saintBrieuc.path("features").get(0).path("properties").path("nom").asText()).isEqualTo("Saint-Brieuc");
        assertThat(s.ok("/ogc/collections/referentiel-communes-2018/items?filter=" + enc("code = '22278'")).path("numberMatched").asLong())
                .isZero();
        Set<String> queryables = new HashSet<>();
        s.ok("/ogc/collections/referentiel-communes-2018/queryables").path("properties").fieldNames().forEachRemaining(queryables::add);
        assertThat(queryables).contains("code", "nom", "millesime");
        assertThat(s.bytes("/ogc/collections/referentiel-communes-2019/items").statusCode()).isEqualTo(404);
    }

    @Test
    void aMillesimesTilesHoldOnlyItsCommunes() throws Exception {
        // z8 tile over Rennes and Saint-Brieuc's east: both départements
        String tile = "/tiles/WebMercatorQuad/8/" + MvtDecoder.row(8, 48.3) + "/" + MvtDecoder.col(8, -2.2);
        List<Geometry> all = MvtDecoder.features(s.bytes("/ogc/collections/referentiel-communes" + tile).body(), "referentiel-communes");
        List<Geometry> y2018 = MvtDecoder.features(s.bytes("/ogc/collections/referentiel-communes-2018" + tile).body(),
                "referentiel-communes-2018");
        assertThat(all).extracting(g -> ((String) MvtDecoder.attributes(g).get("code")).substring(0, 2)).contains("22", "35");
        assertThat(y2018).isNotEmpty().allSatisfy(g -> assertThat(MvtDecoder.attributes(g).get("code")).asString().startsWith("35"));
        assertThat(y2018.size()).isLessThan(all.size());
    }
}
