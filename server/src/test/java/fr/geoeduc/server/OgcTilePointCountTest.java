package fr.geoeduc.server;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Geometry;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every point of a vector tile carries {@code count}, grouped (below level 10) or not (1 from level 10): the MapLibre
 * style of the OGC guide sizes its circles by {@code ["get", "count"]}, which would read null on the detailed levels
 * otherwise; at every level the counts of a tile add up to the points it covers.
 */
class OgcTilePointCountTest {

    @TempDir
    static Path dir;
    private static TestServer server;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final List<double[]> POINTS = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        StringBuilder csv = new StringBuilder("nom;lat;lon\n");
        for (int i = 0; i < 30; i++) {
            double[] p = {-1.70 + i * 0.002, 48.10 + (i % 5) * 0.002};
            POINTS.add(p);
            csv.append("Ecole ").append(i).append(';').append(p[1]).append(';').append(p[0]).append('\n');
        }
        server = TestServer.in(dir);
        server.ingest(server.write("ecoles.csv", csv), "ecoles-test").start(null);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void everyPointCarriesItsCountAtEveryLevel() throws Exception {
        for (int z : new int[]{6, 9, 10, 12, 14}) {
            long col = MvtDecoder.col(z, POINTS.get(0)[0]);
            long row = MvtDecoder.row(z, POINTS.get(0)[1]);
            HttpResponse<byte[]> tile = HTTP.send(HttpRequest.newBuilder(URI.create(server.base()
                    + "/ogc/collections/ecoles-test/tiles/WebMercatorQuad/" + z + "/" + row + "/" + col)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(tile.statusCode()).as("z" + z).isEqualTo(200);
            long covered = POINTS.stream().filter(p -> MvtDecoder.inTile(z, row, col, p[0], p[1])).count();
            long counted = 0;
            for (Geometry g : MvtDecoder.features(tile.body(), "ecoles-test")) {
                Object count = MvtDecoder.attributes(g).get("count");
                assertThat(count).as("z%d %s", z, MvtDecoder.attributes(g)).isInstanceOf(Number.class);
                counted += ((Number) count).longValue();
            }
            assertThat(counted).as("z" + z).isEqualTo(covered).isPositive();
        }
    }
}
