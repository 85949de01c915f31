package fr.geoeduc.server.web;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import fr.geoeduc.server.TestBrowser;
import fr.geoeduc.server.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The explorer's legend in the system Chromium (skipped without it): the size and colour fields by their labels (as the
 * dataset page's field list shows them), not their names; and, when the colour field has no value among the points the
 * filters keep, a French sentence instead of a legend silently left out.
 */
class CarteLegendeBrowserTest {

    static final String DATASET = "ecoles-legende";
    @TempDir
    Path dir;
    TestServer running;
    TestBrowser chromium;

    @BeforeEach
    void start() throws Exception {
        chromium = TestBrowser.launch();
        // label headers: the fields are named from them (nombre_total_d_eleves…) and keep them as labels; the private
        // écoles have no IPS
        StringBuilder csv = new StringBuilder("UAI;Nom;Secteur;Nombre total d'élèves;Indice de position sociale;latitude;longitude\n");
        for (int i = 0; i < 20; i++) {
            boolean prive = i % 4 == 0;
            csv.append(String.format("03500%02dX;École %d;%s;%d;%s;48.1%02d;-1.6%02d%n", i, i, prive ? "privé" : "public", 100 + 10 * i,
                    prive ? "" : (80 + i) + ".5", i, i));
        }
        running = TestServer.in(dir);
        running.ingest(running.write("ecoles.csv", csv), DATASET);
        running.start(null);
    }

    @AfterEach
    void stop() {
        if (chromium != null) {
            chromium.close();
        }
        running.close();
    }

    @Test
    void theLegendNamesTheFieldsByTheirLabelsAndSaysWhenThereIsNothingToColour() throws Exception {
        var schema = running.store.latest(DATASET).orElseThrow().schema();
        String size = schema.fields().stream().filter(f -> f.label().equals("Nombre total d'élèves")).findFirst().orElseThrow().name();
        String colour = schema.fields().stream().filter(f -> f.label().equals("Indice de position sociale")).findFirst().orElseThrow().name();
        assertThat(size).isNotEqualTo("Nombre total d'élèves");
        List<String> errors = new CopyOnWriteArrayList<>();
        try (BrowserContext context = chromium.context()) {
            Page page = TestBrowser.page(context, 30_000);
            page.onPageError(e -> errors.add("page error: " + e));
            page.navigate(running.base() + "/carte?jeu=" + DATASET + "&taille=" + size + "&couleur=" + colour);
            page.waitForSelector("#carte[data-pret]");
            String legend = page.locator("#carte-legende").textContent();
            assertThat(legend).contains("Couleur : Indice de position sociale (quantiles)").contains("Taille : Nombre total d'élèves")
                    .contains("somme de Nombre total d'élèves")
                    .doesNotContain("Couleur : " + colour).doesNotContain("Taille : " + size);
            assertThat(page.locator(".geoeduc-legende-classe").count()).isPositive();
            assertThat(page.locator("#legende-couleur-vide").count()).isZero();

            // the private écoles only: no IPS to colour them by, said in the legend
            page.navigate(running.base() + "/carte?jeu=" + DATASET + "&taille=" + size + "&couleur=" + colour + "&secteur="
                    + URLEncoder.encode("privé", StandardCharsets.UTF_8));
            page.waitForSelector("#carte[data-pret]");
            assertThat(page.getAttribute("#carte", "data-rendus")).isEqualTo("5");
            assertThat(page.locator("#legende-couleur-vide").textContent())
                    .isEqualTo("Aucune valeur de « Indice de position sociale » pour les établissements retenus par les filtres : "
                            + "les points ont une couleur unique.");
            assertThat(page.locator(".geoeduc-legende-classe").count()).isZero();
            assertThat(page.locator("#carte-legende").textContent()).contains("Taille : Nombre total d'élèves");
            assertThat(chromium.axe(page)).as("axe-core with the empty colour legend").isEmpty();
            TestBrowser.screenshot(page, "carte-legende-vide.png");
        }
        assertThat(errors).isEmpty();
    }
}
