package fr.geoeduc.server.cartescolaire;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.RequestOptions;
import fr.geoeduc.core.access.Organisation;
import fr.geoeduc.server.Chromium;
import fr.geoeduc.server.TestBrowser;
import fr.geoeduc.server.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The simulations' pages in the system Chromium (skipped when it is not installed), on the real 35 files with the écoles'
 * open data: two simulations saved by an organisation's API client, compared side by side (both callouts, the table of
 * the collèges whose intake differs, the map drawing a circle per collège), the saved simulation and the list; axe-core
 * without serious or critical violation on each. And the address box of /carte-scolaire while the suggestions index is
 * being built: a visible DSFR message, then the suggestions once the server answers, after its Retry-After.
 */
class SimulationBrowserTest {

    private static TestBrowser chromium;
    private static TestServer server;
    private static String base;
    private static String key;

    @BeforeAll
    static void start() throws Exception {
        chromium = TestBrowser.launchWithWebGl();
        server = SimulationData.ingest(TestServer.inTempDir("geoeduc-simulation-ui"))
                .organisation("departement", "Département d'Ille-et-Vilaine", Organisation.Kind.AUTRE);
        key = server.apiKey("departement", "sig");
        base = server.start(null).base();
    }

    @AfterAll
    static void stop() throws Exception {
        Chromium.closeAll(chromium, server);
    }

    static String save(String titre, String etat) throws Exception {
        String body = "titre=" + URLEncoder.encode(titre, StandardCharsets.UTF_8) + "&etat=" + URLEncoder.encode(etat, StandardCharsets.UTF_8);
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/carte-scolaire/simulations"))
                .header("Authorization", "Apikey " + key).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
        String location = r.headers().firstValue("Location").orElseThrow();
        return location.substring(location.lastIndexOf('/') + 1);
    }

    @Test
    void twoSavedSimulationsSideBySideWithTheirMap() throws Exception {
        String a = save("Saint-Malo-de-Phily vers Guichen", "eleves=ecoles&deplacer=35271%3A0352248D&capacite=0352248D%3A500");
        String b = save("Goven vers Guichen", "eleves=ecoles&deplacer=35162%3A0352248D");
        try (BrowserContext context = chromium.context(1000, Map.of("Authorization", "Apikey " + key))) {
            Page page = TestBrowser.page(context, 60_000);
            List<String> errors = TestBrowser.errors(page, TestBrowser.Report.PAGE_ERROR);

            assertThat(page.navigate(base + "/carte-scolaire/simulations").status()).isEqualTo(200);
            assertThat(page.locator("#simulations tbody tr").count()).isEqualTo(2);
            assertThat(chromium.axe(page)).as("axe-core on the list").isEmpty();
            page.selectOption("#cmp-a", a);
            page.selectOption("#cmp-b", b);
            page.click("form[action='/carte-scolaire/comparaison'] button[type=submit]");
            page.waitForURL(u -> u.contains("/carte-scolaire/comparaison?a=" + a + "&b=" + b));
            assertThat(page.textContent("h1")).contains("Saint-Malo-de-Phily vers Guichen", "Goven vers Guichen");
            assertThat(page.locator(".fr-callout__title").allTextContents()).containsExactly("Saint-Malo-de-Phily vers Guichen", "Goven vers Guichen");
            // both communes leave 0350041E for 0352248D: A and B differ on those two only, by the gap between the communes' écoles
            List<String> ecarts = page.locator("#tableau-simulation tbody tr").evaluateAll(
                    "rows => rows.filter(r => r.cells.length > 4 && !/^[+−-]?0(,0)?$/.test(r.cells[4].textContent.trim())).map(r => r.cells[0].textContent.trim())")
                    instanceof List<?> l ? l.stream().map(Object::toString).toList() : List.of();
            assertThat(ecarts).containsExactly("0350041E", "0352248D");

            page.locator("#carte-comparaison").scrollIntoViewIfNeeded();
            page.waitForFunction("() => Number(document.getElementById('carte-comparaison').dataset.rendus) > 0");
            int rendus = Integer.parseInt(page.getAttribute("#carte-comparaison", "data-rendus"));
            int positions = page.locator("#tableau-simulation tr[data-lat]").count();
            assertThat(positions).isGreaterThan(30);
            assertThat(rendus).as("circles drawn of %d collèges with a position", positions).isGreaterThanOrEqualTo((int) (positions * 0.9));
            assertThat(page.textContent("#carte-comparaison-etat")).contains(positions + " collèges sur la carte");
            TestBrowser.screenshot(page, "carte-scolaire-comparaison.png");
            assertThat(chromium.axe(page)).as("axe-core on the comparison").isEmpty();

            // the CSV of the comparison is served to the same caller
            var csv = context.request().get(base + "/carte-scolaire/comparaison?a=" + a + "&b=" + b + "&format=csv", RequestOptions.create());
            assertThat(csv.status()).isEqualTo(200);
            assertThat(csv.text()).contains("uai;nom;effectif_a;effectif_b;ecart_a_b");

            assertThat(page.navigate(base + "/carte-scolaire/simulations/" + a).status()).isEqualTo(200);
            assertThat(page.locator("#tableau-simulation tbody tr").count()).isGreaterThan(30);
            assertThat(chromium.axe(page)).as("axe-core on a saved simulation").isEmpty();
            assertThat(errors).isEmpty();
        }
    }

