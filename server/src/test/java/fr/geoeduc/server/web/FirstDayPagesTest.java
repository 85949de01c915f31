package fr.geoeduc.server.web;

import fr.geoeduc.core.model.AccessLevel;
import fr.geoeduc.server.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a first-day user of the demo meets on the pages reached from the menus, over HTTP, on a store shaped like the
 * demo's: a geolocated dataset of addresses whose id sorts first, and the établissements with their pupils and IPS.
 */
class FirstDayPagesTest {

    static final String ADDRESSES = "ban-adresses-35";
    static final String SCHOOLS = "etablissements-effectifs-ips";
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path dir;
    static TestServer running;

    @BeforeAll
    static void start() throws Exception {
        StringBuilder addresses = new StringBuilder("id;numero;nom_voie;code_insee;lat;lon\n");
        StringBuilder schools = new StringBuilder("identifiant_de_l_etablissement;nom_etablissement;latitude;longitude;nombre_d_eleves;ips_mean\n");
        for (int i = 0; i < 20; i++) {
            addresses.append(String.format("35238_%04d;%d;Rue de la Gare;35238;48.1%02d;-1.6%02d%n", i, i + 1, i, i));
            schools.append(String.format("03500%02dX;École %d;48.1%02d;-1.6%02d;%d;%d.5%n", i, i, i, i, 100 + i, 80 + i));
        }
        running = TestServer.in(dir);
        running.ingest(running.write("adresses.csv", addresses), ADDRESSES, AccessLevel.OPEN)
                .ingest(running.write("ecoles.csv", schools), SCHOOLS, AccessLevel.OPEN);
        running.access(); // accounts and conventions, as `geoeduc demo` and `serve` open them
        running.start(null);
    }

    @AfterAll
    static void stop() {
        if (running != null) {
            running.close();
        }
    }

    static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(running.base() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    @Test
    void mapMenuOpensOnTheHomePagesMapNotOnTheFirstDatasetByName() throws Exception {
        HttpResponse<String> home = get("/");
        assertThat(home.body()).contains("data-jeu=\"" + SCHOOLS + "\"");
        HttpResponse<String> map = get("/carte");
        assertThat(map.statusCode()).isEqualTo(200);
        assertThat(map.body()).contains("<option value=\"" + SCHOOLS + "\" selected>")
                .contains("data-jeu=\"" + SCHOOLS + "\"")
                .doesNotContain("<option value=\"" + ADDRESSES + "\" selected>");
    }

    @Test
    void conventionsPageWithoutAnyConventionSaysSoInsteadOfAnEmptyTableAndABlankDrawing() throws Exception {
        HttpResponse<String> page = get("/conventions");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"conventions-aucune\"").contains("Aucune convention d'échange de données")
                .doesNotContain("<svg").doesNotContain("<th scope=\"col\">Numéro</th>");
    }

    @Test
    void signInPageMarksNoMenuEntryAsTheCurrentPage() throws Exception {
        HttpResponse<String> page = get("/connexion");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("class=\"fr-nav__link\" href=\"/\">Accueil</a>")
                .doesNotContain("class=\"fr-nav__link\" href=\"/\" aria-current=\"page\">Accueil</a>");
        assertThat(get("/").body()).contains("class=\"fr-nav__link\" href=\"/\" aria-current=\"page\">Accueil</a>");
    }
}
