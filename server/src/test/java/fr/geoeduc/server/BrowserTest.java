package fr.geoeduc.server;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.Response;
import fr.geoeduc.core.ingest.IngestRequest;
import fr.geoeduc.core.ingest.ProgressListener;
import fr.geoeduc.core.join.FieldAggregation;
import fr.geoeduc.core.join.JoinKind;
import fr.geoeduc.core.join.JoinService;
import fr.geoeduc.core.join.JoinSpec;
import fr.geoeduc.core.join.KeyPair;
import fr.geoeduc.core.model.AccessLevel;
import fr.geoeduc.core.access.Caller;
import fr.geoeduc.core.query.QueryService;
import fr.geoeduc.core.ingest.ReferentielLoader;
import fr.geoeduc.server.explore.QuotaSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The French pages in a real browser: the system Chromium driven by Playwright (no browser download). Skipped,
 * with the reason, when /usr/bin/chromium is not installed. Every page: no console error, no failed request, axe-core
 * (from npm, injected by the test) without serious or critical violation, a screenshot under target/ui/.
 */
class BrowserTest {

    private static final String ANNUAIRE = "fr-en-annuaire-education";
    private static final String GEOLOC = "fr-en-adresse-et-geolocalisation-etablissements-premier-et-second-degre";
    private static final String COLLEGES = "colleges-geolocalisation-2024";
    private static final String IPS = "fr-en-ips_colleges";
    private static final String DNB = "fr-en-dnb-par-etablissement";
    /** The national collèges with their IPS and their pupils: two real joins, as the demo does. */
    private static final String JOINED = "colleges-ips-effectifs";
    private static final String RESTRICTED = "effectifs-restreints";
    private static final String BANNER = "Démonstration : données SYNTHÉTIQUES générées, pas des données réelles.";

    @TempDir
    static Path dir;

    private static TestBrowser chromium;
    private static TestServer server;
    private static String base;

    private BrowserContext context;
    private Page page;
    private List<String> consoleErrors;

    @BeforeAll
    static void start() throws IOException {
        chromium = TestBrowser.launchWithWebGl();
        server = TestServer.in(dir).ingest(TestData.file(TestData.ANNUAIRE), ANNUAIRE).ingest(TestData.file(TestData.GEOLOC), GEOLOC)
                .ingest(TestData.file("national/fr-en-adresse-et-geolocalisation-colleges-2024.csv"), COLLEGES)
                .ingest(TestData.file("national/fr-en-ips-colleges-extract.csv"), IPS)
                .ingest(TestData.file("national/fr-en-dnb-par-etablissement.csv"), DNB)
                .ingest(new IngestRequest(TestData.file(TestData.EFFECTIFS_SECOND_DEGRE).toString(), RESTRICTED, AccessLevel.RESTRICTED,
                        null, null, false));
        JoinService joins = new JoinService(new QueryService(server.store), server.store); // the second join reads the first's result
        joins.run(Caller.INTERNAL, new JoinSpec(COLLEGES, IPS, List.of(KeyPair.parse("numero_uai=uai", false)), JoinKind.LEFT,
                List.of(FieldAggregation.parse("ips:mean")), false, "colleges-ips", null, 0), ProgressListener.NONE);
        joins.run(Caller.INTERNAL, new JoinSpec("colleges-ips", DNB, List.of(KeyPair.parse("numero_uai=numero_d_etablissement", false)),
                JoinKind.LEFT, List.of(FieldAggregation.parse("nombre_eleves_total:mean")), false, JOINED, null, 0), ProgressListener.NONE);
        new ReferentielLoader(server.store).loadBoundaries("departement", TestData.file("geometry/departements.geojson"), "2024");
        base = server.start(BANNER, QuotaSettings.fromEnvironment()).base();
    }

    /** A field's label in the latest version of a dataset (an aggregate of a jointure: its source's label and the function). */
    private static String label(String dataset, String field) {
        String label = server.store.latest(dataset).orElseThrow().schema().find(field).orElseThrow().label();
        assertThat(label).as("label of " + field).isNotBlank().isNotEqualTo(field);
        return label;
    }

    @AfterAll
    static void stop() throws Exception {
        Chromium.closeAll(chromium, server);
    }

