package fr.geoeduc.server.web;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import fr.geoeduc.server.Chromium;
import fr.geoeduc.server.TestBrowser;
import fr.geoeduc.server.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * /carte in the system Chromium (skipped when it is not installed): a dataset of rentrée 2018 coded with the communes of
 * 2018, mapped by commune ({@link CommunesDeuxMillesimes}). On the current (2024) communes the merged commune 35002 has no
 * polygon; choosing 2018 in the « Millésime des contours » select requests the 2018 polygons and draws all four communes.
 */
class CarteMillesimesBrowserTest {

    private static TestBrowser chromium;
    private static TestServer server;
    private static String base;

    @BeforeAll
    static void start() throws Exception {
        chromium = TestBrowser.launchWithWebGl();
        server = TestServer.inTempDir("geoeduc-carte-millesimes-ui");
        CommunesDeuxMillesimes.load(server);
        base = server.start(null).base();
    }

    @AfterAll
    static void stop() throws Exception {
        Chromium.closeAll(chromium, server);
    }

    @Test
    void theMillesimeChosenInTheSelectDrawsThatMillesimesCommunes() {
        try (BrowserContext context = chromium.context(1000, Map.of())) {
            Page page = TestBrowser.page(context, 60_000);
            List<String> errors = TestBrowser.errors(page, TestBrowser.Report.PAGE_ERROR, TestBrowser.Report.CONSOLE_ERROR,
                    TestBrowser.Report.FAILED_REQUEST, TestBrowser.Report.HTTP_ERROR);
            List<String> contours = new CopyOnWriteArrayList<>();
            page.onRequest(r -> {
                if (r.url().contains(BaseLayer.CONTOURS)) {
                    contours.add(r.url().substring(r.url().indexOf(BaseLayer.CONTOURS)));
                }
            });
            // « Courant » chosen explicitly although the rentrée is 2018: the communes of 2024
            assertThat(page.navigate(base + "/carte?jeu=" + CommunesDeuxMillesimes.DATASET + "&rentree=2018&aplat=commune&millesime=")
                    .status()).isEqualTo(200);
            assertThat(page.locator("#choix-millesime option").allTextContents()).containsExactly("Courant", "2018", "2024");
            assertThat(page.inputValue("#choix-millesime")).isEmpty();
            assertThat(drawn(page)).containsExactlyInAnyOrder("35001", "35003", "35004");
            assertThat(page.textContent("#carte-etat")).contains("3 aplats").contains("1 codes des données sans contour chargé");
            assertThat(contours).containsExactly("/carte/contours/commune");

            page.selectOption("#choix-millesime", "2018");
            page.locator("#carte-choix button[type=submit]").click();
            page.waitForURL(u -> u.contains("millesime=2018"));
            assertThat(page.inputValue("#choix-millesime")).isEqualTo("2018");
            assertThat(drawn(page)).containsExactlyInAnyOrder("35001", "35002", "35003", "35004");
            assertThat(page.textContent("#carte-etat")).contains("4 aplats").doesNotContain("sans contour");
            assertThat(contours).containsExactly("/carte/contours/commune", "/carte/contours/commune?millesime=2018");
            assertThat(page.inputValue("#vue-etat")).as("the state a saved view keeps").contains("millesime=2018");
            TestBrowser.screenshot(page, "carte-aplats-millesime-2018.png");
            assertThat(chromium.axe(page)).as("axe-core with the millésime select").isEmpty();
            assertThat(errors).isEmpty();
        }
    }

    /** Once the choropleth is drawn: the codes of the communes rendered (once each: a polygon may span several tiles). */
    @SuppressWarnings("unchecked")
    private static List<String> drawn(Page page) {
        page.waitForSelector("#carte[data-pret]");
        return (List<String>) page.evaluate("() => [...new Set(geoeducCarte.map.queryRenderedFeatures({ layers: ['aplats'] })"
                + ".map(f => f.properties.code))]");
    }
}
