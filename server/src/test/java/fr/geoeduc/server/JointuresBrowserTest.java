package fr.geoeduc.server;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Request;
import fr.geoeduc.core.access.Organisation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * /jointures in the system Chromium (as {@link BrowserTest}; skipped when it is not installed): a join composed with
 * the form on generated datasets, refused with a French message when it lacks an aggregation or would overwrite a
 * dataset, then run with the API key, its match report shown and the result listed; axe-core without serious or
 * critical violation before and after.
 */
class JointuresBrowserTest {

    @TempDir
    static Path dir;
    private static TestBrowser chromium;
    private static TestServer server;
    private static String base;
    private static String key;

    @BeforeAll
    static void start() throws IOException {
        chromium = TestBrowser.launch();
        server = TestServer.in(dir);
        // five écoles, four of them with pupils counted on one or two rows (one-to-many: an aggregation is needed)
        server.ingest(server.write("ecoles.csv", "uai,nom_ecole\n0350001A,Les Tilleuls\n0350002B,Jules Ferry\n"
                + "0350003C,Le Bourg\n0350004D,La Plaine\n0350005E,Les Prés\n"), "ecoles-test");
        server.ingest(server.write("effectifs.csv", "numero_uai,niveau,effectif\n0350001A,CP,24\n0350001A,CE1,22\n"
                + "0350002B,CP,18\n0350003C,CP,12\n0350004D,CP,20\n0350004D,CE1,21\n0359999Z,CP,9\n"), "effectifs-test");
        server.ingest(server.write("ips.csv", "uai,rentree_scolaire,ips\n0350001A,2023-2024,101.5\n0350002B,2023-2024,95.2\n"), "ips-test");
        server.organisation("ville", "Ville", Organisation.Kind.COMMUNE, "35238");
        key = server.registry().createClient("ville", "outil-jointure", 100_000).apiKey();
        base = server.start("Données générées pour le test").base();
    }

    @AfterAll
    static void stop() throws Exception {
        Chromium.closeAll(chromium, server);
    }

