package fr.geoeduc.core.version;

import fr.geoeduc.core.ingest.ProgressListener;
import fr.geoeduc.core.model.DatasetVersion;
import fr.geoeduc.core.testing.SharedData;
import fr.geoeduc.core.testing.TestPlatform;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The diff streams both versions into hash partitions on disk (issue 22): on the real national géolocalisation file
 * and a copy with 10 rows removed, 5 renamed and 3 added, many partitions give exactly the answer of one.
 */
class VersionDiffPartitionTest {

    static final String FILE = "national/fr-en-adresse-et-geolocalisation-colleges-2024.csv";
    static TestPlatform platform;
    static DatasetVersion v1;
    static DatasetVersion v2;

    @BeforeAll
    static void load() throws Exception {
        Assumptions.assumeTrue(SharedData.available() && Files.exists(SharedData.file(FILE)), "../shared/data/" + FILE + " absent");
        Path dir = Files.createTempDirectory("geoeduc-diff-test");
        platform = new TestPlatform(dir);
        platform.ingest(SharedData.file(FILE), "geoloc");
        List<String> lines = Files.readAllLines(SharedData.file(FILE), StandardCharsets.UTF_8);
        List<String> changed = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (i >= 10 && i < 20) {
                continue;                                            // 10 removed
            }
            if (i >= 100 && i < 105) {
                String[] cells = line.split(";", -1);
                cells[1] = cells[1] + " (renommé)";                  // 5 changed: appellation_officielle
                line = String.join(";", cells);
            }
            changed.add(line);
        }
        for (int k = 0; k < 3; k++) {                                // 3 added: new UAIs
            changed.add("099999" + k + "A" + lines.get(200 + k).substring(lines.get(200 + k).indexOf(';')));
        }
        Path file = dir.resolve("geoloc-v2.csv");
        Files.write(file, changed, StandardCharsets.UTF_8);
        platform.ingest(file, "geoloc");
        v1 = platform.store.version("geoloc", 1).orElseThrow();
        v2 = platform.store.version("geoloc", 2).orElseThrow();
    }

    @AfterAll
    static void close() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void manyPartitionsAnswerAsOne() {
        List<String> key = List.of("numero_uai");
        VersionDiff.Result one = new VersionDiff(1000).compare(platform.store, v1, v2, key);
        long[] steps = {0};
        VersionDiff.Result many = new VersionDiff(1000, 500).compare(platform.store, v1, v2, key, new ProgressListener() {
            @Override
            public void step(String name, long total) {
                steps[0]++;
            }
        });
        assertThat(one.removedCount()).isEqualTo(10);
        assertThat(one.changedCount()).isEqualTo(5);
        assertThat(one.addedCount()).isEqualTo(3);
        assertThat(one.unchanged()).isEqualTo(v1.rowCount() - 15);
        assertThat(one.changed()).allSatisfy(c -> assertThat(c.changes()).singleElement()
                .satisfies(f -> assertThat(f.after()).isEqualTo(f.before() + " (renommé)")));
        assertThat(many.removedCount()).isEqualTo(one.removedCount());
        assertThat(many.changedCount()).isEqualTo(one.changedCount());
        assertThat(many.addedCount()).isEqualTo(one.addedCount());
        assertThat(many.unchanged()).isEqualTo(one.unchanged());
        assertThat(many.added()).containsExactlyInAnyOrderElementsOf(one.added());
        assertThat(many.removed()).containsExactlyInAnyOrderElementsOf(one.removed());
        assertThat(many.changed()).containsExactlyInAnyOrderElementsOf(one.changed());
        assertThat(steps[0]).as("reading v1, reading v2, comparing").isEqualTo(3);
    }

    @Test
    void withoutAKeyChangedRowsArePairedByAFieldUniqueInBothVersions() {
        VersionDiff.Result keyed = new VersionDiff(1000).compare(platform.store, v1, v2, List.of("numero_uai"));
        VersionDiff.Result one = new VersionDiff(1000).compare(platform.store, v1, v2, List.of());
        VersionDiff.Result many = new VersionDiff(1000, 700).compare(platform.store, v1, v2, List.of());
        for (VersionDiff.Result r : List.of(one, many)) {
            assertThat(r.keyFields()).isEmpty();
            assertThat(r.pairedBy()).isEqualTo("numero_uai");
            assertThat(r.removedCount()).isEqualTo(10);
            assertThat(r.changedCount()).isEqualTo(5);
            assertThat(r.addedCount()).isEqualTo(3);
            assertThat(r.unchanged()).isEqualTo(v1.rowCount() - 15);
            assertThat(r.changed()).containsExactlyInAnyOrderElementsOf(keyed.changed());
            assertThat(r.removed()).hasSize(10).allSatisfy(k -> assertThat(k).contains("/"));
        }
    }

    @Test
    void withoutAKeyTooManyUnmatchedRowsAreCountedAsRemovedAndAdded() {
        VersionDiff.Result r = new VersionDiff(1000, 700, 10).compare(platform.store, v1, v2, List.of());
        assertThat(r.pairedBy()).isNull();
        assertThat(r.removedCount()).isEqualTo(15);
        assertThat(r.addedCount()).isEqualTo(8);
        assertThat(r.changedCount()).isZero();
        assertThat(r.unchanged()).isEqualTo(v1.rowCount() - 15);
    }
}
