package fr.geoeduc.core.ingest;



import fr.geoeduc.core.referentiel.ReferentielFeature;
import fr.geoeduc.core.referentiel.Referentiels;
import fr.geoeduc.core.referentiel.CommuneHistory;
import com.sun.net.httpserver.HttpServer;
import fr.geoeduc.core.ingest.IngestException;
import fr.geoeduc.core.ingest.ProgressListener;
import fr.geoeduc.core.model.DatasetVersion;
import fr.geoeduc.core.testing.Rows;
import fr.geoeduc.core.testing.SharedData;
import fr.geoeduc.core.testing.TestPlatform;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code referentiel fetch} against a local HTTP server serving files in the real layouts: INSEE's COG files
 * (written by the test, with the real 2019 mergers 35100 → 35163 and 35303 → 35004), france-geojson's folders (the
 * 2018 contours of ../shared/data/geometry) and data.education.gouv.fr's export of the académies.
 */
class ReferentielFetchTest {

    @TempDir
    Path dir;
    HttpServer server;
    final Map<String, Path> served = new ConcurrentHashMap<>();
    String base;

    static final String MVT = """
            MOD,DATE_EFF,TYPECOM_AV,COM_AV,TNCC_AV,NCC_AV,NCCENR_AV,LIBELLE_AV,TYPECOM_AP,COM_AP,TNCC_AP,NCC_AP,NCCENR_AP,LIBELLE_AP
            32,2019-01-01,COM,35163,0,LUITRE,Luitré,Luitré,COM,35163,0,LUITRE DOMPIERRE,Luitré-Dompierre,Luitré-Dompierre
            32,2019-01-01,COM,35163,0,LUITRE,Luitré,Luitré,COMD,35163,0,LUITRE,Luitré,Luitré
            32,2019-01-01,COM,35100,0,DOMPIERRE DU CHEMIN,Dompierre-du-Chemin,Dompierre-du-Chemin,COM,35163,0,LUITRE DOMPIERRE,Luitré-Dompierre,Luitré-Dompierre
            32,2019-01-01,COM,35100,0,DOMPIERRE DU CHEMIN,Dompierre-du-Chemin,Dompierre-du-Chemin,COMD,35100,0,DOMPIERRE DU CHEMIN,Dompierre-du-Chemin,Dompierre-du-Chemin
            32,2019-01-01,COM,35303,0,SAINT OUEN LA ROUERIE,Saint-Ouen-la-Rouërie,Saint-Ouen-la-Rouërie,COM,35004,0,VAL COUESNON,Val-Couesnon,Val-Couesnon
            32,2019-01-01,COM,35004,1,ANTRAIN,Antrain,Antrain,COM,35004,0,VAL COUESNON,Val-Couesnon,Val-Couesnon
            """;
    /** A chain written for the test (codes of département 99 do not exist): 99001 absorbed in 2016, then 99002 in 2019. */
    static final String CHAIN = """
            32,2016-01-01,COM,99001,0,A,A,A,COM,99002,0,B,B,B
            32,2019-01-01,COM,99002,0,B,B,B,COM,99003,0,C,C,C
            """;

