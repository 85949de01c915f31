package fr.geoeduc.server;

import com.fasterxml.jackson.databind.JsonNode;
import fr.geoeduc.core.ingest.ReferentielLoader;
import fr.geoeduc.core.testing.ContoursMillesimes;
import fr.geoeduc.server.explore.QuotaSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Geometry;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static fr.geoeduc.server.OgcReferentielTest.OgcTestServerClient.area;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One OGC collection per millésime of the départements, régions and académies, as for the communes: two millésimes of
 * each kind loaded with {@code geoeduc referentiel load} (generated squares, {@link ContoursMillesimes}); the older
 * keeps its two features when the newer is loaded, each millésime's collection serves its own (metadata, items, item
 * by id, queryables, tiles) and the plain collection the current ones.
 */
class OgcReferentielsMillesimesTest {

    @TempDir
    static Path dir;
    static TestServer server;
    static OgcReferentielTest.OgcTestServerClient s;

    @BeforeAll
    static void start() {
        server = TestServer.in(dir);
        ReferentielLoader loader = new ReferentielLoader(server.store);
        for (ContoursMillesimes.Kind k : ContoursMillesimes.KINDS) {
            loader.loadBoundaries(k.kind(), k.ancienFichier(dir), k.ancien());
            loader.loadBoundaries(k.kind(), k.recentFichier(dir), k.recent());
        }
        s = new OgcReferentielTest.OgcTestServerClient(server.start(null, new QuotaSettings(10_000_000, Map.of())).base());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void everyMillesimeOfEveryKindIsListed() throws Exception {
        Map<String, String> titles = new LinkedHashMap<>();
        s.ok("/ogc/collections").path("collections").forEach(c -> titles.put(c.path("id").asText(), c.path("title").asText()));
        assertThat(titles).containsEntry("referentiel-departements-2018", "Départements, millésime 2018")
                .containsEntry("referentiel-departements-2024", "Départements, millésime 2024")
                .containsEntry("referentiel-departements", "Départements (millésime 2018, 2024)")
                .containsEntry("referentiel-regions-2016", "Régions, millésime 2016")
                .containsEntry("referentiel-regions-2024", "Régions, millésime 2024")
                .containsEntry("referentiel-academies-2020", "Académies, millésime 2020")
                .containsEntry("referentiel-academies-2025", "Académies, millésime 2025");
    }

    @ParameterizedTest
    @ValueSource(strings = {"departement", "region", "academie"})
    void eachMillesimeServesItsOwnFeatures(String kind) throws Exception {
        ContoursMillesimes.Kind k = ContoursMillesimes.kind(kind);
        String current = "referentiel-" + k.plural();
        String ancien = current + "-" + k.ancien();
        String recent = current + "-" + k.recent();

        JsonNode collection = s.ok("/ogc/collections/" + ancien);
        assertThat(collection.path("id").asText()).isEqualTo(ancien);
        assertThat(collection.path("description").asText()).contains("du millésime " + k.ancien() + " seul");
        assertThat(collection.path("links").toString()).contains("/ogc/collections/" + ancien + "/items", "/ogc/collections/" + ancien + "/tiles");

        assertThat(codes(ancien)).as("the older millésime keeps both").containsExactlyInAnyOrder(k.premier(), k.second());
        assertThat(codes(recent)).containsExactly(k.premier());
        assertThat(codes(current)).containsExactlyInAnyOrder(k.premier(), k.second());
        assertThat(s.one(current, k.premier()).path("properties").path("millesime").asText()).isEqualTo(k.recent());
        assertThat(s.one(current, k.second()).path("properties").path("millesime").asText()).isEqualTo(k.ancien());

        JsonNode old = s.one(ancien, k.premier());
        JsonNode nouveau = s.one(recent, k.premier());
        assertThat(old.path("properties").path("nom").asText()).isEqualTo(k.nomPremier());
        assertThat(nouveau.path("properties").path("nom").asText()).isEqualTo(k.nomRecent());
        assertThat(area(nouveau)).isGreaterThan(area(old) * 2);
        // a feature's own page, in each millésime
        JsonNode byIdOld = s.ok("/ogc/collections/" + ancien + "/items/" + old.path("id").asText());
        JsonNode byIdNew = s.ok("/ogc/collections/" + recent + "/items/" + nouveau.path("id").asText());
        assertThat(byIdOld.path("properties").path("millesime").asText()).isEqualTo(k.ancien());
        assertThat(byIdNew.path("properties").path("nom").asText()).isEqualTo(k.nomRecent());
        assertThat(area(byIdNew)).isEqualTo(area(nouveau));

        Set<String> queryables = new HashSet<>();
        s.ok("/ogc/collections/" + recent + "/queryables").path("properties").fieldNames().forEachRemaining(queryables::add);
        assertThat(queryables).contains("code", "nom", "millesime");
        assertThat(s.ok("/ogc/collections/" + recent + "/items?limit=1&filter=" + enc("millesime <> '" + k.recent() + "'"))
                .path("numberMatched").asLong()).isZero();

        // tiles: a z7 tile over both squares holds two features in the older millésime, one in the newer
        String tile = "/tiles/WebMercatorQuad/7/" + MvtDecoder.row(7, 48.0) + "/" + MvtDecoder.col(7, -2.5);
        List<Geometry> old7 = MvtDecoder.features(s.bytes("/ogc/collections/" + ancien + tile).body(), ancien);
        List<Geometry> new7 = MvtDecoder.features(s.bytes("/ogc/collections/" + recent + tile).body(), recent);
        assertThat(old7).extracting(g -> MvtDecoder.attributes(g).get("code")).containsExactlyInAnyOrder(k.premier(), k.second());
        assertThat(new7).extracting(g -> MvtDecoder.attributes(g).get("code")).containsExactly(k.premier());

        assertThat(s.bytes("/ogc/collections/" + current + "-1999/items").statusCode()).isEqualTo(404);
        assertThat(s.bytes("/ogc/collections/" + current + "-1999").statusCode()).isEqualTo(404);
    }

    private static String enc(String v) {
        return URLEncoder.encode(v, StandardCharsets.UTF_8);
    }

    private static List<String> codes(String collection) throws Exception {
        List<String> out = new java.util.ArrayList<>();
        s.ok("/ogc/collections/" + collection + "/items?sortby=code").path("features").forEach(f -> out.add(f.path("properties").path("code").asText()));
        return out;
    }
}
