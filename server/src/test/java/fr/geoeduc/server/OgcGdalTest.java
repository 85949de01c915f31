package fr.geoeduc.server;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static fr.geoeduc.server.OgcTestServer.COLLEGES;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * GDAL's OAPIF driver (Debian {@code gdal-bin}) against the OGC API: {@code ogrinfo} lists the collections and reads
 * the collèges with the file's count, also with a spatial filter. Skipped, with the reason, where ogrinfo is absent.
 */
class OgcGdalTest {

    @TempDir
    static Path dir;
    static OgcTestServer s;

    @BeforeAll
    static void start() throws IOException {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/ogrinfo")) || Ogrinfo.onPath("ogrinfo"),
                "ogrinfo not installed (Debian package gdal-bin): the GDAL client test is skipped");
        s = new OgcTestServer(dir);
    }

    @AfterAll
    static void stop() {
        if (s != null) {
            s.close();
        }
    }

    @Test
    void ogrinfoListsTheCollectionsAndCountsTheFeatures() throws Exception {
        String root = "OAPIF:" + s.base + "/ogc";
        String list = Ogrinfo.run("ogrinfo", "-ro", "-q", root);
        assertThat(list).contains(COLLEGES).contains(OgcTestServer.DEPARTEMENTS).doesNotContain(OgcTestServer.RESTRICTED);
        String summary = Ogrinfo.run("ogrinfo", "-ro", "-so", root, COLLEGES);
        assertThat(Ogrinfo.featureCount(summary)).isEqualTo(s.colleges.size());
        // counting by reading every feature (paging along next links), and with a spatial filter
        List<String> all = new ArrayList<>(List.of("ogrinfo", "-ro", "-al", "-so", "-oo", "PAGE_SIZE=1000", root, COLLEGES));
        assertThat(Ogrinfo.featureCount(Ogrinfo.run(all.toArray(String[]::new)))).isEqualTo(s.colleges.size());
        long inBox = s.colleges.stream().filter(OgcCoreTest::located)
                .filter(r -> OgcCoreTest.lon(r) >= -2.3 && OgcCoreTest.lon(r) <= -1.0 && OgcCoreTest.lat(r) >= 47.6 && OgcCoreTest.lat(r) <= 48.8)
                .count();
        String spat = Ogrinfo.run("ogrinfo", "-ro", "-al", "-spat", "-2.3", "47.6", "-1.0", "48.8", root, COLLEGES);
        // GDAL asks the server with bbox (which also returns features without geometry) and filters those out itself
        assertThat(Ogrinfo.featureCount(spat)).isEqualTo(inBox);
    }
}
