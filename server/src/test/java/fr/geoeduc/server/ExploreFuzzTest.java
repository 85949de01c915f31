package fr.geoeduc.server;

import fr.geoeduc.core.access.Caller;
import fr.geoeduc.core.query.QueryService;
import fr.geoeduc.core.query.exec.QueryContext;
import fr.geoeduc.core.query.exec.QueryEngine;
import fr.geoeduc.core.query.odsql.OdsqlException;
import fr.geoeduc.core.store.SqliteStore;
import fr.geoeduc.server.explore.QuotaSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random and mutated queries against the query engine on the real annuaire of Ille-et-Vilaine: a corpus of valid
 * where/select/group_by/order_by/refine values mutated by character and token deletion, insertion, duplication and
 * swap, random token soup, huge IN lists, deep nesting, unknown fields and functions, wrong types, injection attempts,
 * very long strings and absurd limits. Every case must end with a normal result or an {@link OdsqlException} (a 400
 * through HTTP), never another exception or a 500, and within {@value #CASE_TIMEOUT_MS} ms. The seed is fixed and
 * printed; {@code -Dgeoeduc.fuzz.seed=N} and {@code -Dgeoeduc.fuzz.cases=N} replay or widen a run.
 */
class ExploreFuzzTest {

    static final String ANNUAIRE = "fr-en-annuaire-education";
    static final long SEED = Long.getLong("geoeduc.fuzz.seed", 20_261_123L);
    static final int CASES = Integer.getInteger("geoeduc.fuzz.cases", 100_000);
    static final int HTTP_CASES = Integer.getInteger("geoeduc.fuzz.http", 2_000);
    static final long CASE_TIMEOUT_MS = 2_000;
    /** Through HTTP the bound is on the elapsed time, with room for a busy test machine. */
    static final long HTTP_TIMEOUT_MS = 5_000;
    /** The time bound is on the CPU time of the case's thread: other processes of a busy machine do not count. */
    static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();

    @TempDir
    static Path dir;

    private static TestServer running;
    private static SqliteStore store;
    private static QueryService queries;
    private static String base;

    @BeforeAll
    static void load() {
        running = TestServer.in(dir).ingest(TestData.annuaire(dir), ANNUAIRE);
        store = running.store;
        queries = new QueryService(store);
        base = running.start(null, new QuotaSettings(Long.MAX_VALUE / 2, Map.of())).base();
    }

    @AfterAll
    static void close() {
        if (running != null) {
            running.close();
        }
    }

    // ------------------------------------------------------------------ the engine, directly

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void engineNeverFailsOtherwiseThanWithAnOdsqlError() throws Exception {
        int drivers = 2;
        System.out.println("ExploreFuzzTest engine: seed=" + SEED + " cases=" + CASES + " (" + drivers + " streams, seeds SEED+1000*k)");
        Runner[] runners = new Runner[drivers];
        List<Map<String, long[]>> kinds = new ArrayList<>();
        Thread[] threads = new Thread[drivers];
        Throwable[] crashed = new Throwable[1];
        long started = System.nanoTime();
        for (int d = 0; d < drivers; d++) {
            int stream = d;
            Runner runner = new Runner(true);
            runners[d] = runner;
            Map<String, long[]> byKind = new TreeMap<>();
            kinds.add(byKind);
            threads[d] = new Thread(() -> {
                Gen gen = new Gen(new Random(SEED + 1000L * stream));
                try {
                    for (int i = stream; i < CASES; i += drivers) {
                        Case c = gen.next(i);
                        long t0 = CPU.getCurrentThreadCpuTime();
                        String outcome = runner.run(c, () -> execute(c));
                        long[] stats = byKind.computeIfAbsent(c.kind, k -> new long[4]);
                        stats[outcome.equals("ok") ? 0 : outcome.equals("odsql") ? 1 : 2]++;
                        stats[3] += CPU.getCurrentThreadCpuTime() - t0;
                    }
                } catch (Throwable t) {
                    crashed[0] = t;
                } finally {
                    runner.shutdown();
                }
            }, "fuzz-driver-" + d);
            threads[d].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        if (crashed[0] != null) {
            throw new AssertionError("the fuzz driver crashed", crashed[0]);
        }
        long ms = (System.nanoTime() - started) / 1_000_000;
        Map<String, long[]> byKind = new TreeMap<>();
        Runner all = new Runner(true);
        all.shutdown();
        for (int d = 0; d < drivers; d++) {
            kinds.get(d).forEach((k, v) -> {
                long[] sum = byKind.computeIfAbsent(k, x -> new long[4]);
                for (int i = 0; i < 4; i++) {
                    sum[i] += v[i];
                }
            });
            runners[d].failures.forEach((k, v) -> all.failures.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
            if (runners[d].slowestMs > all.slowestMs) {
                all.slowestMs = runners[d].slowestMs;
                all.slowest = runners[d].slowest;
            }
        }
        System.out.println("ExploreFuzzTest engine: " + CASES + " cases in " + ms + " ms; slowest " + all.slowestMs + " ms of CPU: " + all.slowest);
        byKind.forEach((k, s) -> System.out.printf(Locale.ROOT, "  %-12s ok=%d odsql=%d failed=%d cpu=%d ms%n", k, s[0], s[1], s[2], s[3] / 1_000_000));
        assertThat(all.failures).as(all.report()).isEmpty();
    }

    /** Runs one case; throws whatever the engine throws. Checks the shape of normal results. */
    private static Object execute(Case c) {
        QueryEngine.Request request = new QueryEngine.Request(c.select, c.where, c.groupBy, c.orderBy, c.limit, c.offset, c.refine, c.exclude,
                new QueryContext("where", Locale.FRENCH, c.zone));
        switch (c.endpoint) {
            case "facets" -> {
                var facets = queries.facets(Caller.INTERNAL, ANNUAIRE, request, c.facets).orElseThrow();
                for (var f : facets) {
                    if (f.facets().size() > 100 + c.exclude.size()) {
                        throw new AssertionError("more than 100 facet values: " + f.name());
                    }
                }
                return facets;
            }
            case "export" -> {
                long[] n = new long[1];
                long total = queries.export(Caller.INTERNAL, ANNUAIRE, request, row -> n[0]++);
                if (c.limit >= 0 && n[0] > c.limit || n[0] > Math.max(total, 0) && c.groupBy == null) {
                    throw new AssertionError("export wrote " + n[0] + " rows for limit " + c.limit + " and total " + total);
                }
                return total;
            }
            default -> {
                QueryEngine.Result r = queries.records(Caller.INTERNAL, ANNUAIRE, request).orElseThrow();
                if (c.limit >= 0 && r.rows().size() > c.limit) {
                    throw new AssertionError(r.rows().size() + " rows for limit " + c.limit);
                }
                if (!r.grouped() && r.rows().size() > r.totalCount()) {
                    throw new AssertionError(r.rows().size() + " rows for a total of " + r.totalCount());
                }
                return r;
            }
        }
    }

    // ------------------------------------------------------------------ through HTTP

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void httpNeverAnswers500() throws Exception {
        System.out.println("ExploreFuzzTest http: seed=" + (SEED + 1) + " cases=" + HTTP_CASES);
        Gen gen = new Gen(new Random(SEED + 1));
        Random r = new Random(SEED + 2);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        Runner runner = new Runner(false);
        Map<Integer, Integer> statuses = new TreeMap<>();
        try {
            for (int i = 0; i < HTTP_CASES; i++) {
                Case c = gen.next(i);
                String url = url(c, r);
                boolean raw = r.nextInt(10) == 0;
                String target = raw ? rawTarget(url.substring(base.length()), r) : url;
                c.description = (raw ? "raw " : "") + target;
                runner.run(c, () -> {
                    int s;
                    String text;
                    if (raw) {
                        String[] answer = raw(target);
                        s = Integer.parseInt(answer[0]);
                        text = answer[1].length() > 2000 ? answer[1].substring(0, 2000) : answer[1];
                    } else {
                        HttpResponse<InputStream> resp = http.send(HttpRequest.newBuilder(URI.create(target)).timeout(Duration.ofSeconds(30)).GET().build(),
                                HttpResponse.BodyHandlers.ofInputStream());
                        byte[] body;
                        try (InputStream in = resp.body()) {
                            body = in.readAllBytes();
                        }
                        s = resp.statusCode();
                        text = new String(body, 0, Math.min(body.length, 2000), StandardCharsets.UTF_8);
                    }
                    synchronized (statuses) {
                        statuses.merge(s, 1, Integer::sum);
                    }
                    if (s >= 500) {
                        throw new AssertionError("HTTP " + s + ": " + text);
                    }
                    if (s == 400 && !(text.contains("\"error_code\"") && text.contains("\"message\""))) {
                        // a request line Jetty itself refuses (bad %-encoding, control characters) gets Jetty's own 400
                        if (!raw) {
                            throw new AssertionError("400 without {message, error_code}: " + text);
                        }
                        synchronized (statuses) {
                            statuses.merge(-400, 1, Integer::sum);
                        }
                    }
                    if (s != 200 && s != 400 && s != 404 && s != 414 && s != 431) {
                        throw new AssertionError("HTTP " + s + ": " + text);
                    }
                    return s == 400 ? new OdsqlException("http", 0, "400") : null;
                });
            }
        } finally {
            runner.shutdown();
        }
        System.out.println("ExploreFuzzTest http: statuses " + statuses + " (-400: Jetty's own 400 for a malformed raw request line); slowest "
                + runner.slowestMs + " ms: " + runner.slowest);
        assertThat(runner.failures).as(runner.report()).isEmpty();
    }

    private static String url(Case c, Random r) {
        String path = switch (c.endpoint) {
            case "facets" -> "/facets";
            case "export" -> "/exports/" + pick(r, "csv", "json", "jsonl", "geojson", "xlsx", "csv", "parquet", "CSV");
            default -> "/records";
        };
        boolean catalog = r.nextInt(20) == 0;
        StringBuilder sb = new StringBuilder(base).append("/api/explore/v2.1/catalog/datasets");
        if (!catalog) {
            sb.append('/').append(r.nextInt(50) == 0 ? "inconnu" : ANNUAIRE).append(path);
        }
        sb.append('?');
        List<String[]> params = new ArrayList<>();
        c.where.forEach(w -> params.add(new String[]{"where", w}));
        if (c.select != null) {
            params.add(new String[]{"select", c.select});
        }
        if (c.groupBy != null) {
            params.add(new String[]{"group_by", c.groupBy});
        }
        if (c.orderBy != null) {
            params.add(new String[]{"order_by", c.orderBy});
        }
        c.refine.forEach(x -> params.add(new String[]{"refine", x}));
        c.exclude.forEach(x -> params.add(new String[]{"exclude", x}));
        c.facets.forEach(x -> params.add(new String[]{"facet", x}));
        String[] numbers = {"-1", "0", "1", "10", "100", "101", "-2", "abc", "1e3", "", " 5", "0x10", "20000", "20001", "9999999999", "-2147483648",
                "2147483647", "1.5", "%00"};
        if (r.nextInt(3) > 0) {
            params.add(new String[]{"limit", c.endpoint.equals("export") && r.nextBoolean() ? String.valueOf(r.nextInt(20)) : pick(r, numbers)});
        }
        if (r.nextInt(3) == 0) {
            params.add(new String[]{"offset", pick(r, numbers)});
        }
        if (r.nextInt(8) == 0) {
            params.add(new String[]{"timezone", pick(r, "Europe/Paris", "UTC", "Mars/Olympus", "", "+02:00", "GMT+5", "../../etc")});
        }
        if (r.nextInt(8) == 0) {
            params.add(new String[]{"lang", pick(r, "fr", "en", "xx", "", "FR", "de")});
        }
        if (c.endpoint.equals("export") && r.nextInt(3) == 0) {
            params.add(new String[]{pick(r, "delimiter", "with_bom", "quote_all", "use_labels", "compressed", "epsg", "list_separator"),
                    pick(r, ";", ",", "\t", "|", "true", "false", "2154", "4326", "0", "x", "")});
        }
        for (String[] p : params) {
            sb.append(p[0]).append('=').append(URLEncoder.encode(p[1], StandardCharsets.UTF_8)).append('&');
        }
        return sb.toString();
    }

    /**
     * The request target as a careless client writes it: characters left unencoded where the request line allows
     * them (quotes, braces, accents as raw UTF-8), and now and then a broken %-escape.
     */
    private static String rawTarget(String encoded, Random r) {
        String decoded = java.net.URLDecoder.decode(encoded.replace("+", "%2B"), StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < decoded.length(); i++) {
            char ch = decoded.charAt(i);
            if (ch <= ' ' || ch == 0x7f) {
                sb.append(ch == ' ' ? "%20" : String.format("%%%02X", (int) ch));
            } else if (ch == '%' && r.nextBoolean()) {
                sb.append("%25");
            } else {
                sb.append(ch);
            }
        }
        if (r.nextInt(4) == 0) {
            sb.append(pick(r, "&where=%ZZ", "&where=%", "&where=%C3", "&where=%FF%FE", "&refine=%E9t%E9", "&apikey=%ZZ", "&where=%C0%AF",
                    "&where=x%00y", "&facet=%"));
        }
        return sb.toString();
    }

    /** A GET sent as raw bytes (HTTP/1.0): status and body. */
    private static String[] raw(String target) throws IOException {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", running.port())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(("GET " + target + " HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int eol = response.indexOf("\r\n");
            if (eol < 0) {
                throw new AssertionError("no HTTP answer: " + truncate(response));
            }
            int end = response.indexOf("\r\n\r\n");
            return new String[]{response.substring(0, eol).split(" ")[1], end < 0 ? "" : response.substring(end + 4)};
        }
    }

    // ------------------------------------------------------------------ running cases with a time bound

    /** One query: its clauses and which entry point runs it. */
    static final class Case {
        String kind;
        String endpoint = "records";
        String select;
        List<String> where = new ArrayList<>();
        String groupBy;
        String orderBy;
        int limit = 10;
        int offset;
        List<String> refine = new ArrayList<>();
        List<String> exclude = new ArrayList<>();
        List<String> facets = new ArrayList<>();
        java.time.ZoneId zone = ZoneOffset.UTC;
        String description;

        @Override
        public String toString() {
            if (description != null) {
                return kind + " " + description;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("endpoint", endpoint);
            m.put("select", select);
            m.put("where", where);
            m.put("group_by", groupBy);
            m.put("order_by", orderBy);
            m.put("limit", limit);
            m.put("offset", offset);
            m.put("refine", refine);
            m.put("exclude", exclude);
            m.put("facet", facets);
            String s = kind + " " + m;
            return s.length() > 600 ? s.substring(0, 600) + "…(" + s.length() + " chars)" : s;
        }
    }

    interface Body {
        Object call() throws Exception;
    }

    /**
     * Runs cases in the calling thread and checks the time bound of each; collects unexpected outcomes. A watchdog
     * prints a case still running after 10 s (a hang), which the test's own timeout then ends.
     */
    static final class Runner {
        final Map<String, List<String>> failures = new LinkedHashMap<>();
        long slowestMs;
        String slowest = "";
        private volatile Case current;
        private volatile long since;
        private final Thread watchdog;
        /** The bound is on the case thread's CPU time (engine), or on the elapsed time (HTTP, the work is in the server). */
        private final boolean cpu;

        Runner(boolean cpu) {
            this.cpu = cpu;
            watchdog = new Thread(() -> {
                Case reported = null;
                while (!Thread.currentThread().isInterrupted()) {
                    try {
                        Thread.sleep(500);
                    } catch (InterruptedException e) {
                        return;
                    }
                    Case c = current;
                    if (c != null && c != reported && System.nanoTime() - since > 10_000_000_000L) {
                        System.out.println("ExploreFuzzTest: a case has been running for more than 10 s: " + c);
                        reported = c;
                    }
                }
            }, "fuzz-watchdog");
            watchdog.setDaemon(true);
            watchdog.start();
        }

        /** "ok", "odsql" or "failed". */
        String run(Case c, Body body) {
            long start = System.nanoTime();
            long cpuStart = CPU.getCurrentThreadCpuTime();
            since = start;
            current = c;
            String outcome;
            try {
                Object result = body.call();
                outcome = result instanceof OdsqlException ? "odsql" : "ok";
            } catch (OdsqlException o) {
                if (o.getMessage() == null || !o.getMessage().startsWith("ODSQL query is malformed: ")) {
                    fail("OdsqlException with an unexpected message: " + o.getMessage(), c);
                    outcome = "failed";
                } else {
                    outcome = "odsql";
                }
            } catch (Throwable cause) {
                StackTraceElement top = cause.getStackTrace().length > 0 ? cause.getStackTrace()[0] : null;
                StackTraceElement ours = null;
                for (StackTraceElement el : cause.getStackTrace()) {
                    if (el.getClassName().startsWith("fr.geoeduc") && !el.getClassName().contains("ExploreFuzzTest")) {
                        ours = el;
                        break;
                    }
                }
                fail(cause.getClass().getName() + " at " + top + (ours != null && ours != top ? " (from " + ours + ")" : "")
                        + ": " + truncate(String.valueOf(cause.getMessage())), c);
                outcome = "failed";
            } finally {
                current = null;
            }
            long elapsed = (System.nanoTime() - start) / 1_000_000;
            long ms = cpu ? (CPU.getCurrentThreadCpuTime() - cpuStart) / 1_000_000 : elapsed;
            if (ms > slowestMs) {
                slowestMs = ms;
                slowest = c.toString();
            }
            long bound = cpu ? CASE_TIMEOUT_MS : HTTP_TIMEOUT_MS;
            if (ms > bound) {
                fail("took " + ms + " ms " + (cpu ? "of CPU (" + elapsed + " ms elapsed)" : "elapsed") + ", more than the bound of " + bound + " ms", c);
                outcome = "failed";
            }
            return outcome;
        }

        private void fail(String what, Case c) {
            String key = what.replaceAll("\\d+", "N");
            key = key.length() > 300 ? key.substring(0, 300) : key;
            List<String> examples = failures.computeIfAbsent(key, k -> new ArrayList<>());
            if (examples.size() < 3) {
                examples.add(what + "\n      case: " + c);
            } else if (examples.size() == 3) {
                examples.add("…");
            }
        }

        String report() {
            StringBuilder sb = new StringBuilder("unexpected outcomes (seed " + SEED + "):\n");
            failures.forEach((k, v) -> {
                sb.append(" * ").append(k).append('\n');
                v.forEach(x -> sb.append("    - ").append(x).append('\n'));
            });
            return sb.toString();
        }

        void shutdown() {
            watchdog.interrupt();
        }
    }

    static String truncate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }

    @SafeVarargs
    static <T> T pick(Random r, T... values) {
        return values[r.nextInt(values.length)];
    }

    // ------------------------------------------------------------------ the generator

    /** Generates cases from a corpus of valid clauses, mutated, and from templates of hostile input. */
    static final class Gen {
        static final String[] FIELDS = {"identifiant_de_l_etablissement", "nom_etablissement", "type_etablissement", "statut_public_prive",
                "adresse_1", "code_postal", "code_commune", "nom_commune", "code_departement", "code_region", "ecole_maternelle",
                "ecole_elementaire", "fax", "nombre_d_eleves", "position", "latitude", "longitude", "date_ouverture", "date_maj_ligne",
                "libelle_nature", "etat", "coordx_origine", "appartenance_education_prioritaire", "uai_valide", "departement_cog"};
        static final String[] WHERE = {
                "identifiant_de_l_etablissement=\"0352072M\"",
                "nom_commune='Rennes' AND type_etablissement='Lycée'",
                "code_region=53",
                "code_region=75",
                "code_postal=\"35000\" AND (libelle_nature=\"COLLEGE\" OR libelle_nature like \"*LYCEE*\")",
                "(nom_etablissement LIKE \"*jean*\" OR code_postal LIKE \"*350*\") AND (libelle_nature=\"COLLEGE\" OR libelle_nature LIKE \"*LYCEE*\")",
                "in_bbox(position, 48.0, -1.8, 48.2, -1.6)",
                "within_distance(position, geom'POINT(-1.6778 48.1173)', 1km)",
                "intersects(position, geom'{\"type\":\"Polygon\",\"coordinates\":[[[-1.7,48.09],[-1.64,48.09],[-1.64,48.13],[-1.7,48.13],[-1.7,48.09]]]}')",
                "within(position, geom'POLYGON((-2 47, -1 47, -1 49, -2 49, -2 47))')",
                "disjoint(position, geom'POINT(-1.68 48.11)')",
                "search(nom_etablissement, \"chateaubriand\")",
                "search(type_etablissement,\"Lycée\")",
                "search(*, \"rennes\")",
                "\"ecole\" AND NOT \"privée\"",
                "\"saint malo\"",
                "\"jul*\"",
                "suggest(nom_commune, \"ren\")",
                "startswith(nom_etablissement, \"Lycée\")",
                "nombre_d_eleves > 500 AND nombre_d_eleves <= 1000",
                "nombre_d_eleves IN [100..200]",
                "nombre_d_eleves IN ]100 TO 200[",
                "nombre_d_eleves IN [* .. 50]",
                "date_ouverture >= date'2000' AND date_ouverture < date'2010-06'",
                "date_ouverture = date'1965'",
                "date_ouverture IN [date'1960'..date'1970-01-01']",
                "date_ouverture > \"1990-01-01\"",
                "date_maj_ligne >= date'2023-06-08T00:00:00Z'",
                "fax IS NULL",
                "fax IS NOT NULL AND web IS NOT NULL",
                "type_etablissement IN (\"Collège\", \"Lycée\")",
                "\"Rennes\" IN nom_commune",
                "NOT statut_public_prive = \"Privé\"",
                "statut_public_prive != \"Public\"",
                "statut_public_prive <> \"Public\"",
                "statut_public_prive : \"Public\"",
                "year(date_ouverture) = 1965",
                "month(date_ouverture) >= 9",
                "lower(nom_commune) = \"rennes\"",
                "length(nom_etablissement) > 40",
                "distance(position, geom'POINT(-1.68 48.11)', 5km)",
                "geometry(position, geom'POLYGON((-2 47, -1 47, -1 49, -2 49, -2 47))', WITHIN)",
                "polygon(position, geom'POLYGON((-2 47, -1 47, -1 49, -2 49, -2 47))')",
                "ifnull(nombre_d_eleves, 0) > 100",
                "ecole_maternelle = 1 OR ecole_elementaire = 1",
                "latitude > 48.1 AND longitude < -1.6",
                "now(years=-100) < date_ouverture",
                "date_format(date_ouverture, 'yyyy') = \"1965\"",
                "nombre_d_eleves * 2 > 1000",
                "nombre_d_eleves / 0 IS NULL",
                "uai_valide",
                "uai_valide is true",
                "NOT uai_valide",
                "nombre_d_eleves = null",
                "code_departement = \"035\" AND (etat = \"OUVERT\" OR etat = \"A FERMER\")",
        };
        static final String[] SELECT = {"*", "nom_etablissement", "identifiant_de_l_etablissement as uai, nom_commune", "count(*)",
                "count(*) as n", "avg(nombre_d_eleves) as moyenne", "type_etablissement, count(*) as n", "include(code_*)", "exclude(fax, web)",
                "nombre_d_eleves * 2 + 1 as x", "sum(nombre_d_eleves)/count(*) as moyenne", "distance(position, geom'POINT(-1.68 48.11)') as d",
                "date_format(date_ouverture, 'yyyy-MM') as mois", "year(date_ouverture) as y", "median(nombre_d_eleves)",
                "percentile(nombre_d_eleves, 90) as p90", "envelope(position) as hull", "bbox(position)", "count(distinct nom_commune) as communes",
                "min(date_ouverture), max(latitude)", "lower(nom_commune) as c", "json_format(nom_etablissement)", "\"constante\" as k, 2",
                "position, latitude, longitude", "ifnull(fax, 'sans fax') as fax", "length(nom_etablissement) as len",
                "type_etablissement, statut_public_prive, count(*) as n, sum(nombre_d_eleves) as eleves",
                "y, count(*) as n", "count(nombre_d_eleves)", "now() as maintenant", "uai_valide"};
        static final String[] GROUP_BY = {"type_etablissement", "type_etablissement, statut_public_prive", "year(date_ouverture) as y",
                "range(nombre_d_eleves, *, 100, 500, *)", "range(nombre_d_eleves, 50)", "range(date_ouverture, 1 year)", "range(date_ouverture, 10 d)",
                "range(date_ouverture, 1 M)", "range(date_ouverture, 1 q)", "range(date_ouverture, *, date'1970', date'2000', *)",
                "date_format(date_ouverture, 'yyyy')", "lower(nom_commune)", "ifnull(statut_public_prive, \"?\")", "geo_cluster(position, 8)",
                "position", "nom_commune as c", "month(date_ouverture)", "uai_valide", "code_postal"};
        static final String[] ORDER_BY = {"nom_etablissement", "nombre_d_eleves DESC", "date_ouverture ASC, nom_etablissement DESC", "random(42)",
                "count(*) DESC", "n DESC", "-nombre_d_eleves", "distance(position, geom'POINT(-1.68 48.11)') ASC", "y", "type_etablissement",
                "avg(nombre_d_eleves) DESC, type_etablissement", "position", "uai", "lower(nom_commune) desc", "random()"};
        static final String[] REFINE = {"type_etablissement:Lycée", "type_etablissement:\"Collège\"", "date_ouverture:1965", "date_ouverture:1965/10",
                "date_ouverture:1965/10/01", "statut_public_prive:Public", "nombre_d_eleves:143", "ecole_maternelle:1", "nom_commune:\"Saint-Malo\"",
                "position:48", "code_region:53", "uai_valide:true", "latitude:47.98614492070133", "date_ouverture:2099", "etat:OUVERT"};
        static final String[] FACETS = {"type_etablissement", "statut_public_prive", "date_ouverture", "nom_commune", "nombre_d_eleves", "position",
                "facet(name=\"type_etablissement\", limit=3)", "facet(name=\"date_ouverture\", disjunctive=true, sort=\"-count\")", "uai_valide",
                "latitude", "identifiant_de_l_etablissement", "nope", "facet()", "facet(name=\"nope\")", "facet(limit=99999999999)"};
        static final String[] TOKENS = {"AND", "OR", "NOT", "IN", "LIKE", "IS", "NULL", "TRUE", "FALSE", "AS", "ASC", "DESC", "DISTINCT", "TO", "(",
                ")", "[", "]", ",", "..", "=", "!=", "<>", "<", "<=", ">", ">=", ":", "+", "-", "*", "/", "1", "-3", "2.5", "0", "1e309",
                "99999999999999999999", "\"x\"", "'Rennes'", "\"Lycée\"", "date'2017'", "date'2017-13-45'", "date'x'", "date'1965-10'",
                "geom'POINT(-1.6 48.1)'", "geom'POLYGON((0 0, 1 1, 1 0, 0 1, 0 0))'", "geom'{\"type\":\"Point\",\"coordinates\":[1,2]}'",
                "geom'LINESTRING(0 0, 1 1)'", "geom'GEOMETRYCOLLECTION EMPTY'", "10km", "1 day", "5 M", "null", "`not`", "`12`", "count",
                "sum", "avg", "min", "max", "median", "percentile", "envelope", "bbox", "lower", "upper", "length", "year", "month", "day",
                "hour", "date_format", "ifnull", "now", "distance", "json_format", "random", "search", "suggest", "startswith",
                "within_distance", "in_bbox", "intersects", "within", "disjoint", "geometry", "polygon", "range", "geo_cluster", "include",
                "exclude", "unknown_fn", "nope", "years=-1", "radius=40", "\u0000", "'", "\"", "`", "\\", "é", "%", "#", "@", ";", "$"};
        static final String[] HOSTILE = {"'; DROP TABLE records; --", "\" OR 1=1 --", "1; DELETE FROM datasets", "\u0000", "%00", "${jndi:ldap://x/a}",
                "../../etc/passwd", "<script>alert(1)</script>", "\uFEFF", "\uD800", "\uDFFF\uD800", "𝕏𝕐", "\r\n\r\nHTTP/1.1 200 OK", "\\", "\\\"",
                "\\u0000", "'' OR ''='", "NULL", "null", "undefined", "NaN", "Infinity", "-0", "0x7fffffff", "1e-400", "\t\t\t", " ", "",
                "SELECT * FROM sqlite_master", "nom_commune = \"\u0000\"", "search(\"\u0000\")", "\"%\"", "\"*\"", "\"**\"", "like \"***\""};
        static final char[] CHARS = "()[]\"'`,.*:=<>!-+/ \\\u0000é\n\t%_09aZ;#".toCharArray();

        private final Random r;

        Gen(Random r) {
            this.r = r;
        }

        Case next(int index) {
            Case c = new Case();
            int k = r.nextInt(100);
            if (k < 28) {
                c.kind = "mutated";
                corpus(c);
                mutateSomeClause(c, 1 + r.nextInt(3));
            } else if (k < 40) {
                c.kind = "valid";
                corpus(c);
            } else if (k < 50) {
                c.kind = "soup";
                corpus(c);
                setClause(c, r.nextInt(5), soup(1 + r.nextInt(25)));
            } else if (k < 52) {
                c.kind = "in-list";
                c.where.add(inList());
            } else if (k < 58) {
                c.kind = "nesting";
                setClause(c, r.nextInt(4), nested());
            } else if (k < 64) {
                c.kind = "hostile";
                corpus(c);
                setClause(c, r.nextInt(7), hostile());
            } else if (k < 70) {
                c.kind = "wrong-type";
                c.where.add(wrongType());
                if (r.nextBoolean()) {
                    c.select = pick(r, SELECT);
                }
            } else if (k < 78) {
                c.kind = "facets";
                c.endpoint = "facets";
                corpus(c);
                for (int i = r.nextInt(20) == 0 ? 0 : 1 + r.nextInt(3); i > 0; i--) {
                    String f = pick(r, FACETS);
                    c.facets.add(r.nextInt(4) == 0 ? mutate(f) : f);
                }
                if (r.nextInt(3) == 0) {
                    c.exclude.add(r.nextInt(3) == 0 ? mutate(pick(r, REFINE)) : pick(r, REFINE));
                }
            } else if (k < 86) {
                c.kind = "export";
                c.endpoint = "export";
                corpus(c);
                c.limit = pick(r, -1, 0, 5, 50, 5, 20, 0, 2000, Integer.MAX_VALUE);
                if (r.nextBoolean()) {
                    mutateSomeClause(c, 1);
                }
            } else if (k < 93) {
                c.kind = "limits";
                corpus(c);
                c.limit = pick(r, -1, 0, 1, 100, 101, -2, -100, Integer.MIN_VALUE, Integer.MAX_VALUE, 20_000, 20_001);
                c.offset = pick(r, 0, 0, 1, 9_990, 10_000, 10_001, Integer.MAX_VALUE, -1, -5, Integer.MIN_VALUE);
            } else {
                c.kind = "unknown";
                c.where.add(pick(r, "nope = 1", "unknown_fn(nom_commune)", "nom_commune = unknown_fn()", "`nope` IS NULL", "nope LIKE \"x\"",
                        "search(nope, \"x\")", "in_bbox(nope, 1, 2, 3, 4)", "nom_etablissement.x = 1", "count(nope) > 1"));
                if (r.nextBoolean()) {
                    c.select = pick(r, "nope", "unknown_fn()", "count(nope)", "nope as x", "include(nope*)", "exclude(*)");
                }
                if (r.nextBoolean()) {
                    c.groupBy = pick(r, "nope", "unknown_fn(nope)", "range(nope, 5)", "geo_cluster(nope, 3)");
                }
            }
            if (r.nextInt(30) == 0) {
                c.zone = pick(r, java.time.ZoneId.of("Europe/Paris"), java.time.ZoneId.of("Pacific/Kiritimati"), java.time.ZoneId.of("America/Noronha"));
            }
            return c;
        }

        /** A consistent query from the corpus: where (0 to 2), and sometimes select, group_by, order_by, refine. */
        private void corpus(Case c) {
            for (int i = pick(r, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2); i > 0; i--) {
                c.where.add(pick(r, WHERE));
            }
            int shape = r.nextInt(5);
            if (shape == 1) {
                c.select = pick(r, SELECT);
            } else if (shape == 2) {
                c.groupBy = pick(r, GROUP_BY);
                if (r.nextBoolean()) {
                    c.select = pick(r, "count(*) as n", "type_etablissement, count(*) as n", "y, count(*) as n", "avg(nombre_d_eleves) as m");
                }
                c.limit = pick(r, 10, 100, 20_000, -1);
            } else if (shape == 3) {
                c.select = pick(r, SELECT);
                c.groupBy = pick(r, GROUP_BY);
            }
            if (r.nextInt(3) == 0) {
                c.orderBy = pick(r, ORDER_BY);
            }
            for (int i = r.nextInt(4) == 0 ? 1 + r.nextInt(3) : 0; i > 0; i--) {
                c.refine.add(pick(r, REFINE));
            }
            if (r.nextInt(10) == 0) {
                c.exclude.add(pick(r, REFINE));
            }
            if (r.nextInt(4) == 0) {
                c.limit = pick(r, 0, 1, 100, -1);
                c.offset = pick(r, 0, 5, 990, 9_900);
            }
        }

        private void mutateSomeClause(Case c, int times) {
            for (int t = 0; t < times; t++) {
                int which = r.nextInt(7);
                String current = clause(c, which);
                if (current == null) {
                    current = switch (which) {
                        case 0 -> pick(r, WHERE);
                        case 1 -> pick(r, SELECT);
                        case 2 -> pick(r, GROUP_BY);
                        case 3 -> pick(r, ORDER_BY);
                        case 5 -> pick(r, FACETS);
                        default -> pick(r, REFINE);
                    };
                }
                setClause(c, which, mutate(current));
            }
        }

        private static String clause(Case c, int which) {
            return switch (which) {
                case 0 -> c.where.isEmpty() ? null : c.where.get(0);
                case 1 -> c.select;
                case 2 -> c.groupBy;
                case 3 -> c.orderBy;
                case 4 -> c.refine.isEmpty() ? null : c.refine.get(0);
                case 5 -> c.facets.isEmpty() ? null : c.facets.get(0);
                default -> c.exclude.isEmpty() ? null : c.exclude.get(0);
            };
        }

        private static void setClause(Case c, int which, String value) {
            switch (which) {
                case 0 -> {
                    if (c.where.isEmpty()) {
                        c.where.add(value);
                    } else {
                        c.where.set(0, value);
                    }
                }
                case 1 -> c.select = value;
                case 2 -> c.groupBy = value;
                case 3 -> c.orderBy = value;
                case 4 -> {
                    if (c.refine.isEmpty()) {
                        c.refine.add(value);
                    } else {
                        c.refine.set(0, value);
                    }
                }
                case 5 -> c.facets.add(value);
                default -> c.exclude.add(value);
            }
        }

        /** One mutation: a character or token deleted, inserted, duplicated or swapped, or a splice of two texts. */
        String mutate(String s) {
            int op = r.nextInt(10);
            if (s.isEmpty()) {
                return String.valueOf(CHARS[r.nextInt(CHARS.length)]);
            }
            int i = r.nextInt(s.length());
            switch (op) {
                case 0 -> {
                    return s.substring(0, i) + s.substring(i + 1);
                }
                case 1 -> {
                    return s.substring(0, i) + CHARS[r.nextInt(CHARS.length)] + s.substring(i);
                }
                case 2 -> {
                    int j = Math.min(s.length(), i + 1 + r.nextInt(12));
                    return s.substring(0, j) + s.substring(i, j) + s.substring(j);
                }
                case 3 -> {
                    if (s.length() < 2) {
                        return s + s;
                    }
                    int a = Math.min(i, s.length() - 2);
                    return s.substring(0, a) + s.charAt(a + 1) + s.charAt(a) + s.substring(a + 2);
                }
                case 4 -> {
                    return s.substring(0, i) + pick(r, HOSTILE) + s.substring(i);
                }
                case 5 -> {
                    String other = pick(r, pick(r, WHERE, SELECT, GROUP_BY, ORDER_BY, REFINE));
                    int j = r.nextInt(other.length() + 1);
                    return s.substring(0, i) + other.substring(j);
                }
                default -> {
                    List<String> tokens = tokens(s);
                    if (tokens.isEmpty()) {
                        return s;
                    }
                    int t = r.nextInt(tokens.size());
                    switch (op) {
                        case 6 -> tokens.remove(t);
                        case 7 -> tokens.add(t, r.nextBoolean() ? pick(r, TOKENS) : pick(r, FIELDS));
                        case 8 -> tokens.add(t, tokens.get(t));
                        default -> {
                            int u = r.nextInt(tokens.size());
                            String x = tokens.get(t);
                            tokens.set(t, tokens.get(u));
                            tokens.set(u, x);
                        }
                    }
                    return String.join(" ", tokens);
                }
            }
        }

        /** Words, numbers, quoted strings and single symbols. */
        static List<String> tokens(String s) {
            List<String> out = new ArrayList<>();
            int i = 0;
            while (i < s.length()) {
                char c = s.charAt(i);
                if (Character.isWhitespace(c)) {
                    i++;
                    continue;
                }
                int j = i + 1;
                if (c == '"' || c == '\'' || c == '`') {
                    while (j < s.length() && s.charAt(j) != c) {
                        j += s.charAt(j) == '\\' ? 2 : 1;
                    }
                    j = Math.min(s.length(), j + 1);
                } else if (Character.isLetterOrDigit(c) || c == '_') {
                    while (j < s.length() && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_' || s.charAt(j) == '.')) {
                        j++;
                    }
                    if (j < s.length() && s.charAt(j) == '\'' && (s.startsWith("date", i) || s.startsWith("geom", i))) {
                        j++;
                        while (j < s.length() && s.charAt(j) != '\'') {
                            j++;
                        }
                        j = Math.min(s.length(), j + 1);
                    }
                }
                out.add(s.substring(i, j));
                i = j;
            }
            return out;
        }

        String soup(int n) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < n; i++) {
                sb.append(r.nextInt(3) == 0 ? pick(r, FIELDS) : pick(r, TOKENS));
                if (r.nextInt(4) > 0) {
                    sb.append(' ');
                }
            }
            return sb.toString();
        }

        String inList() {
            int n = pick(r, 100, 1_000, 5_000, 10_000, 10_001, 12_000);
            StringBuilder sb = new StringBuilder(pick(r, "identifiant_de_l_etablissement", "nombre_d_eleves", "nom_commune", "date_ouverture", "position"));
            sb.append(" IN (");
            boolean numbers = r.nextBoolean();
            for (int i = 0; i < n; i++) {
                if (i > 0) {
                    sb.append(',');
                }
                sb.append(numbers ? String.valueOf(r.nextInt(2000)) : "\"035" + (1000 + r.nextInt(9000)) + (char) ('A' + r.nextInt(26)) + "\"");
            }
            return sb.append(')').toString();
        }

        String nested() {
            int depth = pick(r, 5, 50, 99, 100, 101, 150, 5, 50, 300, 2_000);
            String core = pick(r, WHERE);
            return switch (r.nextInt(6)) {
                case 0 -> "(".repeat(depth) + core + ")".repeat(depth);
                case 1 -> "NOT ".repeat(depth) + core;
                case 2 -> "lower(".repeat(depth) + "nom_commune" + ")".repeat(depth) + " = \"rennes\"";
                case 3 -> String.join(" AND ", java.util.Collections.nCopies(depth, core));
                case 4 -> String.join(" OR ", java.util.Collections.nCopies(depth, "nom_commune = \"Rennes\""));
                default -> "nombre_d_eleves" + " + 1".repeat(depth) + " > 3";
            };
        }

        String hostile() {
            return switch (r.nextInt(6)) {
                case 0 -> pick(r, HOSTILE);
                case 1 -> "nom_commune = \"" + pick(r, HOSTILE) + "\"";
                case 2 -> "x".repeat(pick(r, 1_000, 19_999, 20_001, 40_000));
                case 3 -> "nom_commune = \"" + "é".repeat(pick(r, 100, 10_000, 25_000)) + "\"";
                case 4 -> "search(\"" + "a ".repeat(pick(r, 10, 500, 5_000)) + "\")";
                default -> pick(r, HOSTILE) + " " + pick(r, WHERE) + " " + pick(r, HOSTILE);
            };
        }

        String wrongType() {
            return pick(r, "in_bbox(nom_etablissement, 48.0, -1.8, 48.2, -1.6)", "in_bbox(position, \"a\", \"b\", \"c\", \"d\")",
                    "in_bbox(position, 48)", "within_distance(nom_commune, geom'POINT(1 2)', 1km)", "within_distance(position, geom'POINT(1 2)', \"x\")",
                    "within_distance(position, 3, 1km)", "intersects(position, \"Rennes\")", "intersects(date_ouverture, geom'POINT(1 2)')",
                    "search(nombre_d_eleves, \"x\")", "search(position, 3)", "search()", "position > 3", "position = \"x\"",
                    "date_ouverture = \"abc\"", "date_ouverture > 3", "date_ouverture IN [\"a\"..\"b\"]", "nombre_d_eleves LIKE \"1*\"",
                    "position LIKE \"4*\"", "nombre_d_eleves = \"beaucoup\"", "nom_commune > date'2020'", "year(nom_commune) = 3",
                    "date_format(nom_commune, 'yyyy') = \"x\"", "date_format(date_ouverture, 3) = \"x\"", "date_format(date_ouverture, 'qqqqqq')",
                    "date_format(date_ouverture, 'yyyy-MM-dd HH:mm:ss VV') = \"x\"", "date_format(date_ouverture, 'B') = \"x\"",
                    "length(3) = 1", "lower(nombre_d_eleves) = \"x\"", "ifnull() = 1", "ifnull(a) = 1", "now(years=\"x\") > date_ouverture",
                    "now(year=999999999999) > date_ouverture", "now(years=2147483647) > date_ouverture", "now(microsecond=2147483647) > date_ouverture",
                    "now(bogus=1) > date_ouverture", "uai_valide = \"oui\"", "nom_commune", "3", "date'2020'", "geom'POINT(1 2)'", "*",
                    "count(*) > 3", "sum(nombre_d_eleves) > 3", "distance(position, geom'POINT(1 2)')", "geometry(position, geom'POINT(1 2)', FOO)",
                    "nombre_d_eleves IN [date'2020'..3]", "5 IN nombre_d_eleves", "\"x\" IN (nom_commune, code_postal)", "random(1) > 0.5",
                    "json_format() = 1", "nombre_d_eleves BETWEEN 1 AND 3", "geo_cluster(position, 3) = 1",
                    "intersects(position, geom'POLYGON((0 0, 1 1, 1 0, 0 1, 0 0))')", "within(position, geom'POLYGON((0 0, 1 1, 1 0, 0 1, 0 0))')",
                    "date_ouverture = date'999999999'", "date_ouverture < date'-999999999'", "date_ouverture = date'2020-02-30'",
                    "range(nombre_d_eleves, 5) = 1", "envelope(position) IS NULL", "within_distance(position, geom'POINT(1 2)', -5km)");
        }
    }
}
