package fr.geoeduc.server.web;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import fr.geoeduc.core.access.Organisation;
import fr.geoeduc.core.model.AccessLevel;
import fr.geoeduc.server.Chromium;
import fr.geoeduc.server.TestBrowser;
import fr.geoeduc.server.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

/**
 * Issue 20, saved views in a real browser (Debian's Chromium through Playwright, skipped with the reason without it):
 * on /carte, "Enregistrer cette vue" with an API key saves the map as it is (fields, filter, centre and zoom moved
 * by the user), the confirmation gives the short link, the link reopens the map in that state, and the list shows the
 * view; no console error and no serious or critical axe-core violation on the three pages. Generated fixtures only.
 */
class SavedViewsBrowserTest {

    private static final String DATASET = "ecoles-vues-navigateur";

    @TempDir
    static Path dir;
    static TestBrowser chromium;
    static TestServer server;
    static String key;

    @BeforeAll
    static void start() throws Exception {
        chromium = TestBrowser.launchWithWebGl();
        StringBuilder csv = new StringBuilder("uai;nom;secteur;latitude;longitude;effectif;ips\n");
        for (int i = 0; i < 40; i++) {
            csv.append(String.format("03500%02dX;École %d;%s;48.%03d;-1.%03d;%d;%d.5%n", i, i, i % 2 == 0 ? "Public" : "Privé",
                    80 + i * 3, 600 + i * 4, 100 + 10 * i, 80 + i));
        }
        server = TestServer.in(dir);
        server.ingest(server.write("ecoles.csv", csv), DATASET, AccessLevel.OPEN)
                .organisation("ville", "Ville de Rennes", Organisation.Kind.COMMUNE);
        key = server.apiKey("ville", "cartes");
        server.start(null);
    }

    @AfterAll
    static void stop() throws Exception {
        Chromium.closeAll(chromium, server);
    }

    @Test
    void aViewSavedFromTheMapReopensFromItsShortLink() throws Exception {
        String base = server.base();
        try (BrowserContext context = chromium.context()) {
            Page page = TestBrowser.page(context, 30_000);
            List<String> errors = TestBrowser.errors(page, TestBrowser.Report.CONSOLE_ERROR, TestBrowser.Report.PAGE_ERROR,
                    TestBrowser.Report.HTTP_ERROR);
            page.navigate(base + "/carte?jeu=" + DATASET + "&taille=effectif&couleur=ips&secteur=Priv%C3%A9");
            page.waitForSelector("#carte[data-pret]");
            page.evaluate("() => { geoeducCarte.map.jumpTo({ center: [-1.7, 48.12], zoom: 12 }); }");
            page.waitForCondition(() -> page.url().contains("vue=-1.70000%2C48.12000%2C12.00") || page.url().contains("vue=-1.70000,48.12000,12.00"));
            assertThat(axeSerious(page)).as("axe-core on /carte with its form").isEmpty();

            page.fill("#vue-titre", "Écoles privées autour de Rennes");
            page.fill("#vue-description", "Effectifs et IPS, zoom sur l'ouest");
            page.fill("#vue-cle", key);
            page.locator("#vue-enregistrer button[type=submit]").click();
            page.waitForSelector("#vue-lien");
            assertThat(page.locator("main h1").textContent()).isEqualTo("Vue enregistrée");
            String link = page.getAttribute("#vue-lien", "href");
            assertThat(link).matches("/vues/[a-z2-9]{10}");
            assertThat(axeSerious(page)).as("axe-core on the confirmation").isEmpty();
            TestBrowser.screenshot(page, "vue-enregistree.png");

            Page other = context.newPage();
            Response opened = other.navigate(base + link);
            assertThat(opened.status()).isEqualTo(200);
            assertThat(other.url()).contains("/carte?");
            other.waitForSelector("#carte[data-pret]");
            List<?> v = (List<?>) other.evaluate("() => { const c = geoeducCarte.map.getCenter(); return [c.lng, c.lat, geoeducCarte.map.getZoom()]; }");
            assertThat(((Number) v.get(0)).doubleValue()).isCloseTo(-1.7, offset(1e-4));
            assertThat(((Number) v.get(1)).doubleValue()).isCloseTo(48.12, offset(1e-4));
            assertThat(((Number) v.get(2)).doubleValue()).isCloseTo(12.0, offset(1e-6));
            assertThat(other.inputValue("#choix-jeu")).isEqualTo(DATASET);
            assertThat(other.inputValue("#choix-taille")).isEqualTo("effectif");
            assertThat(other.inputValue("#choix-couleur")).isEqualTo("ips");
            assertThat(other.inputValue("#filtre-secteur")).isEqualTo("Privé");
            TestBrowser.screenshotViewport(other, "vue-rouverte.png");

            other.navigate(base + "/vues");
            assertThat(other.locator("#vues tbody tr").count()).isEqualTo(1);
            assertThat(other.locator("#vues").textContent()).contains("Écoles privées autour de Rennes").contains("Ville de Rennes");
            assertThat(other.getAttribute("#vues tbody a", "href")).isEqualTo(link);
            assertThat(axeSerious(other)).as("axe-core on /vues").isEmpty();
            TestBrowser.screenshot(other, "vues.png");
            assertThat(errors).as("console errors").isEmpty();
        }
    }

    private List<String> axeSerious(Page page) {
        return chromium.axe(page);
    }
}
