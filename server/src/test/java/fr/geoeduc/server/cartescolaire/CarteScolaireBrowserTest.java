package fr.geoeduc.server.cartescolaire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import fr.geoeduc.core.adresse.BanAdresse;
import fr.geoeduc.core.sectorisation.BanSynthetique;
import fr.geoeduc.server.Chromium;
import fr.geoeduc.server.TestBrowser;
import fr.geoeduc.server.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * /carte-scolaire in the system Chromium with WebGL in software (skipped when it is not installed), on the real 35 carte
 * and a SYNTHETIC BAN: a partial address typed in the box, a BAN suggestion chosen with the keyboard (Down, Enter), the
 * page answering the collège the generated address should get; the sector map drawn (MapLibre's rendered features hold
 * the collège sets the API serves, the answer's sector outlined, the canvas painted); axe-core without serious or
 * critical violation with the list open, with the answer and on the map.
 */
class CarteScolaireBrowserTest {

    /** The sector map's background, {@code #fbfbf8}. */
    private static final int FOND = 0xfbfbf8;
    private static TestBrowser chromium;
    private static SuggestionsFixture fixture;
    private static TestServer server;
    private static String base;

    @BeforeAll
    static void start() throws Exception {
        chromium = TestBrowser.launchWithWebGl();
        fixture = new SuggestionsFixture(Files.createTempDirectory("geoeduc-carte-scolaire-ui"));
        fixture.chargerBan(fixture.generees, "v1");
        server = TestServer.on(fixture.platform);
        base = server.start("Adresses générées pour le test").base();
        // the address index is built in the background after the start: on a busy machine the first requests are
        // answered "en préparation" (tested by SuggestionsEnPreparationTest), which this test is not about
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (suggestions("rue").get("suggestions") == null && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
    }

    private static JsonNode suggestions(String q) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base
                + "/api/carte-scolaire/suggestions?limit=8&q=" + URLEncoder.encode(q, StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
        return new ObjectMapper().readTree(r.body());
    }

    @AfterAll
    static void stop() throws Exception {
        Chromium.closeAll(chromium, server);
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

        try (BrowserContext context = chromium.context()) {
            Page page = TestBrowser.page(context, 30_000);
            List<String> errors = TestBrowser.errors(page, TestBrowser.Report.PAGE_ERROR);
            assertThat(page.navigate(base + "/carte-scolaire").status()).isEqualTo(200);
            assertThat(page.getAttribute("#adresse", "role")).isEqualTo("combobox");
            assertThat(page.getAttribute("#adresse", "aria-expanded")).isEqualTo("false");

            page.locator("#adresse").pressSequentially(tape, new com.microsoft.playwright.Locator.PressSequentiallyOptions().setDelay(40));
            page.waitForSelector("#adresse-suggestions [role=option]");
            // the list of a shorter prefix can be on screen while the answer for the whole text comes (seen once in a
            // full run): wait for the list of the text typed
            page.waitForFunction("([n, text]) => document.querySelectorAll('#adresse-suggestions [role=option]')[n]?.textContent === text",
                    List.of(rang, a.libelle()));
            assertThat(page.getAttribute("#adresse", "aria-expanded")).isEqualTo("true");
            assertThat(page.locator("#adresse-suggestions [role=option]").nth(rang).textContent()).isEqualTo(a.libelle());
            assertThat(axe(page)).as("axe-core with the suggestions open").isEmpty();
            TestBrowser.screenshotViewport(page, "carte-scolaire-suggestions.png");

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
            TestBrowser.screenshot(page, "carte-scolaire-reponse.png");

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

    @Test
    @SuppressWarnings("unchecked")
    void theSectorPolygonsAreDrawnAndTheAnswersOneOutlined() throws Exception {
        JsonNode fc = new ObjectMapper().readTree(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base
                + "/api/carte-scolaire/secteurs")).build(), HttpResponse.BodyHandlers.ofString()).body());
        Set<String> servis = new TreeSet<>(fc.get("features").findValuesAsText("secteur"));
        assertThat(servis).hasSizeGreaterThan(20);
        // an address of a whole commune with one collège: its sector is that commune's polygon
        BanSynthetique.Adresse cible = fixture.generees.stream().filter(g -> g.attendu().size() == 1 && !g.ban().toponyme()
                && g.ban().rep().isEmpty()).findFirst().orElseThrow();
        String uai = cible.attendu().iterator().next();

        try (BrowserContext context = chromium.context(1000, Map.of())) {
            Page page = TestBrowser.page(context, 60_000);
            List<String> errors = TestBrowser.errors(page, TestBrowser.Report.PAGE_ERROR);
            assertThat(page.navigate(base + "/carte-scolaire?adresse=" + URLEncoder.encode(cible.ban().libelle(), StandardCharsets.UTF_8))
                    .status()).isEqualTo(200);
            page.waitForSelector("#carte-secteurs[data-rendus]");
            page.locator("#carte-secteurs").scrollIntoViewIfNeeded();
            page.waitForFunction("() => Number(document.getElementById('carte-secteurs').dataset.rendus) > 0");
            List<String> rendus = (List<String>) page.evaluate("() => [...new Set(geoeducSecteurs.map"
                    + ".queryRenderedFeatures({ layers: ['secteurs'] }).map(f => f.properties.secteur))]");
            // the whole département is in view: every collège set served is drawn, except polygons too small to show at this zoom
            assertThat(rendus).isSubsetOf(servis);
            assertThat(rendus.size()).as("collège sets drawn of %d served", servis.size()).isGreaterThanOrEqualTo((int) (servis.size() * 0.9));
            assertThat(rendus).contains(uai, "sans secteur");
            List<String> entoures = (List<String>) page.evaluate("() => [...new Set(geoeducSecteurs.map"
                    + ".queryRenderedFeatures({ layers: ['reponse'] }).map(f => f.properties.secteur))]");
            assertThat(entoures).containsExactly(uai);
            assertThat(page.textContent("#carte-secteurs-etat")).contains(fc.get("features").size() + " polygones de secteur");

            // the canvas is painted: most of the map's pixels are sector colours, not the background
            byte[] png = page.locator("#carte-secteurs canvas").screenshot();
            TestBrowser.screenshot(page, "carte-scolaire-secteurs.png");
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
            long peints = 0;
            Set<Integer> couleurs = new HashSet<>();
            for (int y = 0; y < img.getHeight(); y += 2) {
                for (int x = 0; x < img.getWidth(); x += 2) {
                    int rgb = img.getRGB(x, y) & 0xffffff;
                    if (Math.abs((rgb >> 16) - (FOND >> 16)) + Math.abs(((rgb >> 8) & 0xff) - ((FOND >> 8) & 0xff))
                            + Math.abs((rgb & 0xff) - (FOND & 0xff)) > 12) {
                        peints++;
                        couleurs.add(rgb & 0xf0f0f0);
                    }
                }
            }
            long total = (long) ((img.getWidth() + 1) / 2) * ((img.getHeight() + 1) / 2);
            assertThat(peints).as("painted pixels of %d", total).isGreaterThan(total / 5);
            assertThat(couleurs.size()).as("distinct sector colours painted").isGreaterThan(10);

            assertThat(chromium.axe(page)).as("axe-core on the sector map").isEmpty();
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
        JsonNode s = suggestions(q).get("suggestions");
        for (int i = 0; i < s.size(); i++) {
            if (s.get(i).get("id").asText().equals(id)) {
                return i;
            }
        }
        return -1;
    }

    private static List<String> axe(Page page) {
        return chromium.axe(page);
    }
}