    @BeforeEach
    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            Path file = served.get(exchange.getRequestURI().getPath());
            if (file == null) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                exchange.sendResponseHeaders(200, Files.size(file));
                try (var out = exchange.getResponseBody()) {
                    Files.copy(file, out);
                }
            }
            exchange.close();
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
        cog("2024", "Luitré-Dompierre", MVT + CHAIN);
        cog("2023", "Luitré-Dompierre (2023)", MVT);
        Path geometry = SharedData.file("geometry/departements-avec-outre-mer.geojson").getParent();
        served.put("/france-geojson/departements/35-ille-et-vilaine/communes-35-ille-et-vilaine.geojson",
                geometry.resolve("communes-2018/communes-35-ille-et-vilaine.geojson"));
        served.put("/france-geojson/departements-avec-outre-mer.geojson", geometry.resolve("departements-avec-outre-mer.geojson"));
        served.put("/france-geojson/regions-avec-outre-mer.geojson", geometry.resolve("regions-avec-outre-mer.geojson"));
        served.put("/api/explore/v2.1/catalog/datasets/fr-en-contour-academies-2020/exports/geojson",
                geometry.resolve("fr-en-contour-academies-2020.geojson"));
    }

    /** The five COG files of a millésime, in INSEE's layout (comma-separated, quoted or not, upper-case headers). */
    void cog(String m, String nomNouvelle, String mvt) throws IOException {
        Path d = Files.createDirectories(dir.resolve("cog-" + m));
        write(d, m, "commune", """
                TYPECOM,COM,REG,DEP,CTCD,ARR,TNCC,NCC,NCCENR,LIBELLE,CAN,COMPARENT
                COM,35163,53,35,35D,353,0,LUITRE DOMPIERRE,Luitré-Dompierre,%s,3512,
                COM,35004,53,35,35D,353,0,VAL COUESNON,Val-Couesnon,Val-Couesnon,3502,
                COM,35238,53,35,35D,351,0,RENNES,Rennes,Rennes,3599,
                COM,75056,11,75,75C,751,0,PARIS,Paris,Paris,7599,
                COMD,35163,53,35,,,0,LUITRE,Luitré,Luitré,,35163
                COMD,35100,53,35,,,0,DOMPIERRE DU CHEMIN,Dompierre-du-Chemin,Dompierre-du-Chemin,,35163
                COMA,01015,84,01,,,0,ARBIGNIEU,Arbignieu,Arbignieu,,01015
                ARM,75118,11,75,,,0,PARIS 18E ARRONDISSEMENT,Paris 18e Arrondissement,Paris 18e Arrondissement,,75056
                """.formatted(nomNouvelle));
        write(d, m, "arrondissement", """
                ARR,DEP,REG,CHEFLIEU,TNCC,NCC,NCCENR,LIBELLE
                351,35,53,35238,0,RENNES,Rennes,Rennes
                353,35,53,35115,0,FOUGERES VITRE,Fougères-Vitré,Fougères-Vitré
                """);
        write(d, m, "departement", """
                DEP,REG,CHEFLIEU,TNCC,NCC,NCCENR,LIBELLE
                35,53,35238,1,ILLE ET VILAINE,Ille-et-Vilaine,Ille-et-Vilaine
                2A,94,2A004,3,CORSE DU SUD,Corse-du-Sud,Corse-du-Sud
                """);
        write(d, m, "region", """
                REG,CHEFLIEU,TNCC,NCC,NCCENR,LIBELLE
                53,35238,0,BRETAGNE,Bretagne,Bretagne
                """);
        write(d, m, "mvt_commune", mvt);
    }

    void write(Path d, String m, String name, String content) throws IOException {
        Path f = d.resolve("v_" + name + "_" + m + ".csv");
        Files.writeString(f, content);
        served.put("/insee/" + m + "/v_" + name + "_" + m + ".csv", f);
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    ReferentielSources sources(String cogMillesime) {
        return new ReferentielSources(base + "/insee/" + cogMillesime, cogMillesime, base + "/france-geojson/", "2018",
                base + "/api/explore/v2.1/catalog/datasets/fr-en-contour-academies-2020/exports/geojson", "2020");
    }

    @Test
    void fetchRecordsEachReferentielWithItsMillesimeAndSourceAndLoadsTheTerritory() {
        try (TestPlatform p = new TestPlatform(dir)) {
            List<ReferentielFetcher.Fetched> fetched = new ReferentielFetcher(p.store, dir.resolve("dl"))
                    .fetch(sources("2024"), "35", ProgressListener.NONE);
            Map<String, ReferentielFetcher.Fetched> byId = fetched.stream()
                    .collect(Collectors.toMap(ReferentielFetcher.Fetched::datasetId, f -> f));
            assertThat(byId).containsOnlyKeys("referentiel-cog-communes-2024", "referentiel-cog-communes-deleguees-associees-2024",
                    "referentiel-cog-arrondissements-municipaux-2024", "referentiel-cog-arrondissements-2024",
                    "referentiel-cog-departements-2024", "referentiel-cog-regions-2024", "referentiel-cog-mouvements-2024",
                    "referentiel-contours-communes-35-2018", "referentiel-contours-departements-2018",
                    "referentiel-contours-regions-2018", "referentiel-contours-academies-2020");
            assertThat(byId.get("referentiel-cog-communes-2024").rows()).isEqualTo(4);
            assertThat(byId.get("referentiel-cog-communes-deleguees-associees-2024").rows()).isEqualTo(3);
            assertThat(byId.get("referentiel-cog-arrondissements-municipaux-2024").rows()).isEqualTo(1);
            assertThat(byId.get("referentiel-cog-mouvements-2024").rows()).isEqualTo(8);
            assertThat(byId.get("referentiel-contours-communes-35-2018").rows()).isEqualTo(345);
            assertThat(byId.get("referentiel-contours-departements-2018").rows()).isEqualTo(101);

            DatasetVersion communes = p.store.latest("referentiel-cog-communes-2024").orElseThrow();
            assertThat(communes.lineage().source()).isEqualTo(base + "/insee/2024/v_commune_2024.csv (TYPECOM COM)");
            assertThat(communes.lineage().sha256()).hasSize(64);
            assertThat(p.store.dataset("referentiel-cog-communes-2024").orElseThrow().title()).contains("millésime 2024");
            assertThat(p.store.dataset("referentiel-cog-communes-2024").orElseThrow().temporalCoverage()).isEqualTo("2024");
            List<Map<String, Object>> rows = Rows.read(p.store, communes);
            assertThat(rows).extracting(r -> r.get("com")).containsExactly("35163", "35004", "35238", "75056");
            List<Map<String, Object>> deleguees = Rows.read(p.store, p.store.latest("referentiel-cog-communes-deleguees-associees-2024").orElseThrow());
            assertThat(deleguees).extracting(r -> r.get("com")).containsExactly("35163", "35100", "01015");
            List<Map<String, Object>> contours = Rows.read(p.store, p.store.latest("referentiel-contours-communes-35-2018").orElseThrow());
            assertThat(contours).allSatisfy(r -> assertThat(r.get("geo_shape")).isInstanceOf(org.locationtech.jts.geom.Geometry.class));

            Referentiels territory = Referentiels.from(p.store);
            assertThat(territory.history().successor("35100")).get().extracting(CommuneHistory.Succession::currentCode).isEqualTo("35163");
            assertThat(territory.commune("35100")).get().extracting(ReferentielFeature::millesime).isEqualTo("2018");
            assertThat(territory.hasCommunesOf("35")).isTrue();
            assertThat(p.store.referentiel("academie")).hasSizeGreaterThan(25);
            assertThat(p.store.referentiel("departement")).hasSize(101);
        }
    }

    @Test
    void severalMillesimesLiveSideBySideAndAnUnchangedSourcePublishesNothing() {
        try (TestPlatform p = new TestPlatform(dir)) {
            ReferentielFetcher fetcher = new ReferentielFetcher(p.store, dir.resolve("dl"));
            fetcher.fetch(sources("2023"), "35", ProgressListener.NONE);
            fetcher.fetch(sources("2024"), "35", ProgressListener.NONE);
            List<ReferentielFetcher.Fetched> again = fetcher.fetch(sources("2024"), "35", ProgressListener.NONE);
            assertThat(again).noneMatch(ReferentielFetcher.Fetched::published);
            assertThat(p.store.versions("referentiel-cog-communes-2024")).hasSize(1);
            assertThat(p.store.versions("referentiel-contours-communes-35-2018")).hasSize(1);
            Map<String, Object> in2023 = Rows.read(p.store, p.store.latest("referentiel-cog-communes-2023").orElseThrow()).get(0);
            Map<String, Object> in2024 = Rows.read(p.store, p.store.latest("referentiel-cog-communes-2024").orElseThrow()).get(0);
            assertThat(in2023.get("libelle")).isEqualTo("Luitré-Dompierre (2023)");
            assertThat(in2024.get("libelle")).isEqualTo("Luitré-Dompierre");
            // the 2018 polygons and the 2024 codes together: the old code still has its polygon, and its commune today
            Referentiels territory = Referentiels.from(p.store);
            assertThat(territory.commune("35100")).isPresent();
            assertThat(territory.history().communeAt("35100", LocalDate.of(2024, 1, 1))).isEqualTo("35163");
        }
    }

    @Test
    void aCodesCommuneAtADateBothWays() {
        try (TestPlatform p = new TestPlatform(dir)) {
            new ReferentielFetcher(p.store, dir.resolve("dl")).fetch(sources("2024"), "35", ProgressListener.NONE);
            CommuneHistory h = Referentiels.from(p.store).history();
            // forward: the commune an old code belonged to on a date
            assertThat(h.communeAt("35100", LocalDate.of(2018, 6, 1))).isEqualTo("35100");
            assertThat(h.communeAt("35100", LocalDate.of(2019, 1, 1))).isEqualTo("35163");
            assertThat(h.communeAt("99001", LocalDate.of(2015, 12, 31))).isEqualTo("99001");
            assertThat(h.communeAt("99001", LocalDate.of(2017, 6, 1))).isEqualTo("99002");
            assertThat(h.communeAt("99001", LocalDate.of(2020, 6, 1))).isEqualTo("99003");
            // backward: the codes of a date that make up today's commune
            assertThat(h.codesAt("35163", LocalDate.of(2018, 6, 1))).containsExactly("35100", "35163");
            assertThat(h.codesAt("35163", LocalDate.of(2019, 1, 1))).containsExactly("35163");
            assertThat(h.codesAt("99003", LocalDate.of(2017, 6, 1))).containsExactly("99002", "99003");
            assertThat(h.codesAt("99003", LocalDate.of(2015, 6, 1))).containsExactly("99001", "99002", "99003");
        }
    }

    @Test
    void aMissingFileStopsTheFetchNamingTheUrl() {
        served.remove("/insee/2024/v_region_2024.csv");
        try (TestPlatform p = new TestPlatform(dir)) {
            assertThatThrownBy(() -> new ReferentielFetcher(p.store, dir.resolve("dl")).fetch(sources("2024"), "35", ProgressListener.NONE))
                    .isInstanceOf(IngestException.class).hasMessageContaining("v_region_2024.csv").hasMessageContaining("404");
            assertThat(p.store.latest("referentiel-cog-regions-2024")).isEmpty();
        }
    }
}
