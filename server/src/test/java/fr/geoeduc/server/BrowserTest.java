package fr.geoeduc.server;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import fr.geoeduc.core.ingest.IngestRequest;
import fr.geoeduc.core.ingest.Ingester;
import fr.geoeduc.core.ingest.ProgressListener;
import fr.geoeduc.core.ingest.SchemaRegistry;
import fr.geoeduc.core.store.SqliteStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The French pages in a real browser: the system Chromium driven by Playwright (no browser download). Skipped,
 * with the reason, when /usr/bin/chromium is not installed.
 */
class BrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final String ANNUAIRE = "fr-en-annuaire-education";
    private static final String GEOLOC = "fr-en-adresse-et-geolocalisation-etablissements-premier-et-second-degre";
    private static final String BANNER = "Démonstration : données SYNTHÉTIQUES générées, pas des données réelles.";

    @TempDir
    static Path dir;

    private static SqliteStore store;
    private static GeoeducServer server;
    private static String base;
    private static Playwright playwright;
    private static Browser browser;

    private BrowserContext context;
    private Page page;
    private final List<String> consoleErrors = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM),
                "system Chromium not installed at " + CHROMIUM + " (apt-get install chromium): browser test skipped");
        store = SqliteStore.open(dir.resolve("store"));
        Ingester ingester = new Ingester(store, SchemaRegistry.load(), dir.resolve("downloads"));
        ingester.ingest(IngestRequest.of(TestData.file(TestData.ANNUAIRE).toString(), ANNUAIRE), ProgressListener.NONE);
        ingester.ingest(IngestRequest.of(TestData.file(TestData.GEOLOC).toString(), GEOLOC), ProgressListener.NONE);
        server = GeoeducServer.start(store, "127.0.0.1", 0, BANNER);
        base = "http://127.0.0.1:" + server.port();

        // never download browsers: the driver only, and the Chromium of the system
        playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(CHROMIUM).setHeadless(true)
                .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync")));
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (playwright != null) {
            playwright.close();
        }
        if (server != null) {
            server.close();
        }
        if (store != null) {
            store.close();
        }
    }

    @BeforeEach
    void openPage() {
        context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 900).setLocale("fr-FR"));
        page = context.newPage();
        page.setDefaultTimeout(30_000);
        page.onConsoleMessage(m -> {
            // the browser's own request for /favicon.ico (no favicon is served) is not an error of the page
            if ("error".equals(m.type()) && !String.valueOf(m.location()).endsWith("/favicon.ico:0:0")) {
                consoleErrors.add(m.text() + " @ " + m.location());
            }
        });
        page.onPageError(e -> consoleErrors.add("page error: " + e));
        page.onRequestFailed(r -> consoleErrors.add("request failed: " + r.url() + " " + r.failure()));
        page.onResponse(r -> {
            if (r.status() >= 400 && !r.url().endsWith("/favicon.ico")) {
                consoleErrors.add("HTTP " + r.status() + " for " + r.url());
            }
        });
    }

    @AfterEach
    void closePage() {
        if (context != null) {
            context.close();
        }
    }

    @Test
    void catalogueThenDatasetPageWithItsMap() throws IOException {
        page.navigate(base + "/");
        assertThat(page.title()).isEqualTo("Catalogue — GéoÉduc");
        assertThat(page.locator("main h1").textContent()).isEqualTo("Catalogue");
        Locator rows = page.locator("table.catalogue tbody tr");
        assertThat(rows.count()).isEqualTo(2);
        assertThat(rows.allTextContents()).anySatisfy(t -> assertThat(t).contains("Annuaire de l'éducation").contains(ANNUAIRE))
                .anySatisfy(t -> assertThat(t).contains("Adresse et géolocalisation des établissements").contains(GEOLOC));
        // the synthetic banner is visible on every page
        Locator banner = page.locator("div.banner[role=alert]");
        assertThat(banner.isVisible()).isTrue();
        assertThat(banner.textContent()).isEqualTo(BANNER);

        page.locator("a[href='/jeux/" + GEOLOC + "']").click();
        page.waitForURL(base + "/jeux/" + GEOLOC);
        assertThat(page.locator("main h1").textContent()).isEqualTo("Adresse et géolocalisation des établissements d'enseignement "
                + "du premier et du second degrés");
        assertThat(page.locator("div.banner[role=alert]").isVisible()).isTrue();
        assertThat(page.locator("h2").allTextContents()).contains("Carte", "Champs", "Versions", "Rapport qualité");

        // the map: every row of the file has coordinates, Leaflet draws them on a canvas (preferCanvas)
        page.waitForSelector("#carte[data-loaded]");
        assertThat(page.getAttribute("#carte", "data-loaded")).isEqualTo("117");
        assertThat(page.locator("#carte-legende").textContent()).isEqualTo("117 objets cartographiés sur 117 lignes.");
        assertThat(page.locator("#carte .leaflet-overlay-pane canvas").count()).isEqualTo(1);
        Object painted = page.evaluate("() => { const c = document.querySelector('#carte .leaflet-overlay-pane canvas');"
                + " const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let n = 0;"
                + " for (let i = 3; i < d.length; i += 4) { if (d[i] > 0) n++; } return n; }");
        assertThat(((Number) painted).longValue()).as("painted pixels of the points layer").isGreaterThan(500);
        assertThat(page.locator("#carte .leaflet-container, #carte.leaflet-container").count()).isEqualTo(1);

        Path shot = Path.of("target", "browser-carte-geolocalisation.png");
        Files.createDirectories(shot.getParent());
        page.screenshot(new Page.ScreenshotOptions().setPath(shot).setFullPage(true));
        assertThat(shot).isNotEmptyFile();

        assertThat(consoleErrors).as("console errors").isEmpty();
    }

    @Test
    void annuaireMapSizesPointsByPupils() throws IOException {
        page.navigate(base + "/jeux/" + ANNUAIRE);
        page.waitForSelector("#carte[data-loaded]");
        assertThat(page.getAttribute("#carte", "data-loaded")).isEqualTo("996");
        assertThat(page.locator("#carte-legende").textContent())
                .isEqualTo("996 objets cartographiés sur 996 lignes ; taille des points selon « nombre_d_eleves ».");
        assertThat(page.locator("#carte .leaflet-overlay-pane canvas").count()).isEqualTo(1);
        assertThat(page.locator("details.rule").allTextContents()).anySatisfy(t -> assertThat(t).contains("cle-multi-lignes"));
        Path shot = Path.of("target", "browser-carte-annuaire.png");
        Files.createDirectories(shot.getParent());
        page.screenshot(new Page.ScreenshotOptions().setPath(shot));
        assertThat(shot).isNotEmptyFile();
        assertThat(consoleErrors).as("console errors").isEmpty();
    }
}
