package fr.geoeduc.core.ingest;

import fr.geoeduc.core.model.DatasetDefinition;
import fr.geoeduc.core.store.SqliteStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A dataset without a declared schema gets the title and description its producer gives at ingest (else it is titled
 * by its id), keeps them in later versions, and a synthetic one still says so in front of its title.
 */
class CatalogueTitleTest {

    @TempDir
    Path dir;

    private Path file(String name, String rows) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, "uai;commune;effectif\n" + rows);
        return f;
    }

    @Test
    void theTitleGivenAtIngestIsTheCatalogueEntrysAndStays() throws Exception {
        try (SqliteStore store = SqliteStore.open(dir.resolve("store"))) {
            Ingester ingester = new Ingester(store, SchemaRegistry.load(), dir.resolve("downloads"));
            Path v1 = file("v1.csv", "0350001A;35238;120\n0350002B;35238;80\n");
            ingester.ingest(IngestRequest.of(v1.toString(), "effectifs-ville").titled("Effectifs des écoles de la ville", "Relevé de septembre."),
                    ProgressListener.NONE);
            DatasetDefinition entry = store.dataset("effectifs-ville").orElseThrow();
            assertThat(entry.title()).isEqualTo("Effectifs des écoles de la ville");
            assertThat(entry.description()).isEqualTo("Relevé de septembre.");

            ingester.ingest(IngestRequest.of(file("v2.csv", "0350001A;35238;121\n").toString(), "effectifs-ville"), ProgressListener.NONE);
            assertThat(store.dataset("effectifs-ville").orElseThrow().title()).as("a later version without a title keeps it")
                    .isEqualTo("Effectifs des écoles de la ville");

            ingester.ingest(IngestRequest.of(v1.toString(), "sans-titre"), ProgressListener.NONE);
            assertThat(store.dataset("sans-titre").orElseThrow().title()).isEqualTo("sans-titre");

            ingester.ingest(IngestRequest.of(v1.toString(), "essai").asSynthetic().titled("Élèves d'essai", null), ProgressListener.NONE);
            assertThat(store.dataset("essai").orElseThrow().title()).isEqualTo(DatasetDefinition.SYNTHETIC_TITLE + "Élèves d'essai");
        }
    }
}
