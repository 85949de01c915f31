package fr.geoeduc.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.geoeduc.core.ingest.IngestRequest;
import fr.geoeduc.core.ingest.Ingester;
import fr.geoeduc.core.ingest.ProgressListener;
import fr.geoeduc.core.ingest.SchemaRegistry;
import fr.geoeduc.core.ingest.ReferentielLoader;
import fr.geoeduc.core.store.SqliteStore;
import fr.geoeduc.server.explore.QuotaSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code /api/carte-scolaire/secteur} and {@code /carte-scolaire} over a generated carte: answers, bad input, quotas. */
class CarteScolaireApiTest {

    static final String HEADER = "code_region;libelle_region;code_academie;libelle_academie;code_departement;libelle_departement;"
            + "code_postal;code_insee;libelle_commune;lieu_dit;Type_et_Libelle;No_de_voie_debut;Indice_de_repetition_debut;"
            + "No_de_voie_fin;Indice_de_repetition_fin;Parite;Code_RNE;Secteur_unique\n";
    static final String P = "53;BRETAGNE;14;RENNES;035;ILLE-ET-VILAINE;";
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final ObjectMapper JSON = new ObjectMapper();
    static SqliteStore store;
    static GeoeducServer server;
    static String base;

    @BeforeAll
    static void start() throws Exception {
        Path dir = Files.createTempDirectory("geoeduc-carte-api");
        String csv = HEADER
                + P + "35700;35238;Rennes;;RUE DE FOUGERES;2;;40;;P;0350895H;N\n"
                + P + "35700;35238;Rennes;;RUE DE FOUGERES;2;;40;;P;0351638R;N\n"
                + P + "35700;35238;Rennes;;RUE DE FOUGERES;1;;9999;;I;0350913C;N\n"
                + P + ";35100;Dompierre-du-Chemin;;;;;;;;0350762N;O\n";
        Path file = dir.resolve("carte.csv");
        Files.writeString(file, csv, StandardCharsets.UTF_8);
        store = SqliteStore.open(dir.resolve("store"));
        new ReferentielLoader(store).loadCommuneEvents(Path.of("../core/src/main/resources/referentiel/cog-mouvements-35-extrait.csv"));
        new Ingester(store, SchemaRegistry.load(), dir.resolve("downloads"))
                .ingest(IngestRequest.of(file.toString(), "fr-en-carte-scolaire-colleges-publics"), ProgressListener.NONE);
        // SYNTHETIC BAN-format addresses on the carte's street (coordinates consistent, Lambert-93 and WGS84)
        Path ban = dir.resolve("adresses-35.csv");
        String h = "id;id_fantoir;numero;rep;nom_voie;code_postal;code_insee;nom_commune;code_insee_ancienne_commune;nom_ancienne_commune;"
                + "x;y;lon;lat;type_position;alias;nom_ld;libelle_acheminement;nom_afnor;source_position;source_nom_voie;certification_commune;cad_parcelles\n";
        Files.writeString(ban, h
                + "35238_a_00002;;2;;Rue de Fougères;35700;35238;Rennes;;;353000.00;6790000.00;-1.665770;48.117810;entrée;;;RENNES;RUE DE FOUGERES;commune;commune;1;\n"
                + "35238_a_00003;;3;;Rue de Fougères;35700;35238;Rennes;;;353000.00;6789980.00;-1.665760;48.117630;entrée;;;RENNES;RUE DE FOUGERES;commune;commune;1;\n"
                + "35238_a_00005;;5;;Rue de Fougères;35700;35238;Rennes;;;353010.00;6789980.00;-1.665630;48.117630;entrée;;;RENNES;RUE DE FOUGERES;commune;commune;1;\n"
                + "35238_a_00042;;42;;Rue de Fougères;35700;35238;Rennes;;;353100.00;6790000.00;-1.664430;48.117830;entrée;;;RENNES;RUE DE FOUGERES;commune;commune;1;\n",
                StandardCharsets.UTF_8);
        new fr.geoeduc.core.adresse.BanLoader(new Ingester(store, SchemaRegistry.load(), dir.resolve("downloads")), dir.resolve("work"))
                .load(ban, ProgressListener.NONE);
        // SYNTHETIC pupils on the carte's street, with positions
        Path eleves = dir.resolve("eleves.csv");
        Files.writeString(eleves, "commune_residence;voie;numero;ips;latitude;longitude\n"
                + "35238;Rue de Fougères;2;90;48.117810;-1.665770\n35238;Rue de Fougères;3;100;48.117630;-1.665760\n"
                + "35238;Rue de Fougères;5;110;48.117630;-1.665630\n35238;Rue de Fougères;40;120;48.117830;-1.664430\n", StandardCharsets.UTF_8);
        new Ingester(store, SchemaRegistry.load(), dir.resolve("downloads"))
                .ingest(IngestRequest.of(eleves.toString(), "eleves-synthetiques"), ProgressListener.NONE);
        server = GeoeducServer.start(store, "127.0.0.1", 0, null, new QuotaSettings(40, Map.of()));
        base = "http://127.0.0.1:" + server.port();
    }

