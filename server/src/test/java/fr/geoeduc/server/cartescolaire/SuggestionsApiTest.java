package fr.geoeduc.server.cartescolaire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.geoeduc.core.adresse.BanAdresse;
import fr.geoeduc.core.sectorisation.BanSynthetique;
import fr.geoeduc.server.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /api/carte-scolaire/suggestions} over SYNTHETIC BAN-format addresses generated in the real communes of
 * Ille-et-Vilaine: before any BAN is loaded (empty, {@code ban_chargee: false}), the answers compared with a filter of
 * the generated rows written here, accents and case, the 400s, and a new BAN version replacing the index.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SuggestionsApiTest {

    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final ObjectMapper JSON = new ObjectMapper();
    static SuggestionsFixture fixture;
    static TestServer server;
    static String base;
    static JsonNode avantBan;
    /** The health's suggestions index state once v1 was ready, observed before any suggestion request on it. */
    static JsonNode pretSansRequete;

    @BeforeAll
    static void start() throws Exception {
        fixture = new SuggestionsFixture(Files.createTempDirectory("geoeduc-suggestions"));
        server = TestServer.on(fixture.platform);
        base = server.start(null).base();
        avantBan = JSON.readTree(get("rue de", null).body());
        long t0 = System.nanoTime();
        fixture.chargerBan(fixture.generees, "v1");
        long t1 = System.nanoTime();
        pretSansRequete = indexPret("ban-adresses-35 v1");
        long t2 = System.nanoTime();
        HttpResponse<String> premiere = get("rue de", null);
        System.out.printf("Suggestions : %d adresses synthétiques chargées en %d ms, index prêt sans requête %d ms après, "
                        + "1re requête %d ms (HTTP %d)%n", fixture.generees.size(), (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000,
                (System.nanoTime() - t2) / 1_000_000, premiere.statusCode());
    }

    /** Polls {@code /api/health} (and nothing else) until this index is ready; null when it is not within a minute. */
    static JsonNode indexPret(String index) throws Exception {
        long fin = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < fin) {
            JsonNode etat = JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/health")).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).body()).get("suggestions_adresses");
            if (etat != null && etat.get("pretes").toString().contains("\"" + index + "\"")) {
                return etat;
            }
            Thread.sleep(50);
        }
        return null;
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    static HttpResponse<String> get(String q, String limit) throws Exception {
        String url = base + "/api/carte-scolaire/suggestions?" + (q == null ? "" : "q=" + URLEncoder.encode(q, StandardCharsets.UTF_8))
                + (limit == null ? "" : "&limit=" + limit);
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Lower case without accents, words of letters and digits: written apart from the server's normaliser. */
    static List<String> mots(String s) {
        String n = Normalizer.normalize(s == null ? "" : s, Normalizer.Form.NFD).replaceAll("\\p{M}", "").toLowerCase(Locale.ROOT);
        return Arrays.stream(n.split("[^a-z0-9]+")).filter(w -> !w.isEmpty()).toList();
    }

    /** The short titles the BAN and the carte write (« St Hélier »), which a user types in full. */
    static final Map<String, String> ABREGES = Map.of("st", "saint", "ste", "sainte", "gal", "general", "mal", "marechal",
            "dr", "docteur", "pdt", "president");

    static List<String> motsLongs(String s) {
        return mots(s).stream().map(w -> ABREGES.getOrDefault(w, w)).toList();
    }

    static List<String> attendus(String q) {
        return filtre(q, false);
    }

    /** The generated addresses of which every typed word starts a word ({@code entiers}: is a whole word). */
    static List<String> filtre(String q, boolean entiers) {
        List<String> typed = mots(q);
        List<String> out = new ArrayList<>();
        for (BanSynthetique.Adresse g : fixture.generees) {
            BanAdresse a = g.ban();
            List<String> words = new ArrayList<>();
            if (!a.toponyme()) {
                words.add(String.valueOf(a.numero()));
            }
            words.addAll(mots(a.rep()));
            words.addAll(motsLongs(a.nomVoie()));
            words.add(a.codePostal());
            words.addAll(motsLongs(a.nomCommune()));
            words.addAll(motsLongs(a.nomAncienneCommune()));
            if (typed.stream().allMatch(t -> words.stream().anyMatch(w -> entiers ? w.equals(t) : w.startsWith(t)))) {
                out.add(a.id());
            }
        }
        return out;
    }

    @Test
    @Order(1)
    void sansBanUneListeVide() {
        assertThat(avantBan.get("ban_chargee").asBoolean()).isFalse();
        assertThat(avantBan.get("suggestions")).isEmpty();
    }

    @Test
    @Order(2)
    void lIndexEstConstruitSansAttendreUneRequete() {
        // after the load, only /api/health was asked: the index was built by the server, not by a suggestion request
        assertThat(pretSansRequete).as("ban-adresses-35 v1 ready in /api/health without a suggestion request").isNotNull();
        assertThat(pretSansRequete.get("en_preparation")).isEmpty();
    }

    @Test
    @Order(2)
    void lesSuggestionsSontCellesDuFiltreIndependant() throws Exception {
        // queries built from generated addresses: number + start of a street word + start of the commune
        Set<String> queries = new LinkedHashSet<>();
        for (int i = 0; i < fixture.generees.size() && queries.size() < 60; i += Math.max(1, fixture.generees.size() / 40)) {
            BanAdresse a = fixture.generees.get(i).ban();
            List<String> voie = mots(a.nomVoie()).stream().filter(w -> w.length() >= 5).toList();
            List<String> commune = mots(a.nomCommune()).stream().filter(w -> w.length() >= 4).toList();
            if (voie.isEmpty() || commune.isEmpty() || a.toponyme()) {
                continue;
            }
            queries.add(a.numero() + " " + voie.get(voie.size() - 1).substring(0, 4) + " " + commune.get(0).substring(0, 4));
            queries.add(voie.get(voie.size() - 1) + " " + commune.get(0).substring(0, 3));
            queries.add(String.valueOf(a.numero()).substring(0, 1) + " " + voie.get(voie.size() - 1) + " " + commune.get(0));
        }
        assertThat(queries).hasSizeGreaterThan(20);
        int nonVides = 0;
        int deuxRangs = 0;
        List<Double> durees = new ArrayList<>();
        for (String q : queries) {
            List<String> attendu = attendus(q);
            long t0 = System.nanoTime();
            HttpResponse<String> r = get(q, "20");
            durees.add((System.nanoTime() - t0) / 1e6);
            assertThat(r.statusCode()).as(q).isEqualTo(200);
            JsonNode doc = JSON.readTree(r.body());
            assertThat(doc.get("ban_chargee").asBoolean()).isTrue();
            List<String> ids = new ArrayList<>();
            doc.get("suggestions").forEach(s -> ids.add(s.get("id").asText()));
            if (attendu.size() <= 20) {
                assertThat(ids).as(q).containsExactlyInAnyOrderElementsOf(attendu);
            } else {
                assertThat(ids).as(q).hasSize(20).doesNotHaveDuplicates();
                assertThat(attendu).as(q).containsAll(ids);
            }
            nonVides += ids.isEmpty() ? 0 : 1;
            // whole-word matches first (« 1 » before « 10 », « 12 »…)
            Set<String> entiers = new java.util.HashSet<>(filtre(q, true));
            int premierPartiel = ids.size();
            for (int i = 0; i < ids.size(); i++) {
                if (!entiers.contains(ids.get(i))) {
                    premierPartiel = Math.min(premierPartiel, i);
                } else {
                    assertThat(i).as("%s: whole-word match %s after a partial one", q, ids.get(i)).isLessThan(premierPartiel);
                }
            }
            deuxRangs += premierPartiel > 0 && premierPartiel < ids.size() ? 1 : 0;
        }
        assertThat(nonVides).isEqualTo(queries.size());
        durees.sort(null);
        System.out.printf("Suggestions : %d requêtes HTTP, médiane %.1f ms, max %.1f ms%n", durees.size(), durees.get(durees.size() / 2),
                durees.get(durees.size() - 1));
        assertThat(deuxRangs).as("queries answered with whole-word then partial matches").isPositive();
    }

    @Test
    @Order(3)
    void lesChampsDUneSuggestionEtLesAccents() throws Exception {
        BanAdresse a = fixture.generees.stream().map(BanSynthetique.Adresse::ban)
                .filter(b -> !b.toponyme() && !mots(b.nomVoie()).equals(List.of(b.nomVoie().toLowerCase(Locale.ROOT))))
                .filter(b -> !b.nomVoie().equals(Normalizer.normalize(b.nomVoie(), Normalizer.Form.NFD).replaceAll("\\p{M}", "")))
                .findFirst().orElseThrow();
        String q = a.numero() + (a.rep().isEmpty() ? "" : " " + a.rep()) + " " + a.nomVoie() + " " + a.codePostal() + " " + a.nomCommune();
        JsonNode exact = JSON.readTree(get(q, null).body());
        JsonNode plat = JSON.readTree(get(String.join(" ", mots(q)).toUpperCase(Locale.ROOT), null).body());
        assertThat(plat.get("suggestions")).isEqualTo(exact.get("suggestions"));
        JsonNode s = null;
        for (JsonNode n : exact.get("suggestions")) {
            if (n.get("id").asText().equals(a.id())) {
                s = n;
            }
        }
        assertThat(s).as(q + " in " + exact).isNotNull();
        assertThat(s.get("label").asText()).isEqualTo(a.libelle());
        assertThat(s.get("voie").asText()).isEqualTo(a.nomVoie());
        assertThat(s.get("numero").asInt()).isEqualTo(a.numero());
        assertThat(s.get("code_commune").asText()).isEqualTo(a.codeInsee());
        assertThat(s.get("commune").asText()).isEqualTo(a.nomCommune());
        assertThat(s.get("lon").asDouble()).isCloseTo(a.lon(), org.assertj.core.data.Offset.offset(1e-6));
        assertThat(s.get("lat").asDouble()).isCloseTo(a.lat(), org.assertj.core.data.Offset.offset(1e-6));
        assertThat(exact.get("suggestions").size()).isLessThanOrEqualTo(10);
    }

    @Test
    @Order(4)
    void lesErreursEnFrancais() throws Exception {
        for (String[] bad : new String[][]{{null, null}, {"ru", null}, {"  a ", null}, {"rue", "0"}, {"rue", "21"}, {"rue", "dix"}}) {
            HttpResponse<String> r = get(bad[0], bad[1]);
            assertThat(r.statusCode()).as(Arrays.toString(bad)).isEqualTo(400);
            JsonNode doc = JSON.readTree(r.body());
            assertThat(doc.get("message").asText()).containsAnyOf("au moins 3 caractères", "limit doit être un entier de 1 à 20");
        }
        assertThat(JSON.readTree(get("rue", "20").body()).get("suggestions").size()).isEqualTo(20);
        assertThat(JSON.readTree(get("rue", "1").body()).get("suggestions").size()).isEqualTo(1);
        assertThat(JSON.readTree(get("zzzzqx", null).body()).get("suggestions")).isEmpty();
    }

    @Test
    @Order(5)
    void uneNouvelleVersionRemplaceLIndex() throws Exception {
        BanAdresse retiree = fixture.generees.get(0).ban();
        String q = retiree.numero() + " " + retiree.nomVoie() + " " + retiree.nomCommune();
        assertThat(JSON.readTree(get(q, "20").body()).findValuesAsText("id")).contains(retiree.id());
        fixture.chargerBan(fixture.generees.stream().filter(g -> !g.ban().codeInsee().equals(retiree.codeInsee())).toList(), "v2");
        // the publication is seen by the server, which builds the new version's index before anyone asks
        JsonNode etat = indexPret("ban-adresses-35 v2");
        assertThat(etat).as("ban-adresses-35 v2 ready in /api/health without a suggestion request").isNotNull();
        assertThat(etat.get("pretes").toString()).doesNotContain("ban-adresses-35 v1");
        JsonNode apres = JSON.readTree(get(q, "20").body());
        assertThat(apres.get("ban_chargee").asBoolean()).isTrue();
        assertThat(apres.findValuesAsText("code_commune")).doesNotContain(retiree.codeInsee());
    }
}