    @BeforeEach
    void openPage() {
        context = chromium.context();
        page = TestBrowser.page(context, 30_000);
        consoleErrors = TestBrowser.errors(page, TestBrowser.Report.CONSOLE_ERROR, TestBrowser.Report.PAGE_ERROR,
                TestBrowser.Report.FAILED_REQUEST, TestBrowser.Report.HTTP_ERROR);
    }

    @AfterEach
    void closePage() {
        if (context != null) {
            context.close();
        }
    }

    @Test
    void everyPageLoadsWithoutConsoleErrorAndPassesAxe() throws IOException {
        String ogcItems = "/ogc/collections/" + GEOLOC + "/items?f=html&limit=20";
        Map<String, String> pages = new java.util.LinkedHashMap<>();
        pages.put("accueil", "/");
        pages.put("catalogue", "/catalogue");
        pages.put("catalogue-recherche", "/catalogue?q=coll%C3%A8ges&theme=%C3%89tablissements");
        pages.put("jeu-annuaire", "/jeux/" + ANNUAIRE);
        pages.put("jeu-geolocalisation", "/jeux/" + GEOLOC);
        pages.put("jeu-colleges-ips-effectifs", "/jeux/" + JOINED);
        pages.put("jeu-ancienne-version", "/jeux/" + ANNUAIRE + "?version=1");
        pages.put("carte", "/carte?jeu=" + JOINED + "&taille=nombre_eleves_total_mean&couleur=ips_mean");
        pages.put("carte-sans-parametre", "/carte");
        pages.put("carte-filtree-aplats", "/carte?jeu=" + JOINED + "&taille=nombre_eleves_total_mean&couleur=ips_mean&secteur=Public"
                + "&aplat=departement&mesure=moyenne-ponderee");
        pages.put("ogc-accueil", "/ogc?f=html");
        pages.put("ogc-collections", "/ogc/collections?f=html");
        pages.put("ogc-collection", "/ogc/collections/" + GEOLOC + "?f=html");
        pages.put("ogc-entites", ogcItems);
        pages.put("ogc-proprietes", "/ogc/collections/" + GEOLOC + "/queryables?f=html");
        pages.put("ogc-api", "/ogc/api?f=html");
        for (Map.Entry<String, String> p : pages.entrySet()) {
            Response r = page.navigate(base + p.getValue());
            assertThat(r.status()).as(p.getValue()).isEqualTo(200);
            assertThat(page.getAttribute("html", "lang")).isEqualTo("fr");
            assertThat(page.locator("header.fr-header").count()).isEqualTo(1);
            assertThat(page.locator("footer.fr-footer").count()).isEqualTo(1);
            assertThat(page.locator("nav.fr-breadcrumb li").count()).as("breadcrumbs of " + p.getValue()).isGreaterThanOrEqualTo(1);
            assertThat(page.locator("div.banner[role=alert]").textContent()).isEqualTo(BANNER);
            waitForMapIfVisible();
            page.waitForLoadState(com.microsoft.playwright.options.LoadState.NETWORKIDLE);
            assertThat(seriousAxeViolations()).as("axe-core serious/critical on " + p.getValue()).isEmpty();
            TestBrowser.screenshot(page, p.getKey() + ".png");
            assertThat(TestBrowser.SHOTS.resolve(p.getKey() + ".png")).isNotEmptyFile();
            assertThat(consoleErrors).as("console errors on " + p.getValue()).isEmpty();
        }
    }

