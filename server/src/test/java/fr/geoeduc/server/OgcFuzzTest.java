package fr.geoeduc.server;

import fr.geoeduc.core.access.Caller;
import fr.geoeduc.core.query.QueryService;
import fr.geoeduc.core.query.cql2.Cql2;
import fr.geoeduc.core.query.exec.QueryContext;
import fr.geoeduc.core.query.exec.QueryEngine;
import fr.geoeduc.core.query.odsql.Expr;
import fr.geoeduc.core.query.odsql.OdsqlException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random and mutated CQL2 filters and OGC API parameters: every case ends with features or a 400 (an
 * {@link OdsqlException} in process), never another exception, a 5xx or a hang. In process, at least 100,000 filters
 * (text and JSON) parsed and run on the national collèges through the query service; over HTTP, every OGC route with
 * mutated limit, bbox, bbox-crs, crs, datetime, filter, filter-lang, sortby and properties. The seed is printed;
 * {@code -Dgeoeduc.fuzz.seed=N} and {@code -Dgeoeduc.fuzz.cases=N} replay or widen a run.
 */
class OgcFuzzTest {

    static final long SEED = Long.getLong("geoeduc.fuzz.seed", 20_261_205L);
    static final int CASES = Integer.getInteger("geoeduc.fuzz.cases", 100_000);
    static final int HTTP_CASES = Integer.getInteger("geoeduc.fuzz.http", 1_500);
    static final QueryContext CONTEXT = new QueryContext("filter", Locale.FRENCH, ZoneOffset.UTC);

    static final List<String> TEXT_CORPUS = List.of(
            "libelle_commune LIKE 'Renn%'", "CASEI(libelle_commune) = CASEI('rennes')", "ACCENTI(libelle_commune) = ACCENTI('Saint-Etienne')",
            "secteur_public_prive_libe = 'Public' AND NOT (code_departement IN ('035', '056'))",
            "S_INTERSECTS(position, BBOX(-5.2, 47.2, -1.0, 48.9))", "S_INTERSECTS(position, BBOX(170, -50, -170, 50))",
            "S_INTERSECTS(position, POLYGON((-2 47, -1 47, -1 48, -2 48, -2 47)))", "S_WITHIN(position, POLYGON((0 40, 10 40, 10 50, 0 50, 0 40)))",
            "S_DWITHIN(position, POINT(-1.68 48.11), 10, kilometers)", "numero_uai BETWEEN '0350000A' AND '0359999Z'",
            "latitude > 48 OR longitude < -3", "code_departement IS NULL", "NOT (libelle_commune IS NOT NULL)",
            "date_ouverture > DATE('1990-01-01')", "appellation_officielle LIKE '%Coll_ge%' AND latitude BETWEEN 40 AND 52",
            "\"libelle_commune\" <> 'Paris'", "TRUE", "FALSE OR latitude = 48.1");
    static final List<String> JSON_CORPUS = List.of(
            "{\"op\":\"like\",\"args\":[{\"property\":\"libelle_commune\"},\"Renn%\"]}",
            "{\"op\":\"and\",\"args\":[{\"op\":\">\",\"args\":[{\"property\":\"latitude\"},48]},{\"op\":\"s_intersects\",\"args\":[{\"property\":\"position\"},{\"bbox\":[-5,47,-1,49]}]}]}",
            "{\"op\":\"in\",\"args\":[{\"property\":\"code_departement\"},[\"035\",\"056\"]]}",
            "{\"op\":\"not\",\"args\":[{\"op\":\"isNull\",\"args\":[{\"property\":\"libelle_commune\"}]}]}");
    static final String[] SOUP = {"(", ")", "'", "\"", ",", " AND ", " OR ", " NOT ", "=", "<>", "<", ">=", "LIKE", "IN", "BETWEEN", "IS",
            "NULL", "CASEI(", "ACCENTI(", "S_INTERSECTS(", "BBOX(", "POINT(", "POLYGON((", "DATE('", "TIMESTAMP('", "%", "_", "\\", "1e999",
            "-", "180", "91", "{", "}", "[", "]", ":", "op", "args", "property", "position", "latitude", "\u00e9", "\u0000", "\uD83D\uDE00"};

    @RegisterExtension
    static final OgcTestServer ogc = new OgcTestServer();
    static QueryService queries;

    @BeforeAll
    static void start() throws Exception {
        queries = new QueryService(ogc.store);
    }

    static String mutate(String s, Random r) {
        StringBuilder b = new StringBuilder(s);
        int edits = 1 + r.nextInt(4);
        for (int i = 0; i < edits && b.length() > 0; i++) {
            int at = r.nextInt(b.length() + 1);
            switch (r.nextInt(5)) {
                case 0 -> b.deleteCharAt(Math.min(at, b.length() - 1));
                case 1 -> b.insert(at, SOUP[r.nextInt(SOUP.length)]);
                case 2 -> b.insert(at, b.charAt(r.nextInt(b.length())));
                case 3 -> {
                    int from = r.nextInt(b.length());
                    b.delete(from, Math.min(b.length(), from + 1 + r.nextInt(8)));
                }
                default -> b.replace(Math.min(at, b.length() - 1), Math.min(at, b.length() - 1) + 1, SOUP[r.nextInt(SOUP.length)]);
            }
        }
        return b.toString();
    }

