package fr.geoeduc.server.cartescolaire;

import fr.geoeduc.core.adresse.BanAdresse;
import fr.geoeduc.core.sectorisation.BanSynthetique;
import fr.geoeduc.server.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The example address of /carte-scolaire comes from the BAN addresses loaded, one the carte's sectors cover: offline
 * (a SYNTHETIC BAN generated inside the real carte of Ille-et-Vilaine) the example, tried, finds its collège; before
 * any BAN is loaded, the page offers no example rather than one that finds nothing.
 */
class CarteScolaireExempleTest {

    private static final Pattern EXEMPLE = Pattern.compile("<span id=\"adresse-exemple\">([^<]+)</span>");

    @TempDir
    Path dir;

    static HttpResponse<String> get(String base, String path) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    @Test
    void theExampleIsALoadedAddressThatFindsItsCollege() throws Exception {
        SuggestionsFixture fixture = new SuggestionsFixture(dir);
        try (TestServer server = TestServer.on(fixture.platform)) {
            String base = server.start(null).base();
            HttpResponse<String> withoutBan = get(base, "/carte-scolaire");
            assertThat(withoutBan.statusCode()).isEqualTo(200);
            assertThat(withoutBan.body()).doesNotContain("adresse-exemple").doesNotContain("rue de Fougères")
                    .contains("Numéro, voie, code postal, commune.");

            fixture.chargerBan(fixture.generees, "v1");
            String html = "";
            long deadline = System.nanoTime() + 120_000_000_000L; // the address index is built in the background
            while (!EXEMPLE.matcher(html).find() && System.nanoTime() < deadline) {
                Thread.sleep(200);
                html = get(base, "/carte-scolaire").body();
            }
            Matcher m = EXEMPLE.matcher(html);
            assertThat(m.find()).as("an example address in %s", html).isTrue();
            String exemple = m.group(1).replace("&#39;", "'");
            Set<String> loaded = fixture.generees.stream().map(BanSynthetique.Adresse::ban).map(BanAdresse::libelle).collect(Collectors.toSet());
            assertThat(loaded).contains(exemple);
            assertThat(exemple).doesNotContain("rue de Fougères 35700");

            HttpResponse<String> tried = get(base, "/carte-scolaire?adresse=" + URLEncoder.encode(exemple, StandardCharsets.UTF_8));
            assertThat(tried.statusCode()).isEqualTo(200);
            assertThat(tried.body()).containsAnyOf("<h2>Collège de secteur</h2>", "<h2>Secteur multi-collèges</h2>")
                    .doesNotContain("Aucun secteur trouvé");
            // the same example on the next visit (found once per state of the BAN and of the carte)
            assertThat(get(base, "/carte-scolaire").body()).contains("<span id=\"adresse-exemple\">" + m.group(1) + "</span>");
        }
    }
}
