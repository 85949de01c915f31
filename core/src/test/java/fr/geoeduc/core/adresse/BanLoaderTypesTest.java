package fr.geoeduc.core.adresse;

import fr.geoeduc.core.ingest.ProgressListener;
import fr.geoeduc.core.testing.TestPlatform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code referentiel load ban} gives the ingest the BAN columns' types ({@link BanFormat#TYPES}) instead of a first pass
 * over the file to infer them: the file is read once, and the published fields are the ones inference gives on a
 * BAN file (coordinates with decimals; a file whose coordinates were all whole numbers used to get integer columns,
 * now decimal ones as the layout says).
 */
class BanLoaderTypesTest {

    @Test
    void theFileIsReadOnceAndTheFieldsAreTheInferredOnes(@TempDir Path dir) throws Exception {
        StringBuilder file = new StringBuilder(BanSuggestionsTest.HEADER);
        for (int n = 1; n <= 40; n++) {
            file.append(BanSuggestionsTest.row("35238_a_" + String.format("%05d", n), n, "Rue de la Gare"));
        }
        file.append("35238_b_00099;35238_b;99999;bis;Le Bourg;35000;35238;Rennes;35238;Rennes;353010.5;6790020.25;-1.6657;48.1178;"
                + "segment;;Le Bourg;RENNES;LE BOURG;cadastre;cadastre;0;35238000AB0012\n");
        Path ban = dir.resolve("adresses-35.csv");
        Files.writeString(ban, file, StandardCharsets.UTF_8);
        try (TestPlatform platform = new TestPlatform(dir.resolve("store"))) {
            List<String> lectures = new ArrayList<>();
            ProgressListener steps = new ProgressListener() {
                @Override
                public void step(String name, long total) {
                    lectures.add(name);
                }
            };
            new BanLoader(platform.ingester, dir.resolve("work")).load(ban, steps);
            assertThat(lectures.stream().filter(s -> s.startsWith("lecture"))).as("passes over the file: %s", lectures).hasSize(1);

            platform.ingest(ban, "adresses-inferees"); // the same file, every type inferred from its values
            List<String> charges = fields(platform, BanLoader.dataset("35"));
            assertThat(charges).isEqualTo(fields(platform, "adresses-inferees"));
            assertThat(charges).contains("x DOUBLE", "numero TEXT", "code_postal TEXT", "certification_commune TEXT");
        }
    }

    private static List<String> fields(TestPlatform platform, String dataset) {
        return platform.store.latest(dataset).orElseThrow().schema().fields().stream().map(f -> f.name() + " " + f.type()).toList();
    }
}
