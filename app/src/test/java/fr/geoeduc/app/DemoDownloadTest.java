package fr.geoeduc.app;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import fr.geoeduc.core.engine.ReferentielLayers;
import fr.geoeduc.core.ingest.ProgressListener;
import fr.geoeduc.core.model.DatasetVersion;
import fr.geoeduc.core.quality.QualityReport;
import fr.geoeduc.core.quality.Rule;
import fr.geoeduc.core.store.DatasetSummary;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import fr.geoeduc.core.adresse.BanLoader;
import fr.geoeduc.core.query.QueryService;
import fr.geoeduc.core.referentiel.Referentiels;
import fr.geoeduc.core.sectorisation.CarteSource;
import fr.geoeduc.core.sectorisation.SecteursService;
import fr.geoeduc.core.sectorisation.SecteurPolygone;
import fr.geoeduc.core.sectorisation.Simulation;
import fr.geoeduc.core.sectorisation.Brouillon;
import fr.geoeduc.core.access.Caller;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo's download code against a local HTTP server that serves the real files of ../shared/data under the
 * paths of data.education.gouv.fr's Explore API v2.1 and of geo.api.gouv.fr.
 */
class DemoDownloadTest {

    private static final String ANNUAIRE = "fr-en-annuaire-education";
    private static final String GEOLOC = "fr-en-adresse-et-geolocalisation-etablissements-premier-et-second-degre";
    private static final String CARTE = "fr-en-carte-scolaire-colleges-publics";
    private static final String IPS = "fr-en-ips_ecoles";
    private static final String EFFECTIFS = "fr-en-ecoles-effectifs-nb_classes";
    private static final String EXPORT_PATH = "/api/explore/v2.1/catalog/datasets/";

    /** The real files served for each dataset id, with their row counts. */
    private static final Map<String, String> FILES = new LinkedHashMap<>();
    private static final Map<String, Long> ROWS = Map.of(ANNUAIRE, 996L, GEOLOC, 117L, CARTE, 5416L, IPS, 32091L, EFFECTIFS, 2704L);

    static {
        FILES.put(ANNUAIRE, TestData.ANNUAIRE);
        FILES.put(GEOLOC, TestData.GEOLOC);
        FILES.put(CARTE, TestData.CARTE);
        FILES.put(IPS, TestData.IPS_ECOLES);
        FILES.put(EFFECTIFS, TestData.EFFECTIFS_ECOLES);
    }

    @TempDir
    Path data;

    private HttpServer server;
    private final List<URI> requests = new CopyOnWriteArrayList<>();
    private final StringWriter log = new StringWriter();

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    /** Starts the fake services; {@code failing} answer HTTP 500. */
    private String serve(Set<String> failing) throws IOException {
        Map<String, Path> files = new LinkedHashMap<>();
        FILES.forEach((id, f) -> files.put(id, TestData.file(f)));
        Path communes = TestData.file(TestData.COMMUNES_35);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            requests.add(exchange.getRequestURI());
            String path = exchange.getRequestURI().getPath();
            try {
                if (path.equals("/adresses-35.csv.gz")) {
                    send(exchange, 200, "application/gzip", ban());
                    return;
                }
                if (path.equals("/departements/35/communes")) {
                    send(exchange, 200, "application/geo+json", communes);
                    return;
                }
                if (path.startsWith(EXPORT_PATH) && path.endsWith("/exports/csv")) {
                    String id = path.substring(EXPORT_PATH.length(), path.length() - "/exports/csv".length());
                    if (failing.contains(id)) {
                        byte[] body = "{\"error_code\":\"InternalError\"}".getBytes(StandardCharsets.UTF_8);
                        exchange.sendResponseHeaders(500, body.length);
                        exchange.getResponseBody().write(body);
                        return;
                    }
                    if (files.containsKey(id)) {
                        send(exchange, 200, "text/csv; charset=utf-8", files.get(id));
                        return;
                    }
                }
                exchange.sendResponseHeaders(404, -1);
            } finally {
                exchange.close();
            }
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Three addresses of Fougères in the BAN's format, on streets of the real carte scolaire (gzip, as the BAN serves them). */
    private Path ban() throws IOException {
        Path f = data.resolve("ban-35.csv.gz");
        if (!Files.exists(f)) {
            String csv = "id;id_fantoir;numero;rep;nom_voie;code_postal;code_insee;nom_commune;code_insee_ancienne_commune;nom_ancienne_commune;"
                    + "x;y;lon;lat;type_position;alias;nom_ld;libelle_acheminement;nom_afnor;source_position;source_nom_voie;certification_commune;cad_parcelles\n"
                    + "35115_0010_00001;;1;;Allée Charles VIII;35300;35115;Fougères;;;397000.1;6814000.2;-1.2001;48.3501;entrée;;;FOUGERES;ALLEE CHARLES VIII;commune;commune;1;\n"
                    + "35115_0020_00003;;3;;Allée de Clisson;35300;35115;Fougères;;;397100.1;6814100.2;-1.1991;48.3511;entrée;;;FOUGERES;ALLEE DE CLISSON;commune;commune;1;\n"
                    + "35115_0030_00002;;2;;Avenue des Poètes;35300;35115;Fougères;;;397200.1;6814200.2;-1.1981;48.3521;entrée;;;FOUGERES;AVENUE DES POETES;commune;commune;1;\n";
            try (OutputStream out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(f))) {
                out.write(csv.getBytes(StandardCharsets.UTF_8));
            }
        }
        return f;
    }