    @Test
    void composeRunAndSeeTheMatchReport() {
        try (BrowserContext context = chromium.context()) {
            Page page = TestBrowser.page(context, 30_000);
            List<String> errors = new CopyOnWriteArrayList<>();
            List<String> expectedRefusals = new CopyOnWriteArrayList<>();
            List<Request> posts = new CopyOnWriteArrayList<>();
            page.onPageError(e -> errors.add("page error: " + e));
            page.onConsoleMessage(m -> {
                // the refusals this test provokes are logged by Chromium as failed loads: counted apart below
                if ("error".equals(m.type()) && !String.valueOf(m.location()).contains("/favicon")) {
                    (m.text().contains("status of 4") && String.valueOf(m.location()).contains("/api/joins") ? expectedRefusals : errors).add(m.text());
                }
            });
            page.onRequest(r -> {
                if (r.url().contains("/api/joins")) {
                    posts.add(r);
                }
            });

            assertThat(page.navigate(base + "/jointures").status()).isEqualTo(200);
            assertThat(page.title()).isEqualTo("Jointures — GéoÉduc");
            assertThat(page.locator("nav.fr-breadcrumb li").count()).isEqualTo(2);
            assertThat(page.locator("a.fr-nav__link[aria-current=page]").textContent()).isEqualTo("Jointures");
            assertThat(page.locator("#liste-jointures").count()).isZero();
            assertThat(axe(page)).as("axe-core on the empty page").isEmpty();

            // the first proposal: the directory of établissements (a UAI, no rentrée) by UAI with figures per rentrée
            assertThat(page.inputValue("#jeu-gauche")).isEqualTo("ecoles-test");
            assertThat(page.inputValue("#jeu-droite")).isEqualTo("ips-test");
            assertThat(page.inputValue("#cle-gauche")).isEqualTo("uai");
            assertThat(page.inputValue("#cle-droite")).isEqualTo("uai");

            page.selectOption("#jeu-gauche", "ecoles-test");
            page.selectOption("#jeu-droite", "effectifs-test");
            // the right key picker offers the right dataset's fields, the left one the left dataset's
            assertThat(page.locator("#cle-gauche option").allTextContents()).anyMatch(t -> t.startsWith("uai")).noneMatch(t -> t.startsWith("numero_uai"));
            assertThat(page.locator("#cle-droite option").allTextContents()).anyMatch(t -> t.startsWith("numero_uai")).noneMatch(t -> t.startsWith("nom_ecole"));
            page.selectOption("#cle-gauche", "uai");
            page.selectOption("#cle-droite", "numero_uai");
            page.check("#how-left");
            page.fill("#jointure-id", "ecoles-effectifs-test");
            page.fill("#jointure-titre", "Écoles et effectifs (test)");
            assertThat(page.locator("#spec-yaml").textContent()).isEqualTo("id: \"ecoles-effectifs-test\"\ntitle: \"Écoles et effectifs (test)\"\n"
                    + "from: \"ecoles-test\"\njoins:\n  - dataset: \"effectifs-test\"\n    on: [\"uai=numero_uai\"]\n    how: left\n");

            // no key: said in the page, nothing sent
            page.click("#lancer");
            assertThat(page.locator("#jointure-resultat .fr-alert--error").textContent()).contains("Saisissez la clé d'API");
            assertThat(posts).isEmpty();

            page.fill("#cle-api", key);
            page.click("#charger-jeux"); // the key's catalogue: the three open datasets (no convention here), choices kept
            page.waitForSelector("#jeux-etat:has-text('ceux que cette clé peut lire')");
            assertThat(page.locator("#jeux-etat").textContent()).startsWith("3 jeu(x)");
            assertThat(page.inputValue("#jeu-droite")).isEqualTo("effectifs-test");
            assertThat(page.inputValue("#cle-droite")).isEqualTo("numero_uai");
            // one-to-many without an aggregation: refused (400), explained in French
            page.click("#lancer");
            page.waitForSelector("#jointure-resultat .fr-alert--error:has-text('La spécification est refusée')");
            assertThat(page.locator("#jointure-resultat").textContent()).contains("demande une agrégation").contains("rien n'a été publié");

            // an id that names a dataset which is not a jointure: 409, explained
            page.fill("#jointure-id", "effectifs-test");
            page.selectOption("#agregat-champ", "effectif");
            page.selectOption("#agregat-fonction", "sum");
            page.click("#agregat-ajouter");
            page.click("#lancer");
            page.waitForSelector("#jointure-resultat .fr-alert--error:has-text('choisissez un autre identifiant')");

            // a wrong key: 401, explained
            page.fill("#jointure-id", "ecoles-effectifs-test");
            page.fill("#cle-api", "cle-inconnue");
            page.click("#lancer");
            page.waitForSelector("#jointure-resultat .fr-alert--error");
            String wrongKey = page.locator("#jointure-resultat").textContent();

            page.fill("#cle-api", key);
            assertThat(page.locator("#spec-yaml").textContent()).contains("    aggregate: [\"effectif:sum\"]\n");
            // checked first: the report, nothing published
            page.click("#verifier");
            page.waitForSelector("#jointure-resultat .fr-alert--info:has-text('rien n\\'a été publié')");
            assertThat(count(page, "jointure-appariees")).isEqualTo("4");
            assertThat(page.locator("#lien-resultat").count()).isZero();
            // the preview: the rows the jointure would publish (five écoles, left join), in a DSFR table
            assertThat(page.locator("#apercu-lignes tbody tr").count()).isEqualTo(5);
            assertThat(page.locator("#apercu-lignes thead").textContent()).contains("effectif_sum").contains("jointure_statut");
            assertThat(axe(page)).as("axe-core with the preview").isEmpty();
            assertThat(server.store.latest("ecoles-effectifs-test")).isEmpty();
            page.click("#lancer");
            page.waitForSelector("#rapport-appariement");
            assertThat(page.locator("#jointure-resultat .fr-alert--success").textContent())
                    .contains("Jointure publiée : ecoles-effectifs-test, version 1").contains("5 lignes")
                    .contains("ecoles-test@1").contains("effectifs-test@1");
            // independent counts: écoles 1-4 have pupils, 5 has none; 0359999Z has no école; 1 and 4 have two rows each
            assertThat(count(page, "jointure-appariees")).isEqualTo("4");
            assertThat(count(page, "jointure-gauche-seule")).isEqualTo("1");
            assertThat(count(page, "jointure-droite-seule")).isEqualTo("1");
            assertThat(count(page, "jointure-plusieurs-regroupees")).isEqualTo("2");
            assertThat(page.locator("tr[data-regle='jointure-gauche-seule'] td").nth(2).textContent()).contains("0350005E").contains("clé absente à droite");
            assertThat(axe(page)).as("axe-core with the match report").isEmpty();
            TestBrowser.screenshot(page, "jointures-rapport.png");

            // the key went in the Authorization header only, never in an address
            assertThat(posts).hasSize(5).allMatch(r -> r.method().equals("POST") && !r.url().contains(key));
            assertThat(posts.get(4).headers().get("authorization")).isEqualTo("Apikey " + key);
            assertThat(page.url()).isEqualTo(base + "/jointures");
            assertThat(wrongKey).as("the wrong key's refusal").contains("Clé d'API absente ou non reconnue");
            assertThat(expectedRefusals).as("the three refusals provoked (400, 409, 401)").hasSize(3);

            page.click("#lien-resultat");
            page.waitForURL(base + "/jeux/ecoles-effectifs-test");
            assertThat(page.locator("h1").textContent()).contains("Écoles et effectifs (test)");

            page.navigate(base + "/jointures");
            assertThat(page.locator("tr[data-jointure='ecoles-effectifs-test']").textContent())
                    .contains("ecoles-test (v1)").contains("effectifs-test (v1)").contains("80,0 % (4 / 5)");
            assertThat(axe(page)).as("axe-core with the list").isEmpty();
            TestBrowser.screenshot(page, "jointures.png");
            assertThat(errors).isEmpty();
        }
    }

    private static String count(Page page, String rule) {
        return page.locator("tr[data-regle='" + rule + "'] td").nth(1).textContent();
    }

    private static List<String> axe(Page page) {
        return chromium.axe(page);
    }
}
