package fr.geoeduc.server.cartescolaire;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.RequestOptions;
import fr.geoeduc.core.access.AccessRegistry;
import fr.geoeduc.core.access.Organisation;
import fr.geoeduc.core.ingest.IngestRequest;
import fr.geoeduc.core.ingest.Ingester;
import fr.geoeduc.core.ingest.ProgressListener;
import fr.geoeduc.core.ingest.SchemaRegistry;
import fr.geoeduc.core.query.AccessServices;
import fr.geoeduc.core.store.SqliteStore;
import fr.geoeduc.core.testing.SharedData;
import fr.geoeduc.server.Chromium;
import fr.geoeduc.server.GeoeducServer;
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
import java.time.Clock;
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

    private static final Path SHOTS = Path.of("target", "ui");
    private static Path dir;
    private static SqliteStore store;
    private static AccessServices access;
    private static GeoeducServer server;
    private static String base;
    private static String key;
    private static Playwright playwright;
    private static Browser browser;
    private static String axe;

    @BeforeAll
    static void start() throws Exception {
        axe = Chromium.assumeInstalled();
        dir = Files.createTempDirectory("geoeduc-simulation-ui");
        store = SqliteStore.open(dir.resolve("data"));
        Ingester ingester = new Ingester(store, SchemaRegistry.load(), dir.resolve("dl"));
        for (String[] f : new String[][]{{"ille-et-vilaine/fr-en-carte-scolaire-colleges-publics.csv", "fr-en-carte-scolaire-colleges-publics"},
                {"ille-et-vilaine/fr-en-ecoles-effectifs-nb_classes.csv", "fr-en-ecoles-effectifs-nb_classes"},
                {SharedData.ANNUAIRE, "fr-en-annuaire-education"}, {"national/fr-en-ips_ecoles-2021-2022.csv", "fr-en-ips_ecoles"}}) {
            ingester.ingest(IngestRequest.of(SharedData.file(f[0]).toString(), f[1]), ProgressListener.NONE);
        }
        access = AccessServices.open(store, dir.resolve("data"), Clock.systemUTC());
        AccessRegistry r = access.registry();
        r.saveOrganisation(new Organisation("departement", "Département d'Ille-et-Vilaine", null, Organisation.Kind.AUTRE, List.of()));
        key = r.createClient("departement", "sig", 100_000).apiKey();
        server = GeoeducServer.start(store, access, "127.0.0.1", 0, null, new QuotaSettings(100_000, Map.of()));
        base = "http://127.0.0.1:" + server.port();
        playwright = Chromium.playwright();
        browser = Chromium.launchWithWebGl(playwright);
        Files.createDirectories(SHOTS);
    }

    @AfterAll
    static void stop() throws Exception {
        Chromium.closeAll(browser, playwright, server, access, store);
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
        try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 1000).setLocale("fr-FR")
                .setExtraHTTPHeaders(Map.of("Authorization", "Apikey " + key)))) {
            Page page = context.newPage();
            page.setDefaultTimeout(60_000);
            List<String> errors = new CopyOnWriteArrayList<>();
            page.onPageError(e -> errors.add("page error: " + e));

            assertThat(page.navigate(base + "/carte-scolaire/simulations").status()).isEqualTo(200);
            assertThat(page.locator("#simulations tbody tr").count()).isEqualTo(2);
            assertThat(Chromium.axe(page, axe)).as("axe-core on the list").isEmpty();
            page.selectOption("#cmp-a", a);
            page.selectOption("#cmp-b", b);
            page.click("form[action='/carte-scolaire/comparaison'] button[type=submit]");
            page.waitForURL(u -> u.contains("/carte-scolaire/comparaison?a=" + a + "&b=" + b));
            assertThat(page.textContent("h1")).contains("Saint-Malo-de-Phily vers Guichen", "Goven vers Guichen");
            assertThat(page.locator(".fr-callout__title").allTextContents()).containsExactly("Saint-Malo-de-Phily vers Guichen", "Goven vers Guichen");
            // both communes leave 0350041E for 0352248D: A and B differ on those two only, by the gap between the communes' écoles
            List<String> ecarts = page.locator("#tableau-simulation tbody tr").evaluateAll(
                    "rows => rows.filter(r => r.cells.length > 4 && !/^[+−-]?0,0$/.test(r.cells[4].textContent.trim())).map(r => r.cells[0].textContent.trim())")
                    instanceof List<?> l ? l.stream().map(Object::toString).toList() : List.of();
            assertThat(ecarts).containsExactly("0350041E", "0352248D");

            page.locator("#carte-comparaison").scrollIntoViewIfNeeded();
            page.waitForFunction("() => Number(document.getElementById('carte-comparaison').dataset.rendus) > 0");
            int rendus = Integer.parseInt(page.getAttribute("#carte-comparaison", "data-rendus"));
            int positions = page.locator("#tableau-simulation tr[data-lat]").count();
            assertThat(positions).isGreaterThan(30);
            assertThat(rendus).as("circles drawn of %d collèges with a position", positions).isGreaterThanOrEqualTo((int) (positions * 0.9));
            assertThat(page.textContent("#carte-comparaison-etat")).contains(positions + " collèges sur la carte");
            page.screenshot(new Page.ScreenshotOptions().setPath(SHOTS.resolve("carte-scolaire-comparaison.png")).setFullPage(true));
            assertThat(Chromium.axe(page, axe)).as("axe-core on the comparison").isEmpty();

            // the CSV of the comparison is served to the same caller
            var csv = context.request().get(base + "/carte-scolaire/comparaison?a=" + a + "&b=" + b + "&format=csv", RequestOptions.create());
            assertThat(csv.status()).isEqualTo(200);
            assertThat(csv.text()).contains("uai;nom;effectif_a;effectif_b;ecart_a_b");

            assertThat(page.navigate(base + "/carte-scolaire/simulations/" + a).status()).isEqualTo(200);
            assertThat(page.locator("#tableau-simulation tbody tr").count()).isGreaterThan(30);
            assertThat(Chromium.axe(page, axe)).as("axe-core on a saved simulation").isEmpty();
            assertThat(errors).isEmpty();
        }
    }

    @Test
    void theAddressBoxSaysTheIndexIsBeingBuiltThenRetriesAfterRetryAfter() throws Exception {
        try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 900).setLocale("fr-FR"))) {
            Page page = context.newPage();
            page.setDefaultTimeout(30_000);
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
            assertThat(Chromium.axe(page, axe)).as("axe-core with the message shown").isEmpty();
            // no typing: the page asks again by itself after Retry-After (3 s), and the list replaces the message
            page.waitForSelector("#adresse-suggestions [role=option]");
            assertThat(page.textContent("#adresse-suggestions [role=option]")).isEqualTo("3 Rue d'Antrain 35700 Rennes");
            assertThat(page.locator("#adresse-suggestions-preparation").isVisible()).isFalse();
            assertThat(calls.get()).isEqualTo(2);
            assertThat((quand.get(1) - quand.get(0)) / 1_000_000).as("ms between the two requests").isGreaterThanOrEqualTo(2_900);
        }
    }
}
