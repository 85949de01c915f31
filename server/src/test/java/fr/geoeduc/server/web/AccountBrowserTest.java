package fr.geoeduc.server.web;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
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
 * Issue 20, sign-in in a real browser (Debian's Chromium, skipped with the reason without it): the sign-in page and
 * the account page pass axe-core with no serious or critical violation and log no console error; a wrong password
 * says so; the right one opens the restricted dataset's page asked for, the header names the person, and signing out
 * brings back « Se connecter ». Screenshots under target/ui.
 */
class AccountBrowserTest {

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
    void signInThroughTheFormThenSignOut() throws Exception {
        String restricted = "/jeux/" + SavedViewsHttpTest.RESTRICTED;
        List<String> errors = new CopyOnWriteArrayList<>();
        try (BrowserContext context = chromium.context()) {
            Page page = TestBrowser.page(context, 30_000);
            page.onConsoleMessage(m -> {
                if ("error".equals(m.type()) && !m.text().contains("status of 401") && !m.text().contains("status of 404") && !String.valueOf(m.location()).contains("/favicon")) {
                    errors.add(m.text() + " @ " + m.location());
                }
            });
            page.onPageError(e -> errors.add("page error: " + e));
            assertThat(page.navigate(server.base() + restricted).status()).isEqualTo(404);
            page.navigate(server.base() + "/connexion?retour=" + restricted);
            assertThat(page.locator("html").getAttribute("lang")).isEqualTo("fr");
            assertThat(chromium.axe(page)).as("axe-core on /connexion").isEmpty();
            TestBrowser.screenshot(page, "connexion.png");

            page.fill("#identifiant", "agent@ville.fr");
            page.fill("#motdepasse", "pas le bon mot de passe");
            page.click("#connexion button[type=submit]");
            page.waitForSelector("#connexion-erreur");
            assertThat(page.textContent("#connexion-erreur")).contains("Identifiant ou mot de passe incorrect");
            assertThat(chromium.axe(page)).as("axe-core on the refused sign-in").isEmpty();

            page.fill("#motdepasse", AccountHttpTest.PASSWORD);
            page.click("#connexion button[type=submit]");
            page.waitForURL("**" + restricted);
            assertThat(page.textContent("#personne-connectee")).contains("Agente de la Ville");
            assertThat(page.textContent("body")).contains("Accès restreint, sous la convention « Effectifs »");

            page.navigate(server.base() + "/compte");
            assertThat(page.textContent("h1")).isEqualTo("Mon compte");
            assertThat(chromium.axe(page)).as("axe-core on /compte").isEmpty();
            TestBrowser.screenshot(page, "compte.png");

            page.click("#compte-entete button[type=submit]");
            page.waitForURL(server.base() + "/");
            assertThat(page.textContent("#compte-entete")).contains("Se connecter").doesNotContain("Agente de la Ville");
            assertThat(page.navigate(server.base() + restricted).status()).isEqualTo(404);
        }
        assertThat(errors).isEmpty();
    }
}
