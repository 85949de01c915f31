package fr.geoeduc.server.cartescolaire;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import fr.geoeduc.server.Chromium;
import fr.geoeduc.server.TestBrowser;
import fr.geoeduc.server.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * /carte-scolaire in the system Chromium (skipped when it is not installed): the communes' millésime chosen in the
 * form's select goes into the URL, and the sector map draws Luitré's sector with that millésime's polygon — the 2018
 * one, or the larger 2024 one of Luitré-Dompierre ({@link MillesimesFixture}).
 */
class CarteScolaireMillesimesBrowserTest {

    private static TestBrowser chromium;
    private static TestServer server;
    private static String base;

    @BeforeAll
    static void start() throws Exception {
        chromium = TestBrowser.launchWithWebGl();
        server = TestServer.on(new MillesimesFixture(Files.createTempDirectory("geoeduc-carte-millesimes-ui")).platform);
        base = server.start(null).base();
    }

    @AfterAll
    static void stop() throws Exception {
        Chromium.closeAll(chromium, server);
    }

    @Test
    void theMillesimeChosenInTheSelectRedrawsTheSectors() throws Exception {
        try (BrowserContext context = chromium.context(1000, Map.of())) {
            Page page = TestBrowser.page(context, 60_000);
            List<String> errors = TestBrowser.errors(page, TestBrowser.Report.PAGE_ERROR);
            assertThat(page.navigate(base + "/carte-scolaire?millesime_communes=2018").status()).isEqualTo(200);
            assertThat(page.inputValue("#millesime-communes")).isEqualTo("2018");
            assertThat(page.locator("#millesime-communes option").allTextContents()).containsExactly("Courant", "2018", "2024");
            double aire2018 = etendue(page, "2018");

            page.selectOption("#millesime-communes", "2024");
            page.click("form[action='/carte-scolaire'] button[type=submit]");
            page.waitForURL(u -> u.contains("millesime_communes=2024"));
            double aire2024 = etendue(page, "2024");
            assertThat(aire2024).as("Luitré-Dompierre's sector covers Dompierre-du-Chemin too").isGreaterThan(aire2018 * 1.05);
            TestBrowser.screenshot(page, "carte-scolaire-millesime-2024.png");

            page.selectOption("#millesime-communes", "");
            page.click("form[action='/carte-scolaire'] button[type=submit]");
            page.waitForURL(u -> u.contains("millesime_communes=") && !u.contains("millesime_communes=2"));
            assertThat(etendue(page, "")).as("the current communes are those of 2024").isEqualTo(aire2024);

            assertThat(chromium.axe(page)).as("axe-core with the millésime select").isEmpty();
            assertThat(errors).isEmpty();
        }
    }

    @Test
    void theSimulationFormCarriesTheMillesimeChosen() throws Exception {
        try (BrowserContext context = chromium.context(1000, Map.of())) {
            Page page = TestBrowser.page(context, 60_000);
            List<String> errors = TestBrowser.errors(page, TestBrowser.Report.PAGE_ERROR);
            String draft = "/carte-scolaire/simulation?eleves=" + MillesimesFixture.ELEVES + "&deplacer=35163%3A" + MillesimesFixture.AUTRE;
            assertThat(page.navigate(base + draft).status()).isEqualTo(200);
            assertThat(page.inputValue("#sim-millesime")).isEmpty();
            assertThat(page.textContent("#resultat-titre + p + p")).contains("millésime courant");
            assertThat(page.locator("section[aria-labelledby=resultat-titre] li").first().textContent()).contains("3 élèves, dont 3 changent");

            // the pupils live in « Luitré-Dompierre », a name the communes of 2018 do not know
            page.selectOption("#sim-millesime", "2018");
            page.click("form[action='/carte-scolaire/simulation'] button[type=submit]");
            page.waitForURL(u -> u.contains("millesime_communes=2018"));
            assertThat(page.inputValue("#sim-millesime")).isEqualTo("2018");
            assertThat(page.textContent("#resultat-titre + p + p")).contains("millésime 2018");
            assertThat(page.locator("section[aria-labelledby=resultat-titre] li").first().textContent()).contains("3 élèves, dont 0 changent");
            assertThat(chromium.axe(page)).as("axe-core on the simulation with the millésime select").isEmpty();
            assertThat(errors).isEmpty();
        }
    }

    /** Once the sectors are drawn with the communes of {@code millesime}: the area of their extent (square degrees). */
    private static double etendue(Page page, String millesime) {
        page.waitForSelector("#carte-secteurs[data-rendus]");
        page.waitForFunction("() => Number(document.getElementById('carte-secteurs').dataset.rendus) > 0");
        assertThat(page.evaluate("() => geoeducSecteurs.millesime")).isEqualTo(millesime);
        @SuppressWarnings("unchecked")
        List<Object> drawn = (List<Object>) page.evaluate("() => geoeducSecteurs.map.queryRenderedFeatures({ layers: ['secteurs'] })"
                + ".map(f => f.properties.code_commune)");
        assertThat(drawn).contains((Object) "35163");
        List<?> e = (List<?>) page.evaluate("() => geoeducSecteurs.etendue");
        return (((Number) e.get(2)).doubleValue() - ((Number) e.get(0)).doubleValue()) * (((Number) e.get(3)).doubleValue() - ((Number) e.get(1)).doubleValue());
    }
}