    @Test
    void datasetPageHasItsTabsTableMapQualityApiAndDownloads() {
        page.navigate(base + "/jeux/" + ANNUAIRE);
        assertThat(page.title()).isEqualTo("Annuaire de l'éducation — GéoÉduc");
        assertThat(page.locator("[role=tab]").allTextContents()).containsExactly("Informations", "Champs", "Tableau", "Carte", "Qualité",
                "Versions", "API", "Téléchargements");
        // DSFR's script lays the panels out once it has started, on its own animation frames (slow on a loaded machine)
        page.locator("#panneau-informations").waitFor(new Locator.WaitForOptions().setState(com.microsoft.playwright.options.WaitForSelectorState.VISIBLE));
        assertThat(page.locator("#panneau-informations").isVisible()).isTrue();
        page.locator("#panneau-qualite").waitFor(new Locator.WaitForOptions().setState(com.microsoft.playwright.options.WaitForSelectorState.HIDDEN));
        assertThat(page.locator("#panneau-qualite").isVisible()).isFalse();

        page.locator("#onglet-tableau").click();
        page.waitForSelector("#tableau[data-charge='20']");
        assertThat(page.locator("#tableau-lignes tbody tr").count()).isEqualTo(20);
        assertThat(page.locator("#tableau-etat").textContent()).isEqualTo("Enregistrements 1 à 20 sur 996.");
        page.locator("#tableau-suivant").click();
        page.waitForCondition(() -> page.locator("#tableau-etat").textContent().startsWith("Enregistrements 21 à 40"));
        page.locator("#tableau-lignes thead button").first().click(); // sort by the first column, ascending
        page.waitForCondition(() -> page.locator("#tableau-etat").textContent().startsWith("Enregistrements 1 à 20"));
        List<String> firstColumn = page.locator("#tableau-lignes tbody tr td:first-child").allTextContents();
        assertThat(firstColumn).isSortedAccordingTo(String::compareTo);
        page.fill("#tableau-recherche", "Fougères");
        page.locator("#tableau-filtres button[type=submit]").click();
        page.waitForCondition(() -> page.locator("#tableau-etat").textContent().matches("Enregistrements 1 à \\d+ sur \\d+\\.")
                && !page.locator("#tableau-etat").textContent().endsWith("sur 996."));
        int found = Integer.parseInt(page.locator("#tableau-etat").textContent().replaceAll(".* sur ([\\d\\s\u202f\u00a0]+)\\.$", "$1")
                .replaceAll("\\D", ""));
        assertThat(found).as("rows matching Fougères").isBetween(1, 995);

        page.locator("#onglet-carte").click();
        page.waitForSelector("#carte[data-pret]");
        assertThat(Integer.parseInt(page.getAttribute("#carte", "data-rendus"))).isGreaterThan(100);
        assertThat(page.locator("#carte-legende").textContent()).contains("Taille : nombre_d_eleves");

        page.locator("#onglet-qualite").click();
        assertThat(page.locator("details.rule").allTextContents()).anySatisfy(t -> assertThat(t).contains("cle-multi-lignes"));
        page.locator("#onglet-api").click();
        assertThat(page.locator("#appel-explore-records-curl").textContent())
                .isEqualTo("curl -sS '" + base + "/api/explore/v2.1/catalog/datasets/" + ANNUAIRE + "/records?limit=20'");
        assertThat(page.locator("#appel-ogc-tilejson-python").textContent()).contains("requests.get(\"" + base + "/ogc/collections/");
        page.locator("#onglet-telechargements").click();
        assertThat(page.locator("ul.downloads a").allTextContents()).anySatisfy(t -> assertThat(t).startsWith("Parquet"))
                .anySatisfy(t -> assertThat(t).startsWith("GeoJSON")).anySatisfy(t -> assertThat(t).startsWith("XLSX"));
        // every download link answers
        for (String href : page.locator("ul.downloads a").all().stream().map(a -> a.getAttribute("href")).toList()) {
            assertThat(page.request().get(base + href).status()).as(href).isEqualTo(200);
        }
        assertThat(consoleErrors).as("console errors").isEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void nationalCollegesMapSizedByPupilsColouredByIpsFollowsItsLegend() throws IOException {
        page.navigate(base + "/carte?jeu=" + JOINED + "&taille=nombre_eleves_total_mean&couleur=ips_mean");
        page.waitForSelector("#carte[data-pret]");
        assertThat(page.locator(".ips-avertissement").textContent()).contains("L'IPS n'est pas un indicateur de performance");
        // national view: below zoom 10 the tiles group close points (grey circles with a count): every collège is drawn
        Number national = (Number) page.evaluate("() => geoeducCarte.map.queryRenderedFeatures({ layers: ['points'] }).length"
                + " + geoeducCarte.map.queryRenderedFeatures({ layers: ['groupes'] }).reduce((n, f) => n + f.properties.count, 0)");
        assertThat(national.intValue()).as("collèges drawn, alone or grouped, on metropolitan France").isBetween(7000, 7654);
        // the groups are sized by their pupils' sum and coloured by their IPS weighted by pupils, as the legend says
        List<Map<String, Object>> groups = (List<Map<String, Object>>) page.evaluate("() => geoeducCarte.map"
                + ".queryRenderedFeatures({ layers: ['groupes'] }).map(f => { const c = f.layer.paint['circle-color'];"
                + " return { ips: f.properties.ips_mean ?? null, somme: f.properties['sum(nombre_eleves_total_mean)'] ?? null,"
                + " r: f.layer.paint['circle-radius'], couleur: '#' + [c.r, c.g, c.b].map(x => Math.round(x * 255)"
                + ".toString(16).padStart(2, '0')).join('') }; })");
        List<Map<String, Object>> nationalClasses = legendClasses();
        assertThat(groups).hasSizeGreaterThan(100);
        assertThat(groups.stream().filter(g -> g.get("ips") != null)).hasSizeGreaterThan(100).allSatisfy(g ->
                assertThat(g.get("couleur")).as("group of IPS " + g.get("ips")).isEqualTo(classOf(nationalClasses, ((Number) g.get("ips")).doubleValue())));
        assertThat(groups.stream().map(g -> g.get("couleur")).distinct().count()).as("group colours").isGreaterThanOrEqualTo(4);
        List<Map<String, Object>> summed = groups.stream().filter(g -> g.get("somme") != null)
                .sorted(java.util.Comparator.comparingDouble(g -> ((Number) g.get("somme")).doubleValue())).toList();
        assertThat(summed).hasSizeGreaterThan(100);
        for (int i = 1; i < summed.size(); i++) {
            assertThat(((Number) summed.get(i).get("r")).doubleValue()).isGreaterThanOrEqualTo(((Number) summed.get(i - 1).get("r")).doubleValue() - 1e-9);
        }
        // the fields by their labels, as the dataset page lists them
        assertThat(page.locator("#legende-groupes").textContent()).contains("somme de " + label(JOINED, "nombre_eleves_total_mean"))
                .contains("moyenne de " + label(JOINED, "ips_mean") + " pondérée par " + label(JOINED, "nombre_eleves_total_mean"))
                .doesNotContain("somme de nombre_eleves_total_mean");
        TestBrowser.screenshotViewport(page, "carte-colleges-nationale.png");
        // Paris and its suburbs at zoom 10: each collège is its own point, sized and coloured
        page.evaluate("() => { geoeducCarte.map.jumpTo({ center: [2.35, 48.86], zoom: 10 }); }");
        page.waitForCondition(() -> page.url().contains("10.00"));
        page.waitForFunction("() => geoeducCarte.map.loaded() && geoeducCarte.map.areTilesLoaded()");
        page.waitForTimeout(500);
        // the points drawn by MapLibre, not only a canvas
        List<Map<String, Object>> drawn = (List<Map<String, Object>>) page.evaluate("() => geoeducCarte.map"
                + ".queryRenderedFeatures({ layers: ['points'] }).map(f => { const c = f.layer.paint['circle-color'];"
                + " return { ips: f.properties.ips_mean ?? null, eleves: f.properties.nombre_eleves_total_mean ?? null,"
                + " r: f.layer.paint['circle-radius'], couleur: '#' + [c.r, c.g, c.b].map(x => Math.round(x * 255)"
                + ".toString(16).padStart(2, '0')).join('') }; })");
        assertThat(drawn.size()).as("établissements drawn at national scale").isGreaterThan(200);
        page.waitForCondition(() -> Integer.parseInt(page.getAttribute("#carte", "data-rendus")) == drawn.size());

        // colour: each point's colour is the legend's colour of the class its IPS falls in
        List<Map<String, Object>> classes = legendClasses();
        assertThat(classes).hasSize(5);
        int withIps = 0;
        for (Map<String, Object> p : drawn) {
            if (p.get("ips") == null) {
                assertThat(p.get("couleur")).isEqualTo("#b7b7b7");
                continue;
            }
            withIps++;
            double ips = ((Number) p.get("ips")).doubleValue();
            Map<String, Object> expected = classes.stream().filter(c -> ips < ((Number) c.get("max")).doubleValue()).findFirst()
                    .orElse(classes.get(classes.size() - 1));
            assertThat(p.get("couleur")).as("colour of IPS " + ips).isEqualTo(expected.get("couleur"));
        }
        assertThat(withIps).isGreaterThan(150);
        long distinctColours = drawn.stream().map(p -> p.get("couleur")).distinct().count();
        assertThat(distinctColours).isGreaterThanOrEqualTo(5);

        // size: more pupils, larger circle; the same value, the same radius
        List<Map<String, Object>> sized = drawn.stream().filter(p -> p.get("eleves") != null)
                .sorted(java.util.Comparator.comparingDouble(p -> ((Number) p.get("eleves")).doubleValue())).toList();
        assertThat(sized.size()).isGreaterThan(150);
        for (int i = 1; i < sized.size(); i++) {
            assertThat(((Number) sized.get(i).get("r")).doubleValue()).isGreaterThanOrEqualTo(((Number) sized.get(i - 1).get("r")).doubleValue() - 1e-9);
        }
        assertThat(((Number) sized.get(sized.size() - 1).get("r")).doubleValue()).isGreaterThan(((Number) sized.get(0).get("r")).doubleValue() * 2);
        assertThat(page.locator(".geoeduc-legende-taille").count()).isEqualTo(3);

        // the table alternative lists the points shown
        assertThat(page.locator("#carte-tableau tbody tr").count()).isEqualTo(Math.min(200, drawn.size()));
        TestBrowser.screenshotViewport(page, "carte-colleges-paris.png");

        // a card on click
        Map<String, Object> pixel = (Map<String, Object>) page.evaluate("() => { const f = geoeducCarte.map.queryRenderedFeatures({ layers: ['points'] })"
                + ".find(x => x.properties.ips_mean != null); const p = geoeducCarte.map.project(f.geometry.coordinates); return { x: p.x, y: p.y, uai: f.properties.numero_uai }; }");
        Locator canvas = page.locator("#carte canvas");
        canvas.click(new Locator.ClickOptions().setPosition(((Number) pixel.get("x")).doubleValue(), ((Number) pixel.get("y")).doubleValue()));
        page.waitForSelector(".maplibregl-popup .geoeduc-fiche");
        assertThat(page.locator(".geoeduc-fiche").textContent()).contains("UAI").contains("ips_mean");
        assertThat(page.locator(".geoeduc-fiche a").getAttribute("href")).startsWith("/ogc/collections/" + JOINED + "/items?f=html&numero_uai=");
        assertThat(consoleErrors).as("console errors").isEmpty();
    }

    @Test
    void aMapUrlRoundTripsTheView() {
        page.navigate(base + "/carte?jeu=" + JOINED + "&taille=nombre_eleves_total_mean&couleur=ips_mean");
        page.waitForSelector("#carte[data-pret]");
        page.evaluate("() => { geoeducCarte.map.jumpTo({ center: [-1.68, 48.11], zoom: 11 }); }"); // Rennes
        page.waitForCondition(() -> page.url().contains("vue=-1.68000%2C48.11000%2C11.00") || page.url().contains("vue=-1.68000,48.11000,11.00"));
        String shared = page.url();
        Map<String, String> query = query(shared);
        assertThat(query).containsEntry("jeu", JOINED).containsEntry("taille", "nombre_eleves_total_mean").containsEntry("couleur", "ips_mean")
                .containsEntry("vue", "-1.68000,48.11000,11.00");
        assertThat(page.getAttribute("#carte-lien", "href")).isEqualTo(shared);

        Page other = context.newPage();
        other.navigate(shared);
        other.waitForSelector("#carte[data-pret]");
        Object view = other.evaluate("() => { const c = geoeducCarte.map.getCenter(); return [c.lng, c.lat, geoeducCarte.map.getZoom()]; }");
        List<?> v = (List<?>) view;
        assertThat(((Number) v.get(0)).doubleValue()).isCloseTo(-1.68, org.assertj.core.data.Offset.offset(1e-4));
        assertThat(((Number) v.get(1)).doubleValue()).isCloseTo(48.11, org.assertj.core.data.Offset.offset(1e-4));
        assertThat(((Number) v.get(2)).doubleValue()).isCloseTo(11.0, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(other.inputValue("#choix-taille")).isEqualTo("nombre_eleves_total_mean");
        assertThat(other.inputValue("#choix-couleur")).isEqualTo("ips_mean");
        assertThat(Integer.parseInt(other.getAttribute("#carte", "data-rendus"))).isGreaterThan(3);

        // changing the styling through the form keeps the view
        other.selectOption("#choix-couleur", "");
        other.locator("#carte-choix button[type=submit]").click();
        other.waitForURL(u -> u.contains("couleur=&") || u.endsWith("couleur="));
        other.waitForSelector("#carte[data-pret]");
        assertThat(query(other.url())).containsEntry("vue", "-1.68000,48.11000,11.00");
        assertThat(other.locator(".geoeduc-legende-classe").count()).isZero();
        assertThat(other.locator(".ips-avertissement").count()).isZero();
        assertThat(consoleErrors).as("console errors").isEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void aChoroplethOfTheIpsWeightedByPupilsByDepartementFollowsItsLegendAndTheData() throws IOException {
        page.navigate(base + "/carte?jeu=" + JOINED + "&taille=nombre_eleves_total_mean&couleur=ips_mean&aplat=departement&mesure=moyenne-ponderee");
        page.waitForSelector("#carte[data-pret]");
        assertThat(Integer.parseInt(page.getAttribute("#carte", "data-aplats"))).as("départements with a value").isGreaterThan(80);
        assertThat(page.locator(".ips-avertissement").count()).isEqualTo(1);
        assertThat(page.locator("#carte-legende").textContent()).contains("Aplats par département : moyenne de " + label(JOINED, "ips_mean")
                + " pondérée par " + label(JOINED, "nombre_eleves_total_mean"));
        List<Map<String, Object>> classes = legendClasses();
        assertThat(classes).hasSize(5);
        List<Map<String, Object>> areas = (List<Map<String, Object>>) page.evaluate("() => geoeducCarte.map.queryRenderedFeatures({ layers: ['aplats'] })"
                + ".map(f => { const c = f.layer.paint['fill-color']; return { code: f.properties.code, valeur: f.properties.valeur ?? null,"
                + " couleur: '#' + [c.r, c.g, c.b].map(x => Math.round(x * 255).toString(16).padStart(2, '0')).join('') }; })");
        assertThat(areas).hasSizeGreaterThan(80).filteredOn(a -> a.get("valeur") != null).allSatisfy(a ->
                assertThat(a.get("couleur")).as("département " + a.get("code")).isEqualTo(classOf(classes, ((Number) a.get("valeur")).doubleValue())));
        assertThat(page.evaluate("() => geoeducCarte.map.queryRenderedFeatures({ layers: ['points', 'groupes'] }).length")).isEqualTo(0);
        // Paris's value is the weighted mean of its collèges, computed here from the rows themselves
        double paris = areas.stream().filter(a -> "75".equals(a.get("code"))).map(a -> ((Number) a.get("valeur")).doubleValue()).findFirst().orElseThrow();
        com.fasterxml.jackson.databind.JsonNode rows = fr.geoeduc.core.store.Json.MAPPER.readTree(page.request().get(base
                + "/api/explore/v2.1/catalog/datasets/" + JOINED + "/exports/json?select=code_departement,ips_mean,nombre_eleves_total_mean").text());
        double weighted = 0;
        double weights = 0;
        for (com.fasterxml.jackson.databind.JsonNode r : rows) {
            if (r.path("code_departement").asText().replaceFirst("^0+", "").equals("75") && r.path("ips_mean").isNumber()
                    && r.path("nombre_eleves_total_mean").isNumber() && r.path("nombre_eleves_total_mean").asDouble() > 0) {
                weighted += r.path("ips_mean").asDouble() * r.path("nombre_eleves_total_mean").asDouble();
                weights += r.path("nombre_eleves_total_mean").asDouble();
            }
        }
        assertThat(weights).isPositive();
        assertThat(paris).isCloseTo(weighted / weights, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(page.locator("#carte-tableau tbody tr").count()).isEqualTo(Integer.parseInt(page.getAttribute("#carte", "data-aplats")));
        TestBrowser.screenshotViewport(page, "carte-aplats-departements.png");
        assertThat(consoleErrors).as("console errors").isEmpty();
    }

    @Test
    void theExplorersFiltersKeepOnlyTheChosenEstablishmentsInTheUrlAndOnTheMap() throws IOException {
        String all = "/carte?jeu=" + JOINED + "&taille=nombre_eleves_total_mean&couleur=ips_mean";
        page.navigate(base + all);
        page.waitForSelector("#carte[data-pret]");
        String total = "() => geoeducCarte.map.queryRenderedFeatures({ layers: ['points'] }).length"
                + " + geoeducCarte.map.queryRenderedFeatures({ layers: ['groupes'] }).reduce((n, f) => n + f.properties.count, 0)";
        int everyCollege = ((Number) page.evaluate(total)).intValue();
        page.selectOption("#filtre-secteur", "Privé");
        page.locator("#carte-choix button[type=submit]").click();
        page.waitForURL(u -> u.contains("secteur=Priv"));
        page.waitForSelector("#carte[data-pret]");
        assertThat(query(page.url())).containsEntry("secteur", "Privé");
        int prive = ((Number) page.evaluate(total)).intValue();
        assertThat(prive).as("private collèges drawn").isBetween(everyCollege / 10, everyCollege / 2);
        assertThat(page.inputValue("#filtre-secteur")).isEqualTo("Privé");

        // exports of the view: the établissements of the filters and the visible extent as CSV, the map as PNG
        page.evaluate("() => { geoeducCarte.map.jumpTo({ center: [2.35, 48.86], zoom: 11 }); }");
        page.waitForCondition(() -> page.getAttribute("#carte-csv", "href").contains("in_bbox") && page.url().contains("11.00"));
        String csvHref = page.getAttribute("#carte-csv", "href");
        assertThat(csvHref).startsWith("/api/explore/v2.1/catalog/datasets/" + JOINED + "/exports/csv?where=");
        String csv = page.request().get(base + csvHref).text();
        List<String> lines = csv.lines().filter(l -> !l.isBlank()).toList();
        assertThat(lines.size() - 1).as("private collèges of central Paris").isBetween(5, 400);
        int sector = java.util.Arrays.asList(lines.get(0).split(";")).indexOf("secteur_public_prive_libe");
        assertThat(sector).isNotNegative();
        assertThat(lines.subList(1, lines.size())).allSatisfy(l -> assertThat(l.split(";", -1)[sector]).isEqualTo("Privé"));
        com.microsoft.playwright.Download png = page.waitForDownload(() -> page.locator("#carte-png").click());
        assertThat(png.suggestedFilename()).isEqualTo("carte-" + JOINED + ".png");
        byte[] image = Files.readAllBytes(png.path());
        assertThat(image.length).isGreaterThan(10_000);
        assertThat(java.util.Arrays.copyOf(image, 4)).containsExactly(0x89, 'P', 'N', 'G');
        assertThat(consoleErrors).as("console errors").isEmpty();
    }

    @Test
    void aRestrictedDatasetIsNotFoundForAnAnonymousVisitor() {
        Response r = page.navigate(base + "/jeux/" + RESTRICTED);
        assertThat(r.status()).isEqualTo(404);
        assertThat(page.locator("main h1").textContent()).isEqualTo("Jeu de données introuvable");
        Response never = page.navigate(base + "/jeux/jamais-publie");
        assertThat(never.status()).isEqualTo(404);
        assertThat(page.locator("main").textContent().replace("jamais-publie", RESTRICTED))
                .isEqualTo(pageText(base + "/jeux/" + RESTRICTED));
        assertThat(page.navigate(base + "/carte?jeu=" + RESTRICTED).status()).isEqualTo(404);
        page.navigate(base + "/catalogue");
        assertThat(page.locator("table.catalogue").textContent()).doesNotContain(RESTRICTED);
        page.navigate(base + "/");
        assertThat(page.locator("main").textContent()).doesNotContain(RESTRICTED);
        page.navigate(base + "/carte");
        assertThat(page.locator("#choix-jeu option").allTextContents()).noneSatisfy(t -> assertThat(t).contains(RESTRICTED));
        consoleErrors.removeIf(e -> e.contains("HTTP 404 for " + base + "/jeux/") || e.contains("HTTP 404 for " + base + "/carte?jeu=")
                || e.contains("404 (Not Found)"));
        assertThat(consoleErrors).as("console errors").isEmpty();
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> legendClasses() {
        return (List<Map<String, Object>>) page.evaluate("() => [...document.querySelectorAll("
                + "'.geoeduc-legende-classe')].map(li => ({ min: Number(li.dataset.min), max: Number(li.dataset.max), couleur: li.dataset.couleur }))");
    }

    /** The legend's colour of the class holding {@code value}. */
    private static Object classOf(List<Map<String, Object>> classes, double value) {
        return classes.stream().filter(c -> value < ((Number) c.get("max")).doubleValue()).findFirst()
                .orElse(classes.get(classes.size() - 1)).get("couleur");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theHomePageSearchesAndMapsTheJoinSizedByPupilsColouredByIps() {
        page.navigate(base + "/");
        page.waitForSelector("#carte[data-pret]");
        assertThat(page.getAttribute("#carte", "data-jeu")).isEqualTo(JOINED);
        assertThat(page.locator("#accueil-carte-texte").textContent()).contains("jointure").contains("colleges-ips@1");
        assertThat(page.locator(".ips-avertissement").textContent()).contains("L'IPS n'est pas un indicateur de performance");
        assertThat(legendClasses()).hasSize(5);
        assertThat(page.locator(".geoeduc-legende-taille").count()).isEqualTo(3);
        // points and groups drawn by MapLibre on the offline base layer, coloured by the legend's classes
        Map<String, Object> drawn = (Map<String, Object>) page.evaluate("() => ({ fond: geoeducCarte.map.queryRenderedFeatures({ layers: ['fond-terre'] }).length,"
                + " marques: geoeducCarte.map.queryRenderedFeatures({ layers: ['points', 'groupes'] }).filter(f => f.properties.ips_mean != null)"
                + ".map(f => { const c = f.layer.paint['circle-color']; return { ips: f.properties.ips_mean, couleur: '#' + [c.r, c.g, c.b]"
                + ".map(x => Math.round(x * 255).toString(16).padStart(2, '0')).join('') }; }) })");
        assertThat(((Number) drawn.get("fond")).intValue()).as("base layer polygons drawn").isPositive();
        List<Map<String, Object>> marks = (List<Map<String, Object>>) drawn.get("marques");
        List<Map<String, Object>> classes = legendClasses();
        assertThat(marks).hasSizeGreaterThan(100).allSatisfy(m ->
                assertThat(m.get("couleur")).isEqualTo(classOf(classes, ((Number) m.get("ips")).doubleValue())));
        assertThat(page.locator("#chiffres-cles li").count()).isEqualTo(4);
        assertThat(page.locator("#accueil-recents li").count()).isEqualTo(5);
        assertThat(page.locator("#accueil-themes a").allTextContents()).anySatisfy(t -> assertThat(t).startsWith("Établissements ("));

        // the search box leads to the catalogue's results, whose facets narrow them
        page.fill("#accueil-mots", "IPS collèges");
        page.locator("#accueil-recherche button[type=submit]").click();
        page.waitForURL(u -> u.contains("/catalogue?q="));
        assertThat(page.locator("table.catalogue tbody tr").count()).isPositive();
        assertThat(page.locator("table.catalogue").textContent()).contains(IPS);
        int before = page.locator("table.catalogue tbody tr").count();
        page.locator("[data-facette=theme] a").first().click();
        page.waitForURL(u -> u.contains("theme="));
        assertThat(page.locator("table.catalogue tbody tr").count()).isPositive().isLessThanOrEqualTo(before);
        assertThat(page.locator(".geoeduc-filtre-actif").count()).isEqualTo(1);
        assertThat(consoleErrors).as("console errors").isEmpty();
    }

    private String pageText(String url) {
        Page p = context.newPage();
        p.navigate(url);
        return p.locator("main").textContent();
    }

    @Test
    void theCarteScolairePageWithoutACarteSaysWhyInsteadOfAnEmptyMap() {
        Response r = page.navigate(base + "/carte-scolaire");
        assertThat(r.status()).isEqualTo(200);
        assertThat(page.locator("a.fr-nav__link[aria-current=page]").textContent()).isEqualTo("Carte scolaire");
        page.waitForFunction("() => document.getElementById('carte-secteurs-etat').textContent.length > 0");
        assertThat(page.textContent("#carte-secteurs-etat")).startsWith("Pas de secteurs à afficher : la carte scolaire")
                .contains("n'est pas publiée").doesNotContain("HTTP");
        assertThat(page.locator("#carte-secteurs").isHidden()).isTrue();
    }

    private void waitForMapIfVisible() {
        if (page.locator("#carte").count() == 1 && page.locator("#carte").isVisible()) {
            page.waitForSelector("#carte[data-pret]");
        }
    }

    private List<String> seriousAxeViolations() {
        return chromium.axe(page);
    }

    private static Map<String, String> query(String url) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        String q = URI.create(url).getRawQuery();
        for (String pair : q.split("&")) {
            int eq = pair.indexOf('=');
            out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }
}