    @AfterAll
    static void stop() {
        server.close();
        store.close();
    }

    static HttpResponse<String> get(String pathAndQuery) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + pathAndQuery)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** Rue de Fougères odd 1–3 (the pupil at n° 3) and a drawn area around n° 40 move to 0350762N, whose capacity is 1. */
    @Test
    void simulationMovesAStreetRangeAndADrawnArea() throws Exception {
        String zone = "{\"type\":\"Polygon\",\"coordinates\":[[[-1.6648,48.1176],[-1.6640,48.1176],[-1.6640,48.1180],[-1.6648,48.1180],[-1.6648,48.1176]]]}";
        HttpResponse<String> r = get("/api/carte-scolaire/simulation?eleves=eleves-synthetiques&voie=" + q("35238:rue de fougeres:1-3:I=0350762N")
                + "&zone=" + q(zone + "=0350762N") + "&capacite=0350762N:1");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(r.body());
        Map<String, JsonNode> c = new java.util.TreeMap<>();
        body.get("colleges").forEach(x -> c.put(x.get("uai").asText(), x));
        assertThat(c.get("0350913C").get("effectifAvant").asDouble()).isEqualTo(2.0);
        assertThat(c.get("0350913C").get("effectifApres").asDouble()).isEqualTo(1.0);
        assertThat(c.get("0350895H").get("effectifApres").asDouble()).isEqualTo(0.5);
        assertThat(c.get("0350762N").get("effectifApres").asDouble()).isEqualTo(2.0);
        assertThat(c.get("0350762N").get("ipsMoyenApres").asDouble()).isEqualTo(110.0);
        assertThat(c.get("0350762N").get("occupationApres").asDouble()).isEqualTo(2.0);
        assertThat(body.get("deplacements").findValuesAsText("eleves")).containsExactly("1", "1");
        assertThat(body.get("elevesQuiChangent").asLong()).isEqualTo(2);
        assertThat(body.get("avertissements").toString()).contains("0350762N : occupation avec le brouillon 200 %")
                .contains("position inconnue");
        HttpResponse<String> bad = get("/api/carte-scolaire/simulation?eleves=eleves-synthetiques&voie=" + q("35238=0350762N"));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("COMMUNE:VOIE");
        HttpResponse<String> badZone = get("/api/carte-scolaire/simulation?eleves=eleves-synthetiques&zone=" + q("{\"type\":\"Point\",\"coordinates\":[0,0]}=0350762N"));
        assertThat(badZone.statusCode()).isEqualTo(400);
        assertThat(badZone.body()).contains("Polygon");
    }

    @Test
    void thePageDrawsTheSectorsAndOutlinesTheAnswersOne() throws Exception {
        HttpResponse<String> page = get("/carte-scolaire?adresse=" + q("3 rue de Fougères 35700 Rennes"));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"carte-secteurs\"").contains("data-uais=\"0350913C\"")
                .contains("/static/js/carte-scolaire.js").contains("/static/maplibre/maplibre-gl-csp.js");
        HttpResponse<String> script = get("/static/js/carte-scolaire.js");
        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.body()).contains("/api/carte-scolaire/secteurs");
    }

    /** 3 of 4 addresses match (75 %, above the 70 % threshold; with 2 of 3 the commune would not be built). */
    @Test
    void sectorPolygonsAndCoverageFromTheLoadedBan() throws Exception {
        HttpResponse<String> r = get("/api/carte-scolaire/secteurs");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).contains("application/geo+json");
        JsonNode fc = JSON.readTree(r.body());
        assertThat(fc.get("features").findValuesAsText("secteur")).containsExactlyInAnyOrder("0350895H+0351638R", "0350913C", "sans secteur");
        assertThat(fc.get("features").get(0).get("geometry").get("type").asText()).endsWith("Polygon");
        JsonNode cov = JSON.readTree(get("/api/carte-scolaire/couverture").body());
        assertThat(cov.get("adresses").asLong()).isEqualTo(4);
        assertThat(cov.get("adresses_appariees").asLong()).isEqualTo(3);
        assertThat(cov.get("adresses_sans_secteur").asLong()).isEqualTo(1);
        assertThat(cov.get("departements_ban").toString()).contains("35");
    }

    @Test
    void freeTextAndStructuredAddressesGiveTheSameSector() throws Exception {
        HttpResponse<String> r = get("/api/carte-scolaire/secteur?adresse=" + q("12 bis rue de Fougères 35700 Rennes"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("X-RateLimit-Limit")).contains("40");
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.get("statut").asText()).isEqualTo("trouve");
        assertThat(body.get("confiance").asText()).isEqualTo("EXACT");
        assertThat(body.get("multi_college").asBoolean()).isTrue();
        assertThat(body.get("colleges").findValuesAsText("uai")).containsExactly("0350895H", "0351638R");
        assertThat(body.get("regle").get("code").asText()).isEqualTo("PLAGE_DE_VOIE");
        assertThat(body.get("carte").get("version").asInt()).isEqualTo(1);
        assertThat(body.get("adresse").get("numero").asText()).isEqualTo("12 bis");
        JsonNode structured = JSON.readTree(get("/api/carte-scolaire/secteur?commune=35238&voie=" + q("Rue de Fougères")
                + "&numero=12&rep=bis").body());
        assertThat(structured.get("colleges")).isEqualTo(body.get("colleges"));
        JsonNode odd = JSON.readTree(get("/api/carte-scolaire/secteur?commune=Rennes&voie=" + q("rue de fougeres") + "&numero=13").body());
        assertThat(odd.get("colleges").findValuesAsText("uai")).containsExactly("0350913C");
        JsonNode dompierre = JSON.readTree(get("/api/carte-scolaire/secteur?commune=35100").body());
        assertThat(dompierre.get("regle").get("code").asText()).isEqualTo("COMMUNE_DELEGUEE");
        assertThat(dompierre.get("adresse").get("code_insee").asText()).isEqualTo("35163");
    }

    @Test
    void noSectorIsAnAnswerAndBadParametersAre400() throws Exception {
        HttpResponse<String> none = get("/api/carte-scolaire/secteur?adresse=" + q("50 rue de Fougères 35700 Rennes"));
        assertThat(none.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(none.body()).get("statut").asText()).isEqualTo("aucun");
        assertThat(JSON.readTree(none.body()).get("explication").asText()).contains("aucune plage");
        HttpResponse<String> missing = get("/api/carte-scolaire/secteur");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(missing.body()).contains("adresse");
        assertThat(get("/api/carte-scolaire/secteur?commune=35238&voie=x&numero=douze").statusCode()).isEqualTo(400);
        assertThat(get("/api/carte-scolaire/secteur?adresse=x&commune=35238").statusCode()).isEqualTo(400);
        HttpResponse<String> unknown = get("/api/carte-scolaire/secteur?adresse=" + q("3 rue de nulle part"));
        assertThat(unknown.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(unknown.body()).get("statut").asText()).isEqualTo("aucun");
        assertThat(get("/api/carte-scolaire/secteur?adresse=" + q("'; DROP TABLE x; -- \"<>")).statusCode()).isEqualTo(200);
    }

    @Test
    void thePageAnswersInFrench() throws Exception {
        HttpResponse<String> empty = get("/carte-scolaire");
        assertThat(empty.statusCode()).isEqualTo(200);
        assertThat(empty.body()).contains("<form").contains("name=\"adresse\"").contains("lang=\"fr\"");
        HttpResponse<String> page = get("/carte-scolaire?adresse=" + q("12 rue de Fougères 35700 Rennes"));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("0350895H").contains("0351638R").contains("multi-collèges").contains("DSDEN")
                .contains("<dt>Confiance</dt><dd>voie et numéro trouvés dans la carte (score").doesNotContain("EXACT (score");
        assertThat(get("/carte-scolaire?adresse=" + q("1 rue Inconnue 99999 Nullepart")).body()).contains("<dt>Confiance</dt><dd>aucune (score")
                .doesNotContain("UNKNOWN");
        assertThat(get("/carte-scolaire?adresse=" + q("<script>alert(1)</script>")).body()).doesNotContain("<script>alert(1)");
    }
}