    @Test
    void theAddressBoxSaysTheIndexIsBeingBuiltThenRetriesAfterRetryAfter() throws Exception {
        try (BrowserContext context = chromium.context()) {
            Page page = TestBrowser.page(context, 30_000);
            AtomicInteger calls = new AtomicInteger();
            List<Long> quand = new CopyOnWriteArrayList<>();
            // the server's answer while an index is built, then once it is ready
            page.route("**/api/carte-scolaire/suggestions**", route -> {
                quand.add(System.nanoTime());
                if (calls.getAndIncrement() == 0) {
                    route.fulfill(new com.microsoft.playwright.Route.FulfillOptions().setStatus(503).setContentType("application/json")
                            .setHeaders(Map.of("Retry-After", "3")).setBody("{\"error_code\":\"IndexEnPreparation\",\"message\":\"en préparation\","
                                    + "\"en_preparation\":[\"adresses-35\"]}"));
                } else {
                    route.fulfill(new com.microsoft.playwright.Route.FulfillOptions().setStatus(200).setContentType("application/json")
                            .setBody("{\"ban_chargee\":true,\"datasets\":[\"adresses-35\"],\"suggestions\":[{\"label\":\"3 Rue d'Antrain 35700 Rennes\","
                                    + "\"numero\":3,\"rep\":\"\",\"numero_complet\":\"3\",\"voie\":\"Rue d'Antrain\",\"code_postal\":\"35700\","
                                    + "\"code_commune\":\"35238\",\"commune\":\"Rennes\",\"lon\":-1.6783,\"lat\":48.1183,\"id\":\"35238_k3v8qa_00003\"}]}"));
                }
            });
            assertThat(page.navigate(base + "/carte-scolaire").status()).isEqualTo(200);
            assertThat(page.locator("#adresse-suggestions-preparation").isVisible()).isFalse();
            page.locator("#adresse").fill("3 rue d'Ant"); // one input event: one request, whatever the machine's load
            page.waitForSelector("#adresse-suggestions-preparation", new Page.WaitForSelectorOptions()
                    .setState(com.microsoft.playwright.options.WaitForSelectorState.VISIBLE));
            assertThat(page.textContent("#adresse-suggestions-preparation")).contains("Index des adresses en préparation, réessayez dans quelques secondes");
            assertThat(page.getAttribute("#adresse-suggestions-preparation", "class")).contains("fr-alert");
            assertThat(calls.get()).as("no second request before Retry-After").isEqualTo(1);
            assertThat(chromium.axe(page)).as("axe-core with the message shown").isEmpty();
            // no typing: the page asks again by itself after Retry-After (3 s), and the list replaces the message
            page.waitForSelector("#adresse-suggestions [role=option]");
            assertThat(page.textContent("#adresse-suggestions [role=option]")).isEqualTo("3 Rue d'Antrain 35700 Rennes");
            assertThat(page.locator("#adresse-suggestions-preparation").isVisible()).isFalse();
            assertThat(calls.get()).isEqualTo(2);
            assertThat((quand.get(1) - quand.get(0)) / 1_000_000).as("ms between the two requests").isGreaterThanOrEqualTo(2_900);
        }
    }
}