    private static void send(HttpExchange exchange, int status, String type, Path file) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, Files.size(file));
        try (OutputStream out = exchange.getResponseBody()) {
            Files.copy(file, out);
        }
    }

    private DemoLoader loader(Platform platform) {
        return new DemoLoader(platform, new PrintWriter(log, true), ProgressListener.NONE);
    }

    private Map<String, String> query(URI uri) {
        Map<String, String> params = new LinkedHashMap<>();
        String raw = uri.getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return params;
    }

    private URI requestFor(String id) {
        return requests.stream().filter(u -> u.getPath().equals(EXPORT_PATH + id + "/exports/csv")).findFirst()
                .orElseThrow(() -> new AssertionError("no request for " + id + " in " + requests));
    }

    @Test
    void onlineLoadsTheFiveDatasetsAndTheCommunes() throws IOException {
        String base = serve(Set.of());
        DemoLoader.Outcome outcome;
        try (Platform platform = Platform.open(data)) {
            outcome = loader(platform).online("35", base, base, base);

            assertThat(outcome.synthetic()).isFalse();
            assertThat(outcome.failed()).as("log:%n%s", log).isEmpty();
            assertThat(outcome.loaded()).containsExactly(ANNUAIRE, GEOLOC, CARTE, IPS, EFFECTIFS, BanLoader.dataset("35"));
            // the BAN addresses of the département, for the carte scolaire's suggestions and sectors
            assertThat(requests).anyMatch(u -> u.getPath().equals("/adresses-35.csv.gz"));
            assertThat(platform.store().latest(BanLoader.dataset("35")).orElseThrow().rowCount()).isEqualTo(3);

            // what the fake services were asked: the département filter and field names, not labels
            assertThat(requests).anyMatch(u -> u.getPath().equals("/departements/35/communes")
                    && "geojson".equals(query(u).get("format")));
            for (String id : FILES.keySet()) {
                Map<String, String> q = query(requestFor(id));
                assertThat(q).as(id).containsEntry("use_labels", "false");
                assertThat(q.get("where")).as(id).isNotBlank();
            }
            assertThat(query(requestFor(ANNUAIRE)).get("where")).isEqualTo("code_departement=\"035\"");
            assertThat(query(requestFor(GEOLOC)).get("where")).isEqualTo("code_departement=\"035\"");
            assertThat(query(requestFor(CARTE)).get("where")).isEqualTo("code_departement=\"035\"");
            assertThat(query(requestFor(IPS)).get("where")).isEqualTo("code_du_departement=\"035\"");
            assertThat(query(requestFor(EFFECTIFS)).get("where")).isEqualTo("code_departement=\"35\"");

            // every dataset published once, with the rows of its file, the URL as lineage, real (not synthetic)
            for (String id : FILES.keySet()) {
                DatasetVersion v = platform.store().latest(id).orElseThrow(() -> new AssertionError(id + " not published"));
                assertThat(v.number()).as(id).isEqualTo(1);
                assertThat(v.rowCount()).as(id).isEqualTo(ROWS.get(id));
                assertThat(v.lineage().source()).as(id).isEqualTo(base + requestFor(id).toString())
                        .startsWith(base + EXPORT_PATH + id + "/exports/csv?where=");
                assertThat(platform.store().dataset(id).orElseThrow().isSynthetic()).as(id).isFalse();
            }
            assertThat(platform.store().datasets()).hasSize(6).noneMatch(s -> s.definition().isSynthetic());

            // the real files join too: the annuaire's schools of Ille-et-Vilaine find their IPS by UAI
            DemoLoader.Outcome joined = loader(platform).joinIps(outcome);
            assertThat(joined.loaded()).contains(DemoLoader.JOINED);
            DatasetVersion j = platform.store().latest(DemoLoader.JOINED).orElseThrow();
            int ips = j.schema().fields().stream().map(f -> f.name()).toList().indexOf("ips_mean");
            long[] withIps = {0};
            platform.store().readRows(j, row -> withIps[0] += row[ips] == null ? 0 : 1);
            assertThat(withIps[0]).as("schools with an IPS").isGreaterThan(100);
            assertThat(platform.store().dataset(DemoLoader.JOINED).orElseThrow().isSynthetic()).isFalse();

            assertThat(platform.store().referentiel("commune")).hasSize(345);
            assertThat(log.toString()).contains("Communes du 35 : 345 contours");
            // the COG extract bundled for Ille-et-Vilaine is loaded: merged communes are detected
            assertThat(platform.store().communeEvents()).isNotEmpty();
            QualityReport carte = platform.store().quality(CARTE, 1).orElseThrow();
            assertThat(carte.count(Rule.MERGED_COMMUNE)).isPositive();
            assertThat(carte.result(Rule.MERGED_COMMUNE).orElseThrow().examples())
                    .anySatisfy(f -> assertThat(f.value()).isEqualTo("35100"));
        }
    }

    @Test
    void onlineTheRestrictedPupilsAreGeneratedOnTheDownloadedAnnuairesEcoles() throws IOException {
        String base = serve(Set.of());
        try (Platform platform = Platform.open(data)) {
            loader(platform).online("35", base, base, base);
            PrintWriter out = new PrintWriter(log, true);
            DemoAccount.ensure(platform, out);
            DemoConvention.ensure(platform, out, ProgressListener.NONE);

            DatasetVersion pupils = platform.store().latest(DemoConvention.DATASET).orElseThrow(() -> new AssertionError("log:\n" + log));
            assertThat(pupils.rowCount()).isPositive();
            assertThat(platform.store().dataset(DemoConvention.DATASET).orElseThrow().isSynthetic()).isTrue();
            // the écoles of the pupils are the downloaded annuaire's, and the convention's territory its communes
            Set<String> uais = new java.util.HashSet<>();
            Set<String> communes = new java.util.HashSet<>();
            DatasetVersion annuaire = platform.store().latest(ANNUAIRE).orElseThrow();
            int uai = annuaire.schema().fields().stream().map(f -> f.name()).toList().indexOf("identifiant_de_l_etablissement");
            int commune = annuaire.schema().fields().stream().map(f -> f.name()).toList().indexOf("code_commune");
            platform.store().readRows(annuaire, row -> {
                uais.add(String.valueOf(row[uai]));
                communes.add(String.valueOf(row[commune]));
            });
            int ecole = pupils.schema().fields().stream().map(f -> f.name()).toList().indexOf("uai_ecole");
            platform.store().readRows(pupils, row -> assertThat(uais).contains(String.valueOf(row[ecole])));
            var convention = platform.access().registry().convention(DemoConvention.CONVENTION).orElseThrow();
            assertThat(convention.status()).isEqualTo(fr.geoeduc.core.access.Convention.Status.ACTIVE);
            assertThat(convention.scopes().get(0).territory().codes()).isNotEmpty().allMatch(communes::contains);
        }
    }

    @Test
    void aFailingDatasetIsReportedAndNothingOfItIsPublished() throws IOException, SQLException {
        String base = serve(Set.of(CARTE));
        try (Platform platform = Platform.open(data)) {
            DemoLoader.Outcome outcome = loader(platform).online("35", base, base, base);
            assertThat(outcome.synthetic()).isFalse();
            assertThat(outcome.failed()).containsExactly(CARTE);
            assertThat(outcome.loaded()).containsExactly(ANNUAIRE, GEOLOC, IPS, EFFECTIFS);
            assertThat(log.toString()).contains(CARTE + " : non chargé / not loaded").contains("HTTP 500");

            assertThat(platform.store().dataset(CARTE)).isEmpty();
            assertThat(platform.store().versions(CARTE)).isEmpty();
            assertThat(platform.store().datasets()).extracting(s -> s.definition().id())
                    .containsExactlyInAnyOrder(ANNUAIRE, GEOLOC, IPS, EFFECTIFS);
            for (String id : List.of(ANNUAIRE, GEOLOC, IPS, EFFECTIFS)) {
                assertThat(platform.store().latest(id).orElseThrow().rowCount()).as(id).isEqualTo(ROWS.get(id));
            }
        }
        // nothing staged and left behind: no batch without a version, no block without a version, no partial download
        assertThat(sql("SELECT COUNT(*) FROM record_block WHERE batch_id NOT IN (SELECT batch_id FROM dataset_version)")).isZero();
        assertThat(sql("SELECT COUNT(*) FROM batch")).isZero();
        assertThat(sql("SELECT COUNT(*) FROM dataset_version WHERE dataset_id = '" + CARTE + "'")).isZero();
        try (Stream<Path> files = Files.list(data.resolve("downloads"))) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".part"));
        }
    }

    @Test
    void unreachableSourcesFallBackToTheSyntheticSample() {
        String nowhere = "http://127.0.0.1:1";
        try (Platform platform = Platform.open(data)) {
            DemoLoader.Outcome outcome = loader(platform).load("35", nowhere, nowhere, nowhere, false);
            assertThat(outcome.synthetic()).isTrue();
            assertThat(outcome.failed()).isEmpty();
            assertThat(outcome.loaded()).containsExactly(ANNUAIRE, IPS, EFFECTIFS, CarteSource.DATASET, DemoLoader.JOINED);
            assertThat(log.toString()).contains("SYNTHÉTIQUE").contains("not loaded");

            List<DatasetSummary> all = platform.store().datasets();
            assertThat(all).extracting(s -> s.definition().id()).containsExactlyInAnyOrder(ANNUAIRE, IPS, EFFECTIFS, CarteSource.DATASET,
                    BanLoader.dataset("35"), DemoLoader.JOINED);
            assertThat(all).allSatisfy(s -> {
                assertThat(s.definition().title()).startsWith("[DONNÉES SYNTHÉTIQUES]");
                assertThat(s.definition().isSynthetic()).isTrue();
                // the join's result says what it was derived from (the synthetic inputs), the others say it themselves
                assertThat(s.definition().description()).containsAnyOf("SYNTHÉTIQUES", ANNUAIRE + "@1");
                assertThat(s.latest()).isPresent();
                assertThat(s.latest().orElseThrow().rowCount()).isPositive();
            });
            assertThat(platform.store().referentiel("commune")).hasSize(24)
                    .allSatisfy(f -> assertThat(f.name()).startsWith("Commune synthétique"));
            // a year millésime, as the online demo's communes: the OGC collection id is referentiel-communes-AAAA, plain ASCII
            assertThat(platform.store().referentiel("commune")).extracting(f -> f.millesime())
                    .containsOnly(String.valueOf(java.time.Year.now(java.time.ZoneOffset.UTC).getValue()));
            assertThat(new ReferentielLayers(platform.store()).summaries()).extracting(d -> d.definition().id())
                    .contains("referentiel-communes", "referentiel-communes-" + java.time.Year.now(java.time.ZoneOffset.UTC).getValue())
                    .allMatch(id -> id.matches("[a-z0-9-]+"), "ASCII ids");
        }
    }

    @Test
    void theSyntheticDemoHasACarteScolaireWhoseSectorsCoverItsAddresses() {
        try (Platform platform = Platform.open(data)) {
            loader(platform).load("35", null, null, null, true);
            QueryService queries = platform.access().queries();
            var secteurs = new SecteursService(queries, () -> Referentiels.from(platform.store())).secteurs(Caller.INTERNAL).orElseThrow();
            assertThat(secteurs.departements()).containsExactly("35");
            var couverture = secteurs.resultat().couverture();
            assertThat(couverture.adresses()).isPositive();
            assertThat(couverture.adressesAppariees()).isEqualTo(couverture.adresses());
            // 24 communes, one of them shared by two collèges street by street: one polygon more than communes
            assertThat(secteurs.resultat().polygones()).hasSize(25);
            var partagee = secteurs.resultat().polygones().stream().filter(p -> p.nature() == SecteurPolygone.Nature.ADRESSES).toList();
            assertThat(partagee).hasSize(2).extracting(SecteurPolygone::codeCommune).containsOnly(partagee.get(0).codeCommune());
            assertThat(partagee.get(0).uais()).doesNotContainAnyElementsOf(partagee.get(1).uais());
            assertThat(platform.store().dataset(BanLoader.dataset("35")).orElseThrow().isSynthetic()).isTrue();
            // the open-data simulation of /carte-scolaire/simulation runs on it: the écoles' CM2 pupils placed at their address
            var commune = secteurs.resultat().polygones().stream().filter(p -> p.nature() == SecteurPolygone.Nature.COMMUNE).findFirst().orElseThrow();
            String autre = partagee.get(0).uais().get(0).equals(commune.uais().get(0)) ? partagee.get(1).uais().get(0) : partagee.get(0).uais().get(0);
            var r = new Simulation(queries, () -> Referentiels.from(platform.store())).simuler(Caller.INTERNAL, Simulation.ECOLES, null,
                    Brouillon.communes(List.of(new Simulation.Deplacement(commune.codeCommune(), List.of(autre)))), Map.of());
            assertThat(r.eleves()).isPositive();
            assertThat(r.elevesQuiChangent()).isPositive().isLessThan(r.eleves());
            assertThat(r.avertissements()).noneMatch(w -> w.contains("sans champ"));
        }
    }

    @Test
    void theDemoJoinsTheAnnuaireWithTheIpsOfAnotherDatasetForTheHomeMap() {
        try (Platform platform = Platform.open(data)) {
            DemoLoader.Outcome outcome = loader(platform).load("35", null, null, null, true);
            assertThat(outcome.loaded()).contains(DemoLoader.JOINED);
            DatasetVersion joined = platform.store().latest(DemoLoader.JOINED).orElseThrow();
            assertThat(joined.lineage().parents()).containsExactly(ANNUAIRE + "@1", IPS + "@1");
            assertThat(joined.schema().fields()).extracting(f -> f.name()).contains("nombre_d_eleves", "ips_mean", "latitude", "longitude");
            assertThat(joined.rowCount()).isEqualTo(platform.store().latest(ANNUAIRE).orElseThrow().rowCount());
            // the IPS comes from the IPS dataset: the schools of the annuaire have one, through the UAI
            int ips = joined.schema().fields().stream().map(f -> f.name()).toList().indexOf("ips_mean");
            long[] withIps = {0};
            platform.store().readRows(joined, row -> withIps[0] += row[ips] == null ? 0 : 1);
            assertThat(withIps[0]).isPositive().isLessThan(joined.rowCount()); // the collèges of the annuaire have no école IPS
            assertThat(log.toString()).contains(DemoLoader.JOINED).contains("avec un IPS");
        }
    }

    private long sql(String query) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("geoeduc.db"));
             Statement s = c.createStatement(); ResultSet r = s.executeQuery(query)) {
            r.next();
            return r.getLong(1);
        }
    }
}
