package fr.geoeduc.core.store.contract;

import fr.geoeduc.core.ingest.IngestRequest;
import fr.geoeduc.core.ingest.Ingester;
import fr.geoeduc.core.ingest.ProgressListener;
import fr.geoeduc.core.ingest.SchemaRegistry;
import fr.geoeduc.core.model.DatasetVersion;
import fr.geoeduc.core.referentiel.ReferentielFeature;
import fr.geoeduc.core.ingest.ReferentielLoader;
import fr.geoeduc.core.store.PostgresStore;
import fr.geoeduc.core.store.RecordHasher;
import fr.geoeduc.core.store.SqliteStore;
import fr.geoeduc.core.store.Store;
import fr.geoeduc.core.ingest.StoreCopy;
import fr.geoeduc.core.testing.PostgresDatabase;
import fr.geoeduc.core.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A store holding every file of ../shared/data (the education files and the académie, département and
 * région boundaries as datasets, the commune boundaries and the COG extract as référentiels) is copied to
 * PostgreSQL and back: identical versions, counts and record hashes.
 */
class StoreCopyRoundTripTest {

    @TempDir
    Path dir;

    @Test
    void embeddedToPostgresqlAndBackKeepsEveryRecord() throws IOException {
        try (PostgresDatabase db = PostgresDatabase.create();
             SqliteStore original = SqliteStore.open(dir.resolve("original"))) {
            fill(original);
            StoreCopy.Report there;
            try (Store pg = PostgresStore.open(db.url)) {
                there = StoreCopy.copy(original, pg, ProgressListener.NONE);
                assertThat(there.verified()).isTrue();
                try (SqliteStore back = SqliteStore.open(dir.resolve("back"))) {
                    StoreCopy.Report home = StoreCopy.copy(pg, back, ProgressListener.NONE);
                    assertThat(home.verified()).isTrue();
                    assertThat(fingerprint(back)).isEqualTo(fingerprint(original));
                    assertThat(back.referentiel("commune")).hasSameSizeAs(original.referentiel("commune"));
                    assertThat(back.referentiel("commune")).extracting(ReferentielFeature::code)
                            .containsExactlyElementsOf(original.referentiel("commune").stream().map(ReferentielFeature::code).toList());
                    assertThat(back.referentielScopes("commune")).hasSize(102).isEqualTo(original.referentielScopes("commune"));
                    assertThat(back.referentiel("commune", "2024")).extracting(ReferentielFeature::name)
                            .containsExactlyElementsOf(original.referentiel("commune", "2024").stream().map(ReferentielFeature::name).toList());
                    assertThat(back.communeEvents()).isEqualTo(original.communeEvents());
                    for (var s : original.datasets()) {
                        String id = s.definition().id();
                        assertThat(back.dataset(id)).contains(s.definition());
                        for (DatasetVersion v : original.versions(id)) {
                            DatasetVersion copy = back.version(id, v.number()).orElseThrow();
                            assertThat(copy.lineage()).isEqualTo(v.lineage());
                            assertThat(copy.publishedAt()).isEqualTo(v.publishedAt());
                            assertThat(back.quality(id, v.number())).isEqualTo(original.quality(id, v.number()));
                        }
                    }
                }
                assertThatThrownBy(() -> StoreCopy.copy(original, pg, ProgressListener.NONE))
                        .hasMessageContaining("already holds dataset");
            }
            assertThat(there.versions()).hasSizeGreaterThanOrEqualTo(15);
            assertThat(there.referentiels().get("commune")).isGreaterThan(30_000);
        }
    }

    /** Dataset id → version → (rows, record hash). */
    private static Map<String, String> fingerprint(Store store) {
        Map<String, String> out = new TreeMap<>();
        for (var s : store.datasets()) {
            for (DatasetVersion v : store.versions(s.definition().id())) {
                RecordHasher h = new RecordHasher();
                store.readRows(v, h);
                out.put(s.definition().id() + "@" + v.number(), h.rows() + ":" + h.hex());
            }
        }
        return out;
    }

    private void fill(Store store) throws IOException {
        Ingester ingester = new Ingester(store, SchemaRegistry.load(), dir.resolve("downloads"));
        ReferentielLoader loader = new ReferentielLoader(store);
        Path root = SharedData.file("README.md").getParent();
        try (Stream<Path> communes = Files.list(root.resolve("geometry/communes-2018"))) {
            for (Path f : communes.sorted().toList()) {
                loader.loadBoundaries("commune", f, "2018");
            }
        }
        // a second millésime of one département: copied beside the first, not over it
        loader.loadBoundaries("commune", fr.geoeduc.core.testing.CommunesMillesimes.communes2024(
                fr.geoeduc.core.testing.CommunesMillesimes.communes2018(dir), dir), "2024");
        loader.loadCommuneEvents(Path.of("src/main/resources/referentiel/cog-mouvements-35-extrait.csv").toAbsolutePath());
        Map<String, String> files = Map.ofEntries(
                Map.entry("ille-et-vilaine/fr-en-annuaire-education.csv", "fr-en-annuaire-education"),
                Map.entry("ille-et-vilaine/fr-en-adresse-et-geolocalisation-etablissements-premier-et-second-degre.csv",
                        "fr-en-adresse-et-geolocalisation-etablissements-premier-et-second-degre"),
                Map.entry("national/fr-en-adresse-et-geolocalisation-colleges-2024.csv",
                        "fr-en-adresse-et-geolocalisation-etablissements-premier-et-second-degre"),
                Map.entry("ille-et-vilaine/fr-en-carte-scolaire-colleges-publics.csv", "fr-en-carte-scolaire-colleges-publics"),
                Map.entry("ille-et-vilaine/fr-en-ecoles-effectifs-nb_classes.csv", "fr-en-ecoles-effectifs-nb_classes"),
                Map.entry("ille-et-vilaine/fr-en-college-effectifs-niveau-sexe-lv.csv", "fr-en-college-effectifs-niveau-sexe-lv"),
                Map.entry("ille-et-vilaine/fr-en-effectifs-second-degre.csv", "fr-en-effectifs-second-degre"),
                Map.entry("national/fr-en-ips_ecoles-2021-2022.csv", "fr-en-ips_ecoles"),
                Map.entry("national/fr-en-ips-colleges-extract.csv", "fr-en-ips_colleges"),
                Map.entry("national/fr-en-indicateurs-valeur-ajoutee-colleges.csv", "fr-en-indicateurs-valeur-ajoutee-colleges"),
                Map.entry("national/fr-en-dnb-par-etablissement.csv", "fr-en-dnb-par-etablissement"),
                Map.entry("geometry/fr-en-contour-academies-2020.geojson", "fr-en-contour-academies-2020"),
                Map.entry("geometry/departements-avec-outre-mer.geojson", "departements-avec-outre-mer"),
                Map.entry("geometry/departements.geojson", "departements"),
                Map.entry("geometry/regions-avec-outre-mer.geojson", "regions-avec-outre-mer"),
                Map.entry("geometry/regions.geojson", "regions"));
        for (String relative : List.copyOf(new TreeMap<>(files).keySet())) {
            ingester.ingest(IngestRequest.of(root.resolve(relative).toString(), files.get(relative)), ProgressListener.NONE);
        }
    }
}
