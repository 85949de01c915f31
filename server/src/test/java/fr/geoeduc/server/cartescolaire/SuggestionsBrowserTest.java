package fr.geoeduc.server.cartescolaire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import fr.geoeduc.core.adresse.BanAdresse;
import fr.geoeduc.core.sectorisation.BanSynthetique;
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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * /carte-scolaire in the system Chromium (skipped when it is not installed): a partial address typed in the box,
 * a BAN suggestion chosen with the keyboard (Down, Enter), the page answering the collège the generated address
 * should get; axe-core without serious or critical violation with the list open and with the answer.
 */
class SuggestionsBrowserTest {

    private static final Path SHOTS = Path.of("target", "ui");
    private static SuggestionsFixture fixture;
    private static GeoeducServer server;
    private static String base;
    private static Playwright playwright;
    private static Browser browser;
    private static String axe;

    @BeforeAll
    static void start() throws Exception {
        axe = Chromium.assumeInstalled();
        fixture = new SuggestionsFixture(Files.createTempDirectory("geoeduc-suggestions-ui"));
        fixture.chargerBan(fixture.generees, "v1");
        server = GeoeducServer.start(fixture.platform.store, "127.0.0.1", 0, "Adresses générées pour le test", new QuotaSettings(100_000, Map.of()));
        base = "http://127.0.0.1:" + server.port();
        playwright = Chromium.playwright();
        browser = Chromium.launch(playwright);
        Files.createDirectories(SHOTS);
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
        if (fixture != null) {
            fixture.platform.close();
        }
    }

    @Test
    void typeChooseWithTheKeyboardAndSeeTheCollege() throws Exception {
        // a generated address of a single collège, typed as « NUMBER STRE COMM » (partial words), which is not the
        // first suggestion (so the keyboard has to move down the list)
        BanSynthetique.Adresse cible = null;
        String tape = null;
        int rang = -1;
        for (BanSynthetique.Adresse g : fixture.generees) {
            BanAdresse b = g.ban();
            if (g.attendu().size() != 1 || b.toponyme() || !b.rep().isEmpty() || mot(b.nomVoie()) == null || mot(b.nomCommune()) == null) {
                continue;
            }
            String t = b.numero() + " " + mot(b.nomVoie()).substring(0, 4) + " " + mot(b.nomCommune()).substring(0, 4);
            int r = rang(t, b.id());
            if (r >= 1) {
                cible = g;
                tape = t;
                rang = r;
                break;
            }
        }
        assertThat(cible).as("a generated address that is not the first of its suggestions").isNotNull();
        BanAdresse a = cible.ban();
        assertThat(rang).as("%s among the 8 suggestions for « %s »", a.libelle(), tape).isBetween(1, 7);

        try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 900).setLocale("fr-FR"))) {
            Page page = context.newPage();
            page.setDefaultTimeout(30_000);
            List<String> errors = new CopyOnWriteArrayList<>();
            page.onPageError(e -> errors.add("page error: " + e));
            assertThat(page.navigate(base + "/carte-scolaire").status()).isEqualTo(200);
            assertThat(page.getAttribute("#adresse", "role")).isEqualTo("combobox");
            assertThat(page.getAttribute("#adresse", "aria-expanded")).isEqualTo("false");

            page.locator("#adresse").pressSequentially(tape, new com.microsoft.playwright.Locator.PressSequentiallyOptions().setDelay(40));
            page.waitForSelector("#adresse-suggestions [role=option]");
            assertThat(page.getAttribute("#adresse", "aria-expanded")).isEqualTo("true");
            assertThat(page.locator("#adresse-suggestions [role=option]").nth(rang).textContent()).isEqualTo(a.libelle());
            assertThat(axe(page)).as("axe-core with the suggestions open").isEmpty();
            page.screenshot(new Page.ScreenshotOptions().setPath(SHOTS.resolve("carte-scolaire-suggestions.png")));

            for (int i = 0; i <= rang; i++) {
                page.keyboard().press("ArrowDown");
            }
            String activeId = page.getAttribute("#adresse", "aria-activedescendant");
            assertThat(page.locator("#" + activeId).textContent()).isEqualTo(a.libelle());
            assertThat(page.getAttribute("#" + activeId, "aria-selected")).isEqualTo("true");
            page.keyboard().press("Enter");
            page.waitForURL(u -> u.contains("adresse="));
            page.waitForSelector("section[aria-live=polite] h2");
            assertThat(page.inputValue("#adresse")).isEqualTo(a.libelle());
            String uai = cible.attendu().iterator().next();
            assertThat(page.locator("section[aria-live=polite] table code").allTextContents()).containsExactly(uai);
            assertThat(axe(page)).as("axe-core with the answer").isEmpty();
            page.screenshot(new Page.ScreenshotOptions().setPath(SHOTS.resolve("carte-scolaire-reponse.png")).setFullPage(true));

            // Escape closes the list without choosing
            page.locator("#adresse").fill("");
            page.locator("#adresse").pressSequentially(tape, new com.microsoft.playwright.Locator.PressSequentiallyOptions().setDelay(40));
            page.waitForSelector("#adresse-suggestions [role=option]");
            page.keyboard().press("Escape");
            assertThat(page.getAttribute("#adresse", "aria-expanded")).isEqualTo("false");
            assertThat(page.locator("#adresse-suggestions").isHidden()).isTrue();
            assertThat(page.inputValue("#adresse")).isEqualTo(tape);
            assertThat(errors).isEmpty();
        }
    }

    /** The first word of five letters or more, without accents, or null. */
    private static String mot(String s) {
        String n = java.text.Normalizer.normalize(s, java.text.Normalizer.Form.NFD).replaceAll("\\p{M}", "").toLowerCase(Locale.ROOT);
        for (String w : n.split("[^a-z0-9]+")) {
            if (w.length() >= 5) {
                return w;
            }
        }
        return null;
    }

    private static int rang(String q, String id) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base
                + "/api/carte-scolaire/suggestions?limit=8&q=" + URLEncoder.encode(q, StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode s = new ObjectMapper().readTree(r.body()).get("suggestions");
        for (int i = 0; i < s.size(); i++) {
            if (s.get(i).get("id").asText().equals(id)) {
                return i;
            }
        }
        return -1;
    }

    private static List<String> axe(Page page) {
        return Chromium.axe(page, axe);
    }
}
