package fr.geoeduc.core.ingest;

import fr.geoeduc.core.store.Json;
import fr.geoeduc.core.testing.SharedData;
import fr.geoeduc.core.testing.TestPlatform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

class ProbeTest {
    @Test
    void probe(@TempDir Path dir) throws Exception {
        try (TestPlatform p = new TestPlatform(dir)) {
            p.referentiels.loadBoundaries("commune", SharedData.file("geometry/communes-2018/communes-35-ille-et-vilaine.geojson"), "2018");
            p.referentiels.loadCommuneEvents(Path.of("src/test/resources/cog/mouvements-communes-35-extrait.csv"));
            String[][] files = {
                {"ille-et-vilaine/fr-en-annuaire-education.csv", "fr-en-annuaire-education"},
                {"ille-et-vilaine/fr-en-adresse-et-geolocalisation-etablissements-premier-et-second-degre.csv", "fr-en-adresse-et-geolocalisation-etablissements-premier-et-second-degre"},
                {"ille-et-vilaine/fr-en-carte-scolaire-colleges-publics.csv", "fr-en-carte-scolaire-colleges-publics"},
                {"ille-et-vilaine/fr-en-ecoles-effectifs-nb_classes.csv", "fr-en-ecoles-effectifs-nb_classes"},
                {"ille-et-vilaine/fr-en-college-effectifs-niveau-sexe-lv.csv", "fr-en-college-effectifs-niveau-sexe-lv"},
                {"ille-et-vilaine/fr-en-effectifs-second-degre.csv", "fr-en-effectifs-second-degre"},
                {"national/fr-en-ips_ecoles-2021-2022.csv", "fr-en-ips_ecoles"},
                {"national/fr-en-adresse-et-geolocalisation-colleges-2024.csv", "fr-en-adresse-et-geolocalisation-etablissements-premier-et-second-degre"},
                {"national/fr-en-ips-colleges-extract.csv", "fr-en-ips_colleges"},
                {"national/fr-en-indicateurs-valeur-ajoutee-colleges.csv", "fr-en-indicateurs-valeur-ajoutee-colleges"},
                {"national/fr-en-dnb-par-etablissement.csv", "fr-en-dnb-par-etablissement"},
                {"geometry/fr-en-contour-academies-2020.geojson", "fr-en-contour-academies-2020"},
            };
            for (String[] f : files) {
                long t = System.nanoTime();
                IngestResult r = p.ingest(SharedData.file(f[0]), f[1]);
                System.out.println("=== " + f[0] + " rows=" + r.version().rowCount() + " ms=" + (System.nanoTime() - t) / 1_000_000);
                r.quality().results().forEach(rr -> System.out.println("  " + rr.rule() + " " + rr.count() + " " + (rr.examples().isEmpty() ? "" : rr.examples().get(0))));
                r.quality().notes().forEach(n -> System.out.println("  note " + n));
            }
        }
    }
}
