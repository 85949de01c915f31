package fr.geoeduc.server.web;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Request;
import fr.geoeduc.core.access.Role;
import fr.geoeduc.server.TestBrowser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * /jointures in the system Chromium for a person signed in through the sign-in form (skipped without Chromium): the page
 * says the account it acts as and asks for no key, offers the restricted dataset of their convention, and the check and
 * the publication go through with the session (cookie and anti-CSRF header, no Authorization header); axe-core without
 * serious or critical violation.
 */
class JointuresSessionBrowserTest {

    @TempDir
    Path dir;
    final SavedViewsHttpTest server = new SavedViewsHttpTest();
    TestBrowser chromium;

    @BeforeEach
    void start() throws Exception {
        chromium = TestBrowser.launch();
        server.dir = dir;
        server.start();
        server.access.users().create("agent@ville.fr", "Agente de la Ville", "ville", EnumSet.of(Role.CONSUMER), AccountHttpTest.PASSWORD);
    }

    @AfterEach
    void stop() {
        if (chromium != null) {
            chromium.close();
        }
        server.stop();
    }

    @Test
    void signedInTheJoinIsCheckedAndPublishedWithoutAKey() {
        List<String> errors = new CopyOnWriteArrayList<>();
        List<Request> posts = new CopyOnWriteArrayList<>();
        try (BrowserContext context = chromium.context()) {
            Page page = TestBrowser.page(context, 30_000);
            page.onConsoleMessage(m -> {
                if ("error".equals(m.type()) && !String.valueOf(m.location()).contains("/favicon")) {
                    errors.add(m.text() + " @ " + m.location());
                }
            });
            page.onPageError(e -> errors.add("page error: " + e));
            page.onRequest(r -> {
                if (r.url().contains("/api/joins")) {
                    posts.add(r);
                }
            });
            page.navigate(server.base() + "/connexion?retour=/jointures");
            page.fill("#identifiant", "agent@ville.fr");
            page.fill("#motdepasse", AccountHttpTest.PASSWORD);
            page.click("#connexion button[type=submit]");
            page.waitForURL("**/jointures");
            assertThat(page.textContent("#identite")).contains("sous votre compte").contains("Agente de la Ville").contains("sans clé d'API");
            assertThat(page.locator("#cle-api").count()).isZero();
            assertThat(page.locator("#jeu-droite option[value='" + SavedViewsHttpTest.RESTRICTED + "']").count()).isEqualTo(1);
            assertThat(chromium.axe(page)).as("axe-core on /jointures, signed in").isEmpty();

            page.selectOption("#jeu-gauche", SavedViewsHttpTest.OPEN);
            page.selectOption("#jeu-droite", SavedViewsHttpTest.RESTRICTED);
            page.selectOption("#cle-gauche", "uai");
            page.selectOption("#cle-droite", "uai");
            page.fill("#jointure-id", "ecoles-reserves");
            page.click("#verifier");
            page.waitForSelector("#jointure-resultat .fr-alert--info:has-text('rien n\\'a été publié')");
            assertThat(page.locator("#apercu-lignes tbody tr").count()).isPositive();
            page.click("#lancer");
            page.waitForSelector("#jointure-resultat .fr-alert--success");
            assertThat(page.locator("#jointure-resultat .fr-alert--success").textContent())
                    .contains("Jointure publiée : ecoles-reserves, version 1").contains("résultat restreint");
            TestBrowser.screenshot(page, "jointures-session.png");
        }
        assertThat(posts).hasSize(2).allSatisfy(r -> {
            assertThat(r.headers()).doesNotContainKey("authorization").containsKey("x-csrf-token");
            assertThat(r.method()).isEqualTo("POST");
        });
        assertThat(server.running.store.latest("ecoles-reserves")).isPresent();
        assertThat(errors).isEmpty();
    }
}
