package fr.geoeduc.server.cartescolaire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.geoeduc.core.adresse.BanLoader;
import fr.geoeduc.core.adresse.BanSuggestions;
import fr.geoeduc.core.ingest.ProgressListener;
import fr.geoeduc.core.query.QueryService;
import fr.geoeduc.core.referentiel.Referentiels;
import fr.geoeduc.core.sectorisation.CarteScolaireService;
import fr.geoeduc.core.sectorisation.SecteursService;
import fr.geoeduc.core.sectorisation.Simulation;
import fr.geoeduc.core.testing.TestPlatform;
import io.javalin.Javalin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /api/carte-scolaire/suggestions} while the index of the BAN version is being built: the build is held by
 * the test (an executor that runs nothing until told), so the request certainly arrives during it, whatever the
 * machine's speed. It is answered after the bounded wait with the documented 503, {@code Retry-After} and a French
 * message; once the build ran, the same request gets its suggestions.
 */
class SuggestionsEnPreparationTest {

    static final String HEADER = "id;id_fantoir;numero;rep;nom_voie;code_postal;code_insee;nom_commune;code_insee_ancienne_commune;"
            + "nom_ancienne_commune;x;y;lon;lat;type_position;alias;nom_ld;libelle_acheminement;nom_afnor;source_position;"
            + "source_nom_voie;certification_commune;cad_parcelles\n";

    @Test
    void uneRequetePendantLaConstructionRecoit503AvecRetryAfter(@TempDir Path dir) throws Exception {
        try (TestPlatform platform = new TestPlatform(dir.resolve("store"))) {
            Path ban = dir.resolve("adresses-35.csv");
            Files.writeString(ban, HEADER + "35238_a_00012;;12;;Rue de la Gare;35700;35238;Rennes;;;353000.00;6790000.00;-1.665770;48.117810;"
                    + "entrée;;;RENNES;;commune;commune;1;\n", StandardCharsets.UTF_8);
            new BanLoader(platform.ingester, dir.resolve("work")).load(ban, ProgressListener.NONE);
            QueryService queries = new QueryService(platform.store);
            List<Runnable> retenues = new CopyOnWriteArrayList<>();
            BanSuggestions suggestions = new BanSuggestions(queries, retenues::add, Duration.ofMillis(200));
            java.util.function.Supplier<Referentiels> refs = () -> Referentiels.from(platform.store);
            Javalin app = Javalin.create(c -> c.showJavalinBanner = false);
            new CarteScolaireApi(new CarteScolaireService(queries, refs), new SecteursService(queries, refs), new Simulation(queries, refs),
                    suggestions).register(app);
            app.start("127.0.0.1", 0);
            try {
                HttpClient http = HttpClient.newHttpClient();
                HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port()
                        + "/api/carte-scolaire/suggestions?q=12+gare")).GET().build();

                suggestions.preparer(); // as the server does at start: the build is scheduled, held here
                assertThat(suggestions.etat().enPreparation()).containsExactly("ban-adresses-35 v1");
                HttpResponse<String> pendant = http.send(req, HttpResponse.BodyHandlers.ofString());
                assertThat(pendant.statusCode()).isEqualTo(503);
                assertThat(pendant.headers().firstValue("Retry-After")).contains(String.valueOf(CarteScolaireApi.RETRY_AFTER_SECONDES));
                JsonNode doc = new ObjectMapper().readTree(pendant.body());
                assertThat(doc.get("error_code").asText()).isEqualTo("IndexEnPreparation");
                assertThat(doc.get("message").asText()).contains("en préparation", "réessayez");
                assertThat(doc.get("en_preparation").toString()).contains("ban-adresses-35");
                assertThat(retenues).as("one build scheduled, not one per request").hasSize(1);

                retenues.forEach(Runnable::run);
                assertThat(suggestions.etat().pretes()).containsExactly("ban-adresses-35 v1");
                assertThat(suggestions.etat().enPreparation()).isEmpty();
                HttpResponse<String> apres = http.send(req, HttpResponse.BodyHandlers.ofString());
                assertThat(apres.statusCode()).isEqualTo(200);
                assertThat(new ObjectMapper().readTree(apres.body()).findValuesAsText("id")).containsExactly("35238_a_00012");
                assertThat(retenues).hasSize(1);
            } finally {
                app.stop();
            }
        }
    }
}
