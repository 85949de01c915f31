package fr.geoeduc.server.web;

import com.fasterxml.jackson.databind.JsonNode;
import fr.geoeduc.core.access.Role;
import fr.geoeduc.core.store.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * People's accounts on the web pages over HTTP: sign-in (anti-CSRF token, wrong password, throttling), the session
 * cookie's flags, the person as the caller of the pages and the APIs (a convention holder sees the restricted dataset,
 * others get a 404; quota and audit name the person), CSRF refusals on forms, sign-out, the account page (Mes
 * conventions, Mes clés d'API: create, revoke; password change ending the other sessions).
 */
class AccountHttpTest {

    static final String PASSWORD = "un mot de passe assez long";
    static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
    final SavedViewsHttpTest server = new SavedViewsHttpTest();
    @org.junit.jupiter.api.io.TempDir
    java.nio.file.Path dir;

    @BeforeEach
    void start() throws Exception {
        server.dir = dir;
        server.start();
        server.access.users().create("agent@ville.fr", "Agente de la Ville", "ville", EnumSet.of(Role.CONSUMER), PASSWORD);
        server.access.users().create("agent@autre.fr", "Agent d'Autre", "autre", EnumSet.of(Role.CONSUMER), PASSWORD);
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    /** A browser's cookies for this server, by name. */
    static final class Browser {
        final Map<String, String> cookies = new LinkedHashMap<>();
        final List<String> setCookies = new java.util.ArrayList<>();

        String header() {
            return cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("; "));
        }

        void keep(HttpResponse<?> r) {
            for (String c : r.headers().allValues("Set-Cookie")) {
                setCookies.add(c);
                String pair = c.substring(0, c.indexOf(';'));
                String name = pair.substring(0, pair.indexOf('='));
                String value = pair.substring(pair.indexOf('=') + 1);
                if (value.isEmpty() || c.contains("Max-Age=0")) {
                    cookies.remove(name);
                } else {
                    cookies.put(name, value);
                }
            }
        }
    }

    HttpResponse<String> get(Browser b, String path, String... headers) throws Exception {
        return send(b, HttpRequest.newBuilder(URI.create(server.base() + path)), headers);
    }

    HttpResponse<String> post(Browser b, String path, Map<String, String> form, String... headers) throws Exception {
        String body = form.entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(b, HttpRequest.newBuilder(URI.create(server.base() + path)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)), headers);
    }

    /** Sends with the browser's cookies and keeps those it is given. */
    static HttpResponse<String> send(Browser b, HttpRequest.Builder rq, String... headers) throws Exception {
        if (!b.cookies.isEmpty()) {
            rq.header("Cookie", b.header());
        }
        for (int i = 0; i < headers.length; i += 2) {
            rq.header(headers[i], headers[i + 1]);
        }
        HttpResponse<String> r = SavedViewsHttpTest.HTTP.send(rq.build(), HttpResponse.BodyHandlers.ofString());
        b.keep(r);
        return r;
    }

    static String csrf(HttpResponse<String> page) {
        Matcher m = CSRF.matcher(page.body());
        assertThat(m.find()).as("a csrf field in %s", page.uri()).isTrue();
        return m.group(1);
    }

    Browser signIn(String login, String retour) throws Exception {
        Browser b = new Browser();
        String token = csrf(get(b, "/connexion"));
        HttpResponse<String> r = post(b, "/connexion", Map.of("csrf", token, "identifiant", login, "motdepasse", PASSWORD, "retour", retour));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
        assertThat(b.cookies).containsKey(WebSessions.COOKIE);
        return b;
    }

    @Test
    void aPersonSignsInSeesWhatTheirConventionCoversAndSignsOut() throws Exception {
        Browser b = new Browser();
        HttpResponse<String> page = get(b, "/connexion?retour=/jeux/" + SavedViewsHttpTest.RESTRICTED);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("lang=\"fr\"").contains("Se connecter à GéoÉduc").contains("autocomplete=\"current-password\"");
        String token = csrf(page);
        assertThat(b.cookies).containsEntry(AccountPages.LOGIN_CSRF_COOKIE, token);

        // no token, a token of another browser, a wrong password: no session
        Browser other = new Browser();
        assertThat(post(other, "/connexion", Map.of("identifiant", "agent@ville.fr", "motdepasse", PASSWORD)).statusCode()).isEqualTo(403);
        assertThat(post(other, "/connexion", Map.of("csrf", token, "identifiant", "agent@ville.fr", "motdepasse", PASSWORD)).statusCode()).isEqualTo(403);
        assertThat(other.cookies).doesNotContainKey(WebSessions.COOKIE);
        HttpResponse<String> wrong = post(b, "/connexion", Map.of("csrf", token, "identifiant", "agent@ville.fr", "motdepasse", "pas le bon mot de passe"));
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).contains("Identifiant ou mot de passe incorrect");
        assertThat(b.cookies).doesNotContainKey(WebSessions.COOKIE);

        token = csrf(wrong);
        HttpResponse<String> ok = post(b, "/connexion", Map.of("csrf", token, "identifiant", "Agent@Ville.fr", "motdepasse", PASSWORD,
                "retour", "/jeux/" + SavedViewsHttpTest.RESTRICTED));
        assertThat(ok.statusCode()).isEqualTo(303);
        assertThat(ok.headers().firstValue("Location")).contains("/jeux/" + SavedViewsHttpTest.RESTRICTED);
        String cookie = b.setCookies.stream().filter(c -> c.startsWith(WebSessions.COOKIE + "=") && !c.contains("Max-Age=0")).findFirst().orElseThrow();
        assertThat(cookie).contains("HttpOnly").contains("SameSite=Lax").contains("Path=/").doesNotContain("Secure");

        // the person is the caller of the pages and of the APIs
        HttpResponse<String> home = get(b, "/");
        assertThat(home.body()).contains("Agente de la Ville").contains("Se déconnecter").doesNotContain(">Se connecter<");
        for (String path : List.of("/jeux/" + SavedViewsHttpTest.RESTRICTED, "/carte?jeu=" + SavedViewsHttpTest.RESTRICTED)) {
            HttpResponse<String> seen = get(b, path);
            assertThat(seen.statusCode()).as(path).isEqualTo(200);
            assertThat(seen.body()).contains("Accès restreint, sous la convention « Effectifs »");
        }
        HttpResponse<String> records = get(b, "/api/explore/v2.1/catalog/datasets/" + SavedViewsHttpTest.RESTRICTED + "/records?limit=1");
        assertThat(records.statusCode()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(records.body()).path("total_count").asLong()).isEqualTo(30);
        assertThat(records.headers().firstValue("RateLimit-Remaining")).isPresent();
        server.access.auditWriter().flush();
        assertThat(auditEntries()).anyMatch(e -> e.contains("\"user:agent@ville.fr\"") && e.contains(SavedViewsHttpTest.RESTRICTED));

        // someone of another organisation, and nobody: the 404 of an unknown dataset
        Browser autre = signIn("agent@autre.fr", "/");
        for (Browser x : List.of(autre, new Browser())) {
            assertThat(get(x, "/jeux/" + SavedViewsHttpTest.RESTRICTED).statusCode()).isEqualTo(404);
            assertThat(get(x, "/carte?jeu=" + SavedViewsHttpTest.RESTRICTED).statusCode()).isEqualTo(404);
            assertThat(get(x, "/api/explore/v2.1/catalog/datasets/" + SavedViewsHttpTest.RESTRICTED + "/records").statusCode()).isEqualTo(404);
        }

        // signing out needs the session's token; then the old cookie opens nothing
        String session = b.cookies.get(WebSessions.COOKIE);
        assertThat(post(b, "/deconnexion", Map.of()).statusCode()).isEqualTo(403);
        assertThat(post(b, "/deconnexion", Map.of("csrf", "faux")).statusCode()).isEqualTo(403);
        HttpResponse<String> out = post(b, "/deconnexion", Map.of("csrf", csrf(get(b, "/"))));
        assertThat(out.statusCode()).isEqualTo(303);
        assertThat(b.cookies).doesNotContainKey(WebSessions.COOKIE);
        Browser replay = new Browser();
        replay.cookies.put(WebSessions.COOKIE, session);
        assertThat(get(replay, "/jeux/" + SavedViewsHttpTest.RESTRICTED).statusCode()).isEqualTo(404);
        assertThat(get(replay, "/").body()).contains(">Se connecter<").doesNotContain("Agente de la Ville");
    }

    @Test
    void theCookieIsSecureOverHttpsAndFormsWithoutTheSessionsTokenAreRefused() throws Exception {
        Browser b = new Browser();
        String token = csrf(get(b, "/connexion"));
        post(b, "/connexion", Map.of("csrf", token, "identifiant", "agent@ville.fr", "motdepasse", PASSWORD), "X-Forwarded-Proto", "https");
        assertThat(b.setCookies.stream().filter(c -> c.startsWith(WebSessions.COOKIE + "=")).findFirst().orElseThrow())
                .contains("Secure").contains("HttpOnly").contains("SameSite=Lax");

        String state = "jeu=" + SavedViewsHttpTest.OPEN;
        Map<String, String> form = new LinkedHashMap<>(Map.of("titre", "Écoles", "etat", state));
        HttpResponse<String> refused = post(b, "/vues", form);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("jeton anti-falsification");
        assertThat(Json.MAPPER.readTree(get(b, "/vues", "Accept", "application/json").body()).path("total_count").asInt()).isZero();
        // the map's form carries the token and no key field once signed in
        HttpResponse<String> carte = get(b, "/carte?" + state);
        assertThat(carte.body()).doesNotContain("name=\"apikey\"");
        form.put("csrf", csrf(carte));
        HttpResponse<String> saved = post(b, "/vues", form, "Accept", "application/json");
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(201);
        assertThat(Json.MAPPER.readTree(saved.body()).path("organisation").asText()).isEqualTo("Ville de Rennes");
        // and its owner deletes it from the list (the list's form carries the token)
        String location = saved.headers().firstValue("Location").orElseThrow();
        HttpResponse<String> list = get(b, "/vues");
        assertThat(post(b, location + "/suppression", Map.of()).statusCode()).isEqualTo(403);
        assertThat(post(b, location + "/suppression", Map.of("csrf", csrf(list))).statusCode()).isEqualTo(303);
        assertThat(get(b, location).statusCode()).isEqualTo(404);
    }

    @Test
    void repeatedWrongPasswordsAreThrottled() throws Exception {
        Browser b = new Browser();
        String token = csrf(get(b, "/connexion"));
        int status = 0;
        for (int i = 0; i < 12 && status != 429; i++) {
            HttpResponse<String> r = post(b, "/connexion", Map.of("csrf", token, "identifiant", "agent@ville.fr", "motdepasse", "essai numéro " + i));
            status = r.statusCode();
            token = csrf(r); // each answer's form comes with a new token
            if (status == 429) {
                assertThat(r.headers().firstValue("Retry-After")).isPresent();
                assertThat(r.body()).contains("Trop d&#39;essais infructueux");
            } else {
                assertThat(status).isEqualTo(401);
            }
        }
        assertThat(status).isEqualTo(429);
    }

    @Test
    void theAccountPageListsConventionsManagesKeysAndChangesThePassword() throws Exception {
        HttpResponse<String> anonymous = get(new Browser(), "/compte");
        assertThat(anonymous.statusCode()).isEqualTo(303);
        assertThat(anonymous.headers().firstValue("Location")).contains("/connexion?retour=%2Fcompte");

        Browser b = signIn("agent@ville.fr", "/compte");
        Browser elsewhere = signIn("agent@ville.fr", "/");
        HttpResponse<String> page = get(b, "/compte");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Mes conventions").contains("Effectifs").contains("destinataire").contains("sectorisation")
                .contains("Mes clés d'API").contains("Ville de Rennes");

        // a key for the organisation, shown once, that reads what the convention covers; then revoked
        assertThat(post(b, "/compte/cles", Map.of("libelle", "QGIS")).statusCode()).isEqualTo(403);
        HttpResponse<String> created = post(b, "/compte/cles", Map.of("libelle", "QGIS du service", "csrf", csrf(page)));
        assertThat(created.statusCode()).isEqualTo(201);
        Matcher key = Pattern.compile("id=\"nouvelle-cle\">([^<]+)<").matcher(created.body());
        assertThat(key.find()).isTrue();
        String apiKey = key.group(1);
        String records = "/api/explore/v2.1/catalog/datasets/" + SavedViewsHttpTest.RESTRICTED + "/records?limit=1";
        assertThat(get(new Browser(), records, "Authorization", "Apikey " + apiKey).statusCode()).isEqualTo(200);
        String client = server.access.registry().clientByKey(apiKey).orElseThrow().id();
        assertThat(get(b, "/compte").body()).doesNotContain(apiKey).contains(client).contains("QGIS du service (agent@ville.fr)");
        // someone of another organisation cannot revoke it
        Browser autre = signIn("agent@autre.fr", "/");
        HttpResponse<String> foreign = post(autre, "/compte/cles/" + client + "/revocation", Map.of("csrf", csrf(get(autre, "/compte"))));
        assertThat(foreign.statusCode()).isEqualTo(404);
        assertThat(get(new Browser(), records, "Authorization", "Apikey " + apiKey).statusCode()).isEqualTo(200);
        HttpResponse<String> revoked = post(b, "/compte/cles/" + client + "/revocation", Map.of("csrf", csrf(get(b, "/compte"))));
        assertThat(revoked.statusCode()).isEqualTo(200);
        assertThat(revoked.body()).contains("révoquée");
        assertThat(get(new Browser(), records, "Authorization", "Apikey " + apiKey).statusCode()).isEqualTo(401);

        // password change: the current one is checked, both entries must agree; other sessions end
        String t = csrf(get(b, "/compte"));
        assertThat(post(b, "/compte/mot-de-passe", Map.of("csrf", t, "actuel", "pas le bon", "nouveau", "nouveau mot de passe long",
                "confirmation", "nouveau mot de passe long")).body()).contains("Le mot de passe actuel est incorrect");
        assertThat(post(b, "/compte/mot-de-passe", Map.of("csrf", t, "actuel", PASSWORD, "nouveau", "nouveau mot de passe long",
                "confirmation", "autre chose encore")).body()).contains("diffèrent");
        HttpResponse<String> changed = post(b, "/compte/mot-de-passe", Map.of("csrf", t, "actuel", PASSWORD, "nouveau", "nouveau mot de passe long",
                "confirmation", "nouveau mot de passe long"));
        assertThat(changed.statusCode()).isEqualTo(200);
        assertThat(changed.body()).contains("Mot de passe changé");
        assertThat(get(b, "/compte").statusCode()).as("this browser got a new session").isEqualTo(200);
        assertThat(get(elsewhere, "/compte").statusCode()).as("the other session ended").isEqualTo(303);
        assertThat(server.access.users().authenticate("agent@ville.fr", "nouveau mot de passe long")).isPresent();
    }

    List<String> auditEntries() throws Exception {
        List<String> out = new java.util.ArrayList<>();
        try (Connection c = server.running.store.connection(); Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT entry_json FROM audit_entry")) {
            while (r.next()) {
                out.add(r.getString(1));
            }
        }
        return out;
    }
}
