package fr.geoeduc.server.web;

import com.fasterxml.jackson.databind.JsonNode;
import fr.geoeduc.core.access.Role;
import fr.geoeduc.core.store.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * /jointures for a person signed in, over HTTP: the page names the account it acts as, asks for no API key, offers the
 * restricted dataset their organisation's convention grants, and its two POSTs ({@code /api/joins/verification},
 * {@code /api/joins}) go through with the session cookie and the session's anti-CSRF token in {@code X-CSRF-Token}; the
 * same cookie without the token, or with a wrong one, is refused (403), and without any credential it is 401.
 */
class JointuresSessionHttpTest {

    static final Pattern FORM_CSRF = Pattern.compile("data-csrf=\"([^\"]+)\"");
    final AccountHttpTest accounts = new AccountHttpTest();
    @TempDir
    Path dir;

    @BeforeEach
    void start() throws Exception {
        accounts.dir = dir;
        accounts.start();
    }

    @AfterEach
    void stop() {
        accounts.stop();
    }

    private HttpResponse<String> postJson(AccountHttpTest.Browser b, String path, String body, String... headers) throws Exception {
        return AccountHttpTest.send(b, HttpRequest.newBuilder(URI.create(accounts.server.base() + path))
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)), headers);
    }

    @Test
    void aPersonSignedInChecksAndPublishesAJoinWithTheirSession() throws Exception {
        String spec = Json.write(Map.of("id", "ecoles-reserves", "title", "Écoles et effectifs réservés", "from", SavedViewsHttpTest.OPEN,
                "joins", List.of(Map.of("dataset", SavedViewsHttpTest.RESTRICTED, "on", List.of("uai=uai"), "fields", List.of("effectif_reserve")))));

        // nobody signed in: the key field, the open catalogue, and the API asks for credentials
        AccountHttpTest.Browser anonymous = new AccountHttpTest.Browser();
        HttpResponse<String> open = accounts.get(anonymous, "/jointures");
        assertThat(open.body()).contains("id=\"cle-api\"").contains("Vous n'êtes pas connecté(e)")
                .contains("href=\"/connexion?retour=/jointures\"").doesNotContain("data-csrf=")
                .doesNotContain("<option value=\"" + SavedViewsHttpTest.RESTRICTED + "\">");
        HttpResponse<String> noCredential = postJson(anonymous, "/api/joins/verification", spec);
        assertThat(noCredential.statusCode()).isEqualTo(401);
        assertThat(Json.MAPPER.readTree(noCredential.body()).path("message").asText()).contains("demande d'être connecté");

        AccountHttpTest.Browser b = accounts.signIn("agent@ville.fr", "/jointures");
        HttpResponse<String> page = accounts.get(b, "/jointures");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"identite\"").contains("sous votre compte").contains("<strong>Agente de la Ville</strong>")
                .doesNotContain("id=\"cle-api\"").doesNotContain("id=\"charger-jeux\"")
                .contains("<option value=\"" + SavedViewsHttpTest.RESTRICTED + "\">") // granted by the convention of the Ville
                .contains("conventions de votre organisation");
        Matcher m = FORM_CSRF.matcher(page.body());
        assertThat(m.find()).isTrue();
        String token = m.group(1);
        assertThat(token).isEqualTo(AccountHttpTest.csrf(page)); // the session's token, as in the header's sign-out form

        // the cookie alone, or with another token: refused before the join tool (a page of another site cannot post)
        HttpResponse<String> withoutToken = postJson(b, "/api/joins/verification", spec);
        assertThat(withoutToken.statusCode()).isEqualTo(403);
        assertThat(Json.MAPPER.readTree(withoutToken.body()).path("error_code").asText()).isEqualTo("InvalidCsrfToken");
        assertThat(postJson(b, "/api/joins", spec, "X-CSRF-Token", "faux").statusCode()).isEqualTo(403);
        assertThat(accounts.server.running.store.latest("ecoles-reserves")).isEmpty();

        HttpResponse<String> checked = postJson(b, "/api/joins/verification", spec, "X-CSRF-Token", token);
        assertThat(checked.statusCode()).as(checked.body()).isEqualTo(200);
        JsonNode preview = Json.MAPPER.readTree(checked.body()).path("preview");
        assertThat(preview.path("fields").toString()).contains("effectif_reserve");
        assertThat(accounts.server.running.store.latest("ecoles-reserves")).isEmpty();

        HttpResponse<String> published = postJson(b, "/api/joins", spec, "X-CSRF-Token", token);
        assertThat(published.statusCode()).as(published.body()).isEqualTo(201);
        JsonNode answer = Json.MAPPER.readTree(published.body());
        assertThat(answer.path("restricted").asBoolean()).as("an input is restricted").isTrue();
        assertThat(answer.path("inputs").toString()).contains(SavedViewsHttpTest.OPEN + "@1").contains(SavedViewsHttpTest.RESTRICTED + "@1");
        assertThat(accounts.server.running.store.latest("ecoles-reserves")).isPresent();

        // someone of another organisation signed in: the restricted input is not theirs, nothing is published for them
        AccountHttpTest.Browser autre = accounts.signIn("agent@autre.fr", "/jointures");
        String other = AccountHttpTest.csrf(accounts.get(autre, "/jointures"));
        HttpResponse<String> refused = postJson(autre, "/api/joins/verification", spec.replace("ecoles-reserves", "essai-autre"), "X-CSRF-Token", other);
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(accounts.server.running.store.latest("essai-autre")).isEmpty();
    }
}
