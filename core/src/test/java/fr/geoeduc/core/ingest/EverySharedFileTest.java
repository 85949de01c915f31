package fr.geoeduc.core.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import fr.geoeduc.core.model.FieldType;
import fr.geoeduc.core.model.Schema;
import fr.geoeduc.core.store.Json;
import fr.geoeduc.core.testing.SharedData;
import fr.geoeduc.core.testing.TestPlatform;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every file of ../shared/data ingests, with as many records as the file has rows or features, counted here
 * independently of the ingester (lines of the CSV, features of the GeoJSON), and with typed fields.
 */
class EverySharedFileTest {

    private static final Map<String, String> DECLARED = Map.of(
            "fr-en-annuaire-education.csv", "fr-en-annuaire-education",
            "fr-en-adresse-et-geolocalisation-etablissements-premier-et-second-degre.csv",
            "fr-en-adresse-et-geolocalisation-etablissements-premier-et-second-degre",
            "fr-en-adresse-et-geolocalisation-colleges-2024.csv", "fr-en-adresse-et-geolocalisation-etablissements-premier-et-second-degre",
            "fr-en-carte-scolaire-colleges-publics.csv", "fr-en-carte-scolaire-colleges-publics",
            "fr-en-ecoles-effectifs-nb_classes.csv", "fr-en-ecoles-effectifs-nb_classes",
            "fr-en-college-effectifs-niveau-sexe-lv.csv", "fr-en-college-effectifs-niveau-sexe-lv",
            "fr-en-effectifs-second-degre.csv", "fr-en-effectifs-second-degre",
            "fr-en-ips_ecoles-2021-2022.csv", "fr-en-ips_ecoles",
            "fr-en-ips-colleges-extract.csv", "fr-en-ips_colleges",
            "fr-en-indicateurs-valeur-ajoutee-colleges.csv", "fr-en-indicateurs-valeur-ajoutee-colleges");
    private static final Map<String, String> DNB = Map.of("fr-en-dnb-par-etablissement.csv", "fr-en-dnb-par-etablissement");

    static Stream<Path> files() throws IOException {
        Assumptions.assumeTrue(SharedData.available(), "../shared/data is not beside the checkout");
        try (Stream<Path> walk = Files.walk(SharedData.root())) {
            List<Path> list = walk.filter(Files::isRegularFile)
                    .filter(p -> p.toString().endsWith(".csv") || p.toString().endsWith(".geojson")).sorted().toList();
            return list.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void ingestsWithItsRowCountAndTypes(Path file, @TempDir Path dir) throws IOException {
        String name = file.getFileName().toString();
        String dataset = DECLARED.getOrDefault(name, DNB.getOrDefault(name,
                name.replaceAll("\\.(csv|geojson)$", "").toLowerCase(java.util.Locale.ROOT)));
        try (TestPlatform platform = new TestPlatform(dir)) {
            IngestResult result = platform.ingest(file, dataset);
            assertThat(result.version().rowCount()).as("rows of %s", name).isEqualTo(expectedRows(file));
            AtomicLong read = new AtomicLong();
            platform.store.readRows(result.version(), row -> read.incrementAndGet());
            assertThat(read.get()).isEqualTo(result.version().rowCount());
            Schema schema = result.version().schema();
            if (name.endsWith(".geojson")) {
                assertThat(schema.find("geo_shape")).get().extracting(f -> f.type()).isEqualTo(FieldType.GEO_SHAPE);
            } else if (DECLARED.containsKey(name) || DNB.containsKey(name)) {
                assertThat(schema.fields()).filteredOn(f -> "declared".equals(f.origin())).isNotEmpty();
                assertThat(schema.fields()).filteredOn(f -> "inferred".equals(f.origin()))
                        .as("columns of %s outside the declared schema", name)
                        .allMatch(f -> f.name().equals("colonne_1"));
            }
        }
    }

    private static long expectedRows(Path file) throws IOException {
        if (file.toString().endsWith(".geojson")) {
            JsonNode root = Json.MAPPER.readTree(file.toFile());
            return root.has("features") ? root.get("features").size() : 1;
        }
        try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
            return lines.filter(l -> !l.isBlank()).count() - 1;
        }
    }
}