    static String randomFilter(Random r, boolean json) {
        List<String> corpus = json ? JSON_CORPUS : TEXT_CORPUS;
        return switch (r.nextInt(6)) {
            case 0 -> corpus.get(r.nextInt(corpus.size()));
            case 1 -> {
                StringBuilder soup = new StringBuilder();
                for (int i = r.nextInt(12); i >= 0; i--) {
                    soup.append(SOUP[r.nextInt(SOUP.length)]);
                }
                yield soup.toString();
            }
            case 2 -> "(".repeat(r.nextInt(300)) + corpus.get(0) + ")".repeat(r.nextInt(300));
            default -> mutate(corpus.get(r.nextInt(corpus.size())), r);
        };
    }

    @Test
    void mutatedFiltersInProcessEndWithRowsOrA400() {
        Random r = new Random(SEED);
        System.out.println("OgcFuzzTest in-process seed=" + SEED + " cases=" + CASES);
        int parsed = 0;
        int refused = 0;
        QueryEngine.Request count = new QueryEngine.Request("count(*) as n", List.of(), null, null, 1, 0, null, null, CONTEXT);
        for (int i = 0; i < CASES; i++) {
            boolean json = r.nextInt(4) == 0;
            String filter = randomFilter(r, json);
            try {
                Expr e = json ? Cql2.parseJson(filter, null) : Cql2.parseText(filter, null);
                parsed++;
                queries.records(Caller.INTERNAL, OgcTestServer.COLLEGES, count.and(List.of(e))).orElseThrow();
            } catch (OdsqlException expected) {
                refused++;
            } catch (RuntimeException | StackOverflowError e) {
                throw new AssertionError("case " + i + " (" + (json ? "json" : "text") + "): " + filter, e);
            }
        }
        System.out.printf("OgcFuzzTest: %d parsed, %d refused with a 400%n", parsed, refused);
        assertThat(parsed).as("the corpus keeps valid filters among the mutations").isGreaterThan(CASES / 20);
        assertThat(refused).isGreaterThan(CASES / 20);
    }

    @Test
    void mutatedOgcRequestsNeverAnswer5xx() {
        Random r = new Random(SEED + 1);
        String c = "/ogc/collections/" + OgcTestServer.COLLEGES;
        List<String> paths = List.of("/ogc", "/ogc/conformance", "/ogc/api", "/ogc/collections", c, c + "/items", c + "/queryables",
                c + "/items/x", "/ogc/collections/inconnu/items", "/ogc/collections/" + OgcTestServer.DEPARTEMENTS + "/items",
                "/ogc/collections/" + OgcTestServer.RESTRICTED + "/items", "/ogc/collections/" + OgcTestServer.REFERENTIEL + "/items",
                "/ogc/collections/" + OgcTestServer.REFERENTIEL + "/tiles/WebMercatorQuad/5/11/15");
        String[] params = {"limit", "offset", "bbox", "bbox-crs", "crs", "datetime", "filter", "filter-lang", "filter-crs", "sortby",
                "properties", "f", "libelle_commune", "inconnu"};
        String[] values = {"10", "0", "-1", "1e9", "abc", "", "-5,47,-1,49", "170,-50,-170,50", "1,2,3", "1,2,3,4,5,6", "95,0,96,1",
                "http://www.opengis.net/def/crs/EPSG/0/2154", "http://www.opengis.net/def/crs/EPSG/0/4326", "EPSG:9999", "2024-09-01T00:00:00Z",
                "../2024-01-01", "2024-13-45", "cql2-json", "cql2-text", "json", "html", "+libelle_commune,-latitude", "latitude,inconnu"};
        int[] counts = new int[6];
        for (int i = 0; i < HTTP_CASES; i++) {
            StringBuilder q = new StringBuilder(paths.get(r.nextInt(paths.size())));
            int n = r.nextInt(4);
            for (int k = 0; k < n; k++) {
                String p = params[r.nextInt(params.length)];
                String v = p.equals("filter") ? randomFilter(r, r.nextBoolean()) : values[r.nextInt(values.length)];
                q.append(k == 0 ? '?' : '&').append(p).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8));
            }
            OgcTestServer.Answer a = ogc.get(q.toString(), r.nextBoolean() ? null : "text/html");
            assertThat(a.status()).as("%s -> %s", q, a.body().length() > 400 ? a.body().substring(0, 400) : a.body()).isLessThan(500);
            counts[a.status() / 100]++;
        }
        System.out.printf("OgcFuzzTest HTTP: %d requests, 2xx %d, 3xx %d, 4xx %d%n", HTTP_CASES, counts[2], counts[3], counts[4]);
        assertThat(counts[2]).isPositive();
        assertThat(counts[4]).isPositive();
    }
}
