package fr.geoeduc.server.web;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import fr.geoeduc.core.access.Convention;
import fr.geoeduc.server.TestBrowser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A data protection officer creates a convention through the administration's form in a real browser (Debian's
 * Chromium, skipped with the reason without it): sign-in, the menu's « Administration », the form (a forgotten
 * territory is shown next to its field, in French, and nothing is recorded), then the convention recorded as a draft
 * and submitted. The pages pass axe-core with no serious or critical violation and log no error. Screenshots under
 * target/ui.
 */
class AdminBrowserTest {

    @TempDir
    Path dir;
    final AdminPagesHttpTest server = new AdminPagesHttpTest();
    TestBrowser chromium;

    @BeforeEach
    void start() throws Exception {
        chromium = TestBrowser.launch();
        server.dir = dir;
        server.start();
    }

    @AfterEach
    void stop() {
        if (chromium != null) {
            chromium.close();
        }
        server.stop();
    }

    @Test
    void aConventionIsCreatedThroughTheForm() throws Exception {
        String base = server.running.base();
        try (BrowserContext context = chromium.context()) {
            Page page = TestBrowser.page(context, 30_000);
            List<String> errors = TestBrowser.errors(page, TestBrowser.Report.PAGE_ERROR, TestBrowser.Report.CONSOLE_ERROR);
            page.navigate(base + "/administration");
            page.waitForURL("**/connexion?retour=%2Fadministration");
            page.fill("#identifiant", "dpd@rectorat.fr");
            page.fill("#motdepasse", AdminPagesHttpTest.PASSWORD);
            page.click("#connexion button[type=submit]");
            page.waitForURL(base + "/administration");
            assertThat(page.textContent("h1")).isEqualTo("Administration");
            assertThat(page.getAttribute("#menu-administration", "aria-current")).isEqualTo("page");
            assertThat(chromium.axe(page)).as("axe-core on /administration").isEmpty();

            page.click("#administration-entrees a[href='/administration/conventions']");
            page.waitForURL(base + "/administration/conventions");
            page.click("#nouvelle-convention");
            page.waitForURL(base + "/administration/nouvelle-convention");
            assertThat(chromium.axe(page)).as("axe-core on the empty form").isEmpty();

            page.fill("#c-id", "conv-navigateur");
            page.fill("#c-numero", "2026-RENNES-042");
            page.fill("#c-intitule", "Effectifs des écoles de Rennes");
            page.selectOption("#partie-0-organisation", "rectorat");
            page.selectOption("#partie-1-organisation", "ville");
            page.fill("#c-textes", "Code de l'éducation, art. L.212-7");
            page.fill("#finalite-0-libelle", "sectorisation des écoles");
            page.fill("#perimetre-0-jeu", AdminPagesHttpTest.DATASET);
            page.fill("#perimetre-0-variables", "ine_eleve, uai, niveau");
            page.fill("#perimetre-0-pseudonymisees", "ine_eleve");
            page.fill("#perimetre-0-conservation", "12");
            page.fill("#c-contact-familles", "dpd@ac-rennes.fr");
            page.fill("#c-debut", LocalDate.now().toString());
            // the territory forgotten: refused, said next to the field
            page.click("#convention-enregistrer");
            page.waitForSelector("#convention-erreur");
            assertThat(page.textContent("#convention-erreur")).contains("La convention n'est pas enregistrée : 1 point à corriger");
            assertThat(page.textContent("#perimetre-0-territoire-champ-erreur")).contains("Le territoire est obligatoire");
            assertThat(page.inputValue("#c-numero")).isEqualTo("2026-RENNES-042");
            assertThat(server.access.registry().convention("conv-navigateur")).isEmpty();
            assertThat(chromium.axe(page)).as("axe-core on the refused form").isEmpty();
            TestBrowser.screenshot(page, "administration-convention-refusee.png");

            page.fill("#perimetre-0-territoire-champ", "code_commune");
            page.fill("#perimetre-0-territoire-codes", "35238");
            page.click("#convention-enregistrer");
            page.waitForURL("**/administration/conventions/conv-navigateur?enregistree=1");
            assertThat(page.textContent("#admin-info")).contains("Convention enregistrée en projet");
            assertThat(page.textContent("#convention-statut")).isEqualTo("projet");
            assertThat(chromium.axe(page)).as("axe-core on the convention's page").isEmpty();
            TestBrowser.screenshot(page, "administration-convention.png");

            page.click("#statut-submitted");
            page.waitForSelector("#admin-info:has-text('Statut changé : soumise.')");
            assertThat(page.textContent("#convention-statut")).isEqualTo("soumise");
            Convention saved = server.access.registry().convention("conv-navigateur").orElseThrow();
            assertThat(saved.status()).isEqualTo(Convention.Status.SUBMITTED);
            assertThat(saved.scopes().get(0).territory()).isEqualTo(new Convention.Territory("code_commune", List.of("35238")));
            assertThat(saved.scopes().get(0).pseudonymisedFields()).containsExactly("ine_eleve");
            // the refused form is answered 400, which the browser logs: that one is expected
            assertThat(errors).filteredOn(e -> !(e.contains("status of 400") && e.contains("/administration/conventions"))).isEmpty();
        }
    }
}
