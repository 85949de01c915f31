import fr.geoeduc.core.access.AccessRegistry;
import fr.geoeduc.core.query.AccessServices;
import fr.geoeduc.core.access.AuditLogSink;
import fr.geoeduc.core.access.AuditSink;
import fr.geoeduc.core.access.Convention;
import fr.geoeduc.core.access.Organisation;
import fr.geoeduc.core.access.Policy;
import fr.geoeduc.core.engine.Snapshot;
import fr.geoeduc.core.engine.SnapshotCache;
import fr.geoeduc.core.ingest.IngestRequest;
import fr.geoeduc.core.ingest.IngestResult;
import fr.geoeduc.core.ingest.Ingester;
import fr.geoeduc.core.ingest.ProgressListener;
import fr.geoeduc.core.ingest.SchemaRegistry;
import fr.geoeduc.core.model.AccessLevel;
import fr.geoeduc.core.privacy.OutboundScanner;
import fr.geoeduc.core.privacy.RestrictedView;
import fr.geoeduc.core.privacy.SyntheticPupils;
import fr.geoeduc.core.access.Caller;
import fr.geoeduc.core.query.QueryService;
import fr.geoeduc.core.query.exec.QueryContext;
import fr.geoeduc.core.query.exec.QueryEngine;
import fr.geoeduc.core.store.SqliteStore;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongSupplier;

/**
 * Policy overhead of the Explore query path, in one JVM and one run: the same queries on the same synthetic pupil
 * rows, ingested twice into one store, once OPEN (queried by an anonymous caller) and once RESTRICTED (queried by an
 * API client under an active convention that covers every row, k = 1, only {@code ine} pseudonymised), both
 * through the same {@link QueryService} of {@link AccessServices#open}. A third mode runs the restricted queries
 * through {@code new QueryService(store, policy, AuditSink.NONE)}, so that the audit append's share can be told
 * apart. Modes are interleaved (the order rotates every iteration) to spread machine drift over all of them.
 *
 * <p>Then a stage breakdown re-times, one by one and with the same public APIs the restricted path calls, the
 * steps that only the restricted path takes (registry reads, opposition reads, engine on the view instead of the
 * open snapshot, outbound INE scan, audit append).
 *
 * <p>A benchmark, not a test: it prints figures and never fails on timing.
 *
 * <pre>java -Xmx2g -cp geoeduc.jar:classes PolicyOverheadBench WORK_DIR ANNUAIRE REPORT [ITERATIONS=200] [WARMUP=40]</pre>
 */
public final class PolicyOverheadBench {

    static final String OPEN_ID = "eleves-ouverts";
    static final String RESTRICTED_ID = "eleves-restreints";
    static final long SEED = 35;
    static final QueryContext CTX = new QueryContext("where", Locale.FRENCH, ZoneOffset.UTC);

    record Query(String name, boolean export, QueryEngine.Request request) {
    }

    /** One timed call: returns a checksum (rows produced and total count) so that nothing is optimised away. */
    interface Call {
        long run();
    }

    static final StringBuilder REPORT = new StringBuilder();
    /** Checksums of the timed calls, kept so that the JIT cannot drop them. */
    static volatile long blackholeSink;

    static void out(String format, Object... args) {
        String s = String.format(Locale.ROOT, format, args);
        System.out.println(s);
        REPORT.append(s).append('\n');
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: PolicyOverheadBench WORK_DIR ANNUAIRE REPORT [ITERATIONS=200] [WARMUP=40]");
            System.exit(2);
        }
        Path work = Path.of(args[0]).toAbsolutePath();
        Path annuaire = Path.of(args[1]).toAbsolutePath();
        Path report = Path.of(args[2]).toAbsolutePath();
        int iterations = args.length > 3 ? Integer.parseInt(args[3]) : 200;
        int warmup = args.length > 4 ? Integer.parseInt(args[4]) : 40;

        out("# GéoÉduc policy overhead: open data (anonymous) vs restricted data under a convention (API client)");
        out("# %s, Java %s (%s), %d CPU, max heap %d MB, load average at start %s", java.time.LocalDateTime.now().withNano(0),
                System.getProperty("java.version"), System.getProperty("java.vm.name"), Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20, loadAverage());

        // ------------------------------------------------------------ data: one file, ingested twice
        Files.createDirectories(work);
        Path file = work.resolve("eleves-policy.csv");
        long t0 = System.nanoTime();
        SyntheticPupils.Result generated = SyntheticPupils.generate(file, SyntheticPupils.Options.defaults().withSeed(SEED)
                .withRentrees(List.of(2023)).withAnnuaire(annuaire));
        out("# synthetic pupils: %d rows, %d écoles, real annuaire %s, seed %d, rentrée 2023 (%.1f s)", generated.rows(),
                generated.ecoles(), generated.realAnnuaire(), SEED, (System.nanoTime() - t0) / 1e9);
        Map<String, Long> perCommune = new HashMap<>();
        Map<String, Long> perUai = new HashMap<>();
        readColumns(file, perCommune, perUai);
        List<String> communes = new ArrayList<>(new TreeSet<>(perCommune.keySet()));
        String exportCommune = System.getenv().getOrDefault("EXPORT_COMMUNE", argMax(perCommune));
        String refineUai = argMax(perUai);

        Path storeDir = work.resolve("store");
        SqliteStore store = SqliteStore.open(storeDir);
        Ingester ingester = new Ingester(store, SchemaRegistry.load(), storeDir.resolve("downloads"));
        t0 = System.nanoTime();
        IngestResult open = ingester.ingest(new IngestRequest(file.toString(), OPEN_ID, AccessLevel.OPEN, null, null).asSynthetic(),
                ProgressListener.NONE);
        IngestResult restricted = ingester.ingest(new IngestRequest(file.toString(), RESTRICTED_ID, AccessLevel.RESTRICTED, null, null)
                .asSynthetic(), ProgressListener.NONE);
        out("# ingested %s (OPEN, %d rows) and %s (RESTRICTED, %d rows) into one SqliteStore (%.1f s)", OPEN_ID,
                open.version().rowCount(), RESTRICTED_ID, restricted.version().rowCount(), (System.nanoTime() - t0) / 1e9);

        // ------------------------------------------------------------ access: organisations, convention, client
        AccessServices access = AccessServices.open(store, storeDir, Clock.systemUTC());
        AccessRegistry registry = access.registry();
        registry.saveOrganisation(new Organisation("rectorat-policy", "Rectorat (banc d'essai)", "180000000", Organisation.Kind.ACADEMIE,
                List.of("35")));
        registry.saveOrganisation(new Organisation("region-policy", "Région (banc d'essai)", "200000001", Organisation.Kind.REGION,
                List.copyOf(communes)));
        List<String> fields = SyntheticPupils.FIELDS.stream().map(SyntheticPupils.FieldDoc::name).toList();
        Convention.DataScope scope = new Convention.DataScope(RESTRICTED_ID, fields, Convention.Granularity.INDIVIDUAL_PSEUDONYMISED,
                new Convention.Territory("commune_residence", communes), new Convention.Period("rentree_scolaire", 2023, 2023),
                true, List.of("ine"), List.of(), 1, null);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        Convention c = convention("conv-policy", "region-policy", scope, today.minusMonths(1));
        registry.saveConvention(c);
        registry.transition(c.id(), Convention.Status.VALIDATED, null);
        registry.transition(c.id(), Convention.Status.ACTIVE, null);
        String apiKey = registry.createClient("region-policy", "banc d'essai", 1_000_000_000L).apiKey();
        Caller anonymous = new Caller("10.0.0.1", null);
        Caller client = new Caller("10.0.0.1", apiKey);
        out("# convention conv-policy: %d fields (ine pseudonymised), territory = the %d communes of the file, period 2023, k = 1, "
                + "INDIVIDUAL_PSEUDONYMISED", fields.size(), communes.size());

        QueryService queries = access.queries();
        QueryService noAudit = new QueryService(store, access.policy(), AuditSink.NONE);

        // ------------------------------------------------------------ the queries
        List<Query> list = List.of(
                new Query("records page (limit 10)", false, req(null, null, null, null, 10, List.of())),
                new Query("where sexe and mef", false, req(null, "sexe = \"F\" and mef = \"CM2\"", null, null, 20, List.of())),
                new Query("refine uai_ecole", false, req(null, null, null, null, 20, List.of("uai_ecole:" + refineUai))),
                new Query("search(pcs_groupe, mef, …)", false,
                        req(null, "search(pcs_groupe, mef, \"défavorisée CM2\")", null, null, 20, List.of())),
                new Query("group_by uai_ecole count(*)", false, req("uai_ecole, count(*) as n", null, "uai_ecole", null, 1000, List.of())),
                new Query("order_by (2 keys)", false, req(null, null, null, "annee_naissance desc, uai_ecole", 20, List.of())),
                new Query("select 4 fields where", false, req("uai_ecole, mef, sexe, pcs_groupe", "boursier = true", null, null, 100, List.of())),
                new Query("export commune " + exportCommune, true,
                        req(null, "commune_residence = \"" + exportCommune + "\"", null, null, -1, List.of())));

        // ------------------------------------------------------------ cold start: snapshot loads and the one-time view build
        out("");
        out("## First queries (cold: snapshot load from the store; restricted also builds the convention's view once)");
        Query first = list.get(0);
        long a0 = System.nanoTime();
        run(queries, anonymous, OPEN_ID, first);
        double coldOpen = (System.nanoTime() - a0) / 1e6;
        long b0 = System.nanoTime();
        run(queries, client, RESTRICTED_ID, first);
        double coldRestricted = (System.nanoTime() - b0) / 1e6;
        long c0 = System.nanoTime();
        run(noAudit, client, RESTRICTED_ID, first);
        double coldNoAudit = (System.nanoTime() - c0) / 1e6;
        out("first open query        %9.1f ms  (loads the open snapshot)", coldOpen);
        out("first restricted query  %9.1f ms  (loads the restricted snapshot + builds the view)", coldRestricted);
        out("first no-audit query    %9.1f ms  (its own QueryService: loads the snapshot again + builds its own view)", coldNoAudit);

        QueryService.Visible visibleOpen = queries.dataset(anonymous, OPEN_ID, null).orElseThrow();
        QueryService.Visible visibleRestricted = queries.dataset(client, RESTRICTED_ID, null).orElseThrow();
        // the engine-only timings below read snapshots as the operator of the store can (the bench is not a route: users
        // only ever reach data through QueryService.execute)
        SnapshotCache direct = new SnapshotCache(store);
        Snapshot openSnapshot = direct.get(visibleOpen.version());
        Snapshot restrictedBase = direct.get(store.latest(RESTRICTED_ID).orElseThrow());
        Policy.Grant grant = access.policy().grant(client, RESTRICTED_ID).orElseThrow();
        byte[] key = registry.pseudonymKey(grant.convention().id());
        Set<String> oppositions = registry.oppositionHashes(RESTRICTED_ID);
        double[] builds = new double[5];
        RestrictedView.Built built = null;
        for (int i = 0; i < builds.length; i++) {
            long s = System.nanoTime();
            built = RestrictedView.build(restrictedBase, grant.scope(), key, oppositions);
            builds[i] = (System.nanoTime() - s) / 1e6;
        }
        Snapshot viewSnapshot = built.snapshot();
        Arrays.sort(builds);
        out("RestrictedView.build    %9.1f ms  median of %d direct builds (min %.1f, max %.1f): %d rows kept, %d outside, %d opposed, "
                        + "%d below k", builds[builds.length / 2], builds.length, builds[0], builds[builds.length - 1], built.snapshot().rows(),
                built.rowsOutsideScope(), built.rowsOpposed(), built.rowsBelowK());
        out("snapshots               open %d rows %.1f MB | restricted base %d rows %.1f MB | view %d rows %.1f MB", openSnapshot.rows(),
                openSnapshot.memoryBytes() / 1e6, restrictedBase.rows(), restrictedBase.memoryBytes() / 1e6, viewSnapshot.rows(),
                viewSnapshot.memoryBytes() / 1e6);

        // ------------------------------------------------------------ sanity: same answers in the three modes
        for (Query q : list) {
            long[] a = run(queries, anonymous, OPEN_ID, q);
            long[] b = run(queries, client, RESTRICTED_ID, q);
            long[] n = run(noAudit, client, RESTRICTED_ID, q);
            if (!Arrays.equals(a, b) || !Arrays.equals(a, n)) {
                out("WARNING %s: open %s, restricted %s, no-audit %s (total, rows)", q.name(), Arrays.toString(a), Arrays.toString(b),
                        Arrays.toString(n));
            }
        }

        // ------------------------------------------------------------ measured: interleaved, rotating order
        out("");
        out("## Latency per query: %d warm-up + %d timed iterations per query and mode, modes interleaved (order rotates)",
                warmup, iterations);
        out("open = anonymous on %s; restricted = API client on %s (same QueryService, audit to the log);", OPEN_ID, RESTRICTED_ID);
        out("no-audit = the same restricted calls through new QueryService(store, policy, AuditSink.NONE). Times in ms.");
        boolean httpOnly = "1".equals(System.getenv("HTTP_ONLY"));
        List<double[]> medians = List.of();
        if (!httpOnly) {
            medians = measure(list, queries, noAudit, anonymous, client, warmup, iterations);
            // the same queries again in the same process (JIT warmer), then through the HTTP Explore API
            out("");
            out("## Second pass (same process, JIT warmer)");
            measure(list, queries, noAudit, anonymous, client, warmup, iterations);
        }
        if (httpOnly || !"0".equals(System.getenv().getOrDefault("HTTP", "1"))) {
            httpPass(list, store, access, apiKey, warmup, iterations);
        }
        if (httpOnly) {
            Files.createDirectories(report.getParent());
            Files.writeString(report, REPORT.toString(), StandardCharsets.UTF_8);
            store.close();
            return;
        }

        // ------------------------------------------------------------ where the overhead goes: stage breakdown
        out("");
        out("## Stage breakdown (median µs of %d isolated calls of the public APIs the restricted path goes through)", iterations);
        AuditLogSink auditSink = new AuditLogSink(access.audit(), access.policy(), Clock.systemUTC());
        Map<String, LongSupplier> stages = new LinkedHashMap<>();
        stages.put("store.connection() open+close (one SQLite JDBC connection)", () -> {
            try (Connection conn = store.connection()) {
                return conn.hashCode();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        stages.put("store.dataset(id)                 [both paths]", () -> store.dataset(RESTRICTED_ID).isPresent() ? 1 : 0);
        stages.put("policy.client(caller) = clientByKey (sha256 + 1 read)", () -> access.policy().client(client).isPresent() ? 1 : 0);
        stages.put("registry.conventions() (1 read + JSON parse)", () -> registry.conventions().size());
        stages.put("policy.grant(caller, id) = client + conventions", () -> access.policy().grant(client, RESTRICTED_ID).isPresent() ? 1 : 0);
        stages.put("store.latest(id)                  [restricted only]", () -> store.latest(RESTRICTED_ID).map(v -> v.number()).orElse(0));
        stages.put("registry.oppositionHashes(id)     [×2 per query]", () -> registry.oppositionHashes(RESTRICTED_ID).size());
        stages.put("queries.dataset(anonymous, open)  [open path lookup]", () -> queries.dataset(anonymous, OPEN_ID, null).isPresent() ? 1 : 0);
        stages.put("queries.dataset(client, restr.)   [restricted lookup]", () -> queries.dataset(client, RESTRICTED_ID, null).isPresent() ? 1 : 0);
        stages.put("queries.defaultFacets(client, restr.) = view lookup", () -> queries.defaultFacets(client, RESTRICTED_ID).size());
        stages.put("audit append (AuditLogSink.decision → AuditLog.append)", () -> {
            auditSink.decision(client, grant, RESTRICTED_ID, "records", Map.of("limit", 10, "offset", 0), 10, null, true, null);
            return 1;
        });
        Map<String, Double> unpinned = new LinkedHashMap<>();
        stages.forEach((name, call) -> unpinned.put(name, medianMicros(call, warmup, iterations)));
        Map<String, Double> withPin = new LinkedHashMap<>();
        try (Connection pin = store.connection(); java.sql.Statement st = pin.createStatement()) {
            st.execute("SELECT 1");
            stages.forEach((name, call) -> withPin.put(name, medianMicros(call, warmup, iterations)));
        }
        out("%-62s %12s %16s", "stage", "as shipped", "1 conn. held open");
        for (String name : stages.keySet()) {
            out("%-62s %9.1f µs %13.1f µs", name, unpinned.get(name), withPin.get(name));
        }
        out("");
        out("%-30s | %10s %10s %8s | %10s | %s", "query (engine only, µs p50)", "open snap", "view snap", "view/open", "INE scan",
                "measured restricted − open (µs)");
        List<Map<String, Object>> exportRows = null;
        for (int i = 0; i < list.size(); i++) {
            Query q = list.get(i);
            double[] eng = medianMicrosInterleaved(() -> engine(openSnapshot, q, null), () -> engine(viewSnapshot, q, null), warmup, iterations);
            double engOpen = eng[0];
            double engView = eng[1];
            List<Map<String, Object>> rows = new ArrayList<>();
            engine(viewSnapshot, q, rows);
            double scan = medianMicros(() -> {
                rows.forEach(OutboundScanner::check);
                return rows.size();
            }, warmup, iterations);
            double[] p50 = medians.get(i);
            out("%-30s | %10.1f %10.1f %7.2fx | %10.1f | %.1f", q.name(), engOpen, engView, engView / engOpen, scan, 1000 * (p50[1] - p50[0]));
            if (q.export()) {
                exportRows = rows;
            }
        }
        if (exportRows != null && !exportRows.isEmpty()) {
            List<Map<String, Object>> exported = exportRows;
            double[] split = medianMicrosInterleaved(() -> {
                long n = 0;
                for (Map<String, Object> row : exported) {
                    n += OutboundScanner.containsIne((String) row.get("ine")) ? 1 : 0;
                }
                return n;
            }, () -> {
                long n = 0;
                for (Map<String, Object> row : exported) {
                    for (Map.Entry<String, Object> e : row.entrySet()) {
                        if (!e.getKey().equals("ine") && e.getValue() instanceof String v) {
                            n += OutboundScanner.containsIne(v) ? 1 : 0;
                        }
                    }
                }
                return n;
            }, warmup, Math.max(10, iterations / 4));
            out("INE scan of the export (%d rows): %.2f µs/row, of which the pseudonym field %.1f µs (%.2f µs/row) and the other "
                            + "text fields %.1f µs", exported.size(), (split[0] + split[1]) / exported.size(), split[0], split[0] / exported.size(),
                    split[1]);
        }
        String engineQuery = System.getenv().getOrDefault("ENGINE_PROFILE", "");
        if (!engineQuery.isEmpty()) {
            // one query on each snapshot for a few seconds, in threads named for the profile (PROFILE=1
            // PROFILE_THREADS=engine-): where the engine's time goes on the view and on the published rows
            Query q = list.stream().filter(x -> x.name().startsWith(engineQuery)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("ENGINE_PROFILE: no query named " + engineQuery + "…"));
            for (String mode : List.of("open", "view")) {
                Snapshot s = mode.equals("open") ? openSnapshot : viewSnapshot;
                long[] calls = new long[1];
                Thread t = new Thread(() -> {
                    long end = System.nanoTime() + 5_000_000_000L;
                    while (System.nanoTime() < end) {
                        engine(s, q, null);
                        calls[0]++;
                    }
                }, "engine-" + mode);
                t.start();
                t.join();
                out("ENGINE_PROFILE %s on the %s snapshot: %d calls in 5 s (%.1f µs each)", q.name(), mode, calls[0], 5e6 / calls[0]);
            }
        }
        out("");
        out("audit log: %d entries, chain %s", access.audit().show(fr.geoeduc.core.access.AuditLog.Filter.all()).size(),
                access.audit().verify().ok() ? "verifies" : "BROKEN");
        out("load average at end %s", loadAverage());

        Files.createDirectories(report.getParent());
        Files.writeString(report, REPORT.toString(), StandardCharsets.UTF_8);
        System.out.println("saved " + report);
        store.close();
    }

    /**
     * The queries as HTTP requests to the Explore API of a server started in this process on the same store and
     * access services, one at a time on one keep-alive connection, open and restricted interleaved: what a client
     * sees, HTTP and JSON included.
     */
    static void httpPass(List<Query> list, SqliteStore store, AccessServices access, String apiKey, int warmup, int iterations) throws Exception {
        out("");
        out("## Through the HTTP Explore API (server in this process, one keep-alive connection, requests one at a time)");
        try (fr.geoeduc.server.GeoeducServer server = fr.geoeduc.server.GeoeducServer.start(store, access, "127.0.0.1", 0, null,
                new fr.geoeduc.server.explore.QuotaSettings(1_000_000_000L, Map.of()))) {
            java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).build();
            String base = "http://127.0.0.1:" + server.port() + "/api/explore/v2.1/catalog/datasets/";
            out("%-30s | %8s %8s | %8s %8s | %7s %7s | %9s", "query", "open p50", "p95", "restr p50", "p95", "ovh p50", "ovh p95", "bytes");
            double logSum = 0;
            double logSum10 = 0;
            double sumA = 0;
            double sumB = 0;
            for (Query q : list) {
                java.net.http.HttpRequest open = java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + OPEN_ID + path(q))).GET().build();
                java.net.http.HttpRequest restricted = java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + RESTRICTED_ID + path(q)))
                        .header("Authorization", "Apikey " + apiKey).GET().build();
                // HTTP_MODE=open or restricted sends that mode's requests only (to profile one mode at a time); keyed
                // compares open data as anonymous and as the API client (the caller's authentication and quota alone)
                String only = System.getenv().getOrDefault("HTTP_MODE", "");
                java.net.http.HttpRequest openKeyed = java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + OPEN_ID + path(q)))
                        .header("Authorization", "Apikey " + apiKey).GET().build();
                java.net.http.HttpRequest[] modes = only.equals("open") ? new java.net.http.HttpRequest[] {open, open}
                        : only.equals("keyed") ? new java.net.http.HttpRequest[] {open, openKeyed}
                        : only.equals("restricted") ? new java.net.http.HttpRequest[] {restricted, restricted} : new java.net.http.HttpRequest[] {open, restricted};
                long[] bytes = new long[2];
                for (int i = 0; i < warmup; i++) {
                    for (int m = 0; m < 2; m++) {
                        bytes[m] = send(http, modes[m]);
                    }
                }
                double[][] t = new double[2][iterations];
                for (int i = 0; i < iterations; i++) {
                    for (int k = 0; k < 2; k++) {
                        int m = (i + k) % 2;
                        long st = System.nanoTime();
                        bytes[m] = send(http, modes[m]);
                        t[m][i] = (System.nanoTime() - st) / 1e6;
                    }
                }
                double[] p50 = new double[2];
                double[] p95 = new double[2];
                double[] p10 = new double[2];
                for (int m = 0; m < 2; m++) {
                    Arrays.sort(t[m]);
                    p50[m] = percentile(t[m], 0.50);
                    p95[m] = percentile(t[m], 0.95);
                    p10[m] = percentile(t[m], 0.10);
                }
                logSum10 += Math.log(p10[1] / p10[0]);
                out("%-30s | %8.3f %8.3f | %8.3f %8.3f | %6.1f%% %6.1f%% | %9s", q.name(), p50[0], p95[0], p50[1], p95[1],
                        100 * (p50[1] / p50[0] - 1), 100 * (p95[1] / p95[0] - 1), bytes[0] + "/" + bytes[1]);
                logSum += Math.log(p50[1] / p50[0]);
                sumA += p50[0];
                sumB += p50[1];
            }
            double geo = Math.exp(logSum / list.size()) - 1;
            out("");
            out("overall over HTTP (geometric mean of the per-query median ratios): restricted/open − 1 = %+.1f %%; sum of the medians %+.1f %%",
                    100 * geo, 100 * (sumB / sumA - 1));
            out("at the 10th percentile of each mode (less moved by other work on a loaded machine): %+.1f %%",
                    100 * (Math.exp(logSum10 / list.size()) - 1));
            if (System.getenv().getOrDefault("HTTP_MODE", "").isEmpty()) {
                out("goal: overhead < 10 %% → %s over HTTP (geometric mean %+.1f %%)", geo < 0.10 ? "MET" : "NOT MET", 100 * geo);
            } else {
                out("HTTP_MODE=%s: the columns compare other modes than the goal's (open vs restricted)", System.getenv("HTTP_MODE"));
            }
        }
    }

    /** The Explore API path and parameters of a query. */
    static String path(Query q) {
        QueryEngine.Request r = q.request();
        StringBuilder p = new StringBuilder(q.export() ? "/exports/csv?" : "/records?");
        param(p, "select", r.select());
        r.where().forEach(w -> param(p, "where", w));
        param(p, "group_by", r.groupBy());
        param(p, "order_by", r.orderBy());
        if (!q.export()) {
            param(p, "limit", String.valueOf(r.limit()));
        }
        r.refine().forEach(f -> param(p, "refine", f));
        return p.toString();
    }

    static void param(StringBuilder p, String name, String value) {
        if (value != null) {
            p.append(p.charAt(p.length() - 1) == '?' ? "" : "&").append(name).append('=')
                    .append(java.net.URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
    }

    static long send(java.net.http.HttpClient http, java.net.http.HttpRequest request) throws Exception {
        java.net.http.HttpResponse<byte[]> r = http.send(request, java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(request.uri() + " answered " + r.statusCode() + ": " + new String(r.body(), StandardCharsets.UTF_8));
        }
        return r.body().length;
    }

    /** Times the three modes interleaved on every query, prints the table and the summary; returns the medians (open, restricted, no-audit). */
    static List<double[]> measure(List<Query> list, QueryService queries, QueryService noAudit, Caller anonymous, Caller client,
                                  int warmup, int iterations) {
        out("");
        out("%-30s %7s | %8s %8s | %8s %8s | %8s %8s | %7s %7s | %7s | %6s", "query", "rows", "open p50", "p95", "restr p50", "p95",
                "noaud p50", "p95", "ovh p50", "ovh p95", "noaud", "audit");
        out("%-30s %7s | %8s %8s | %8s %8s | %8s %8s | %7s %7s | %7s | %6s", "", "", "", "", "", "", "", "", "", "", "ovh p50", "share");
        double logSumB = 0;
        double logSumC = 0;
        double sumA = 0;
        double sumB = 0;
        double sumC = 0;
        List<double[]> medians = new ArrayList<>();
        for (Query q : list) {
            Call[] modes = {
                    () -> sum(run(queries, anonymous, OPEN_ID, q)),
                    () -> sum(run(queries, client, RESTRICTED_ID, q)),
                    () -> sum(run(noAudit, client, RESTRICTED_ID, q))};
            long blackhole = 0;
            for (int i = 0; i < warmup; i++) {
                for (Call m : modes) {
                    blackhole += m.run();
                }
            }
            double[][] t = new double[3][iterations];
            for (int i = 0; i < iterations; i++) {
                for (int k = 0; k < 3; k++) {
                    int m = (i + k) % 3;
                    long s = System.nanoTime();
                    blackhole += modes[m].run();
                    t[m][i] = (System.nanoTime() - s) / 1e6;
                }
            }
            blackholeSink += blackhole;
            long rows = run(queries, anonymous, OPEN_ID, q)[1];
            double[] p50 = new double[3];
            double[] p95 = new double[3];
            for (int m = 0; m < 3; m++) {
                Arrays.sort(t[m]);
                p50[m] = percentile(t[m], 0.50);
                p95[m] = percentile(t[m], 0.95);
            }
            double share = p50[1] - p50[0] <= 0 ? Double.NaN : (p50[1] - p50[2]) / (p50[1] - p50[0]);
            out("%-30s %7d | %8.3f %8.3f | %8.3f %8.3f | %8.3f %8.3f | %6.1f%% %6.1f%% | %6.1f%% | %5.0f%%", q.name(), rows, p50[0], p95[0],
                    p50[1], p95[1], p50[2], p95[2], 100 * (p50[1] / p50[0] - 1), 100 * (p95[1] / p95[0] - 1), 100 * (p50[2] / p50[0] - 1),
                    100 * share);
            logSumB += Math.log(p50[1] / p50[0]);
            logSumC += Math.log(p50[2] / p50[0]);
            sumA += p50[0];
            sumB += p50[1];
            sumC += p50[2];
            medians.add(p50);
        }
        double geoB = Math.exp(logSumB / list.size()) - 1;
        double geoC = Math.exp(logSumC / list.size()) - 1;
        out("");
        out("overall (geometric mean of the per-query median ratios): restricted/open − 1 = %+.1f %%   no-audit/open − 1 = %+.1f %%",
                100 * geoB, 100 * geoC);
        out("added latency per query (mean of medians): restricted %+.3f ms, of which audit append %.3f ms (%.0f %% of the overhead)",
                (sumB - sumA) / list.size(), (sumB - sumC) / list.size(), 100 * (sumB - sumC) / (sumB - sumA));
        out("sum of the medians: open %.2f ms, restricted %.2f ms (%+.1f %%), no-audit %.2f ms (%+.1f %%)", sumA, sumB, 100 * (sumB / sumA - 1),
                sumC, 100 * (sumC / sumA - 1));
        out("goal: overhead < 10 %% → %s (geometric mean %+.1f %%)", geoB < 0.10 ? "MET" : "NOT MET", 100 * geoB);
        return medians;
    }

    // ---------------------------------------------------------------- helpers

    static QueryEngine.Request req(String select, String where, String groupBy, String orderBy, int limit, List<String> refine) {
        return new QueryEngine.Request(select, where == null ? List.of() : List.of(where), groupBy, orderBy, limit, 0, refine, List.of(), CTX);
    }

    /** {total count, rows received} of one query through the service. */
    static long[] run(QueryService service, Caller caller, String dataset, Query q) {
        if (q.export()) {
            long[] n = new long[1];
            long total = service.export(caller, dataset, q.request(), row -> n[0]++);
            return new long[]{total, n[0]};
        }
        Optional<QueryEngine.Result> r = service.records(caller, dataset, q.request());
        QueryEngine.Result result = r.orElseThrow(() -> new IllegalStateException(dataset + " not visible to " + caller));
        return new long[]{result.totalCount(), result.rows().size()};
    }

    static long engine(Snapshot s, Query q, List<Map<String, Object>> into) {
        if (q.export()) {
            long[] n = new long[1];
            QueryEngine.execute(s, q.request(), row -> {
                n[0]++;
                if (into != null) {
                    into.add(row);
                }
            });
            return n[0];
        }
        QueryEngine.Result r = QueryEngine.run(s, q.request());
        if (into != null) {
            into.addAll(r.rows());
        }
        return r.rows().size();
    }

    static long sum(long[] a) {
        return a[0] + a[1];
    }

    static double medianMicros(LongSupplier call, int warmup, int iterations) {
        long bh = 0;
        for (int i = 0; i < warmup; i++) {
            bh += call.getAsLong();
        }
        double[] t = new double[iterations];
        for (int i = 0; i < iterations; i++) {
            long s = System.nanoTime();
            bh += call.getAsLong();
            t[i] = (System.nanoTime() - s) / 1e3;
        }
        Arrays.sort(t);
        blackholeSink += bh;
        return percentile(t, 0.5);
    }

    /** Medians (µs) of two calls timed alternately. */
    static double[] medianMicrosInterleaved(LongSupplier a, LongSupplier b, int warmup, int iterations) {
        long bh = 0;
        for (int i = 0; i < warmup; i++) {
            bh += a.getAsLong() + b.getAsLong();
        }
        double[] ta = new double[iterations];
        double[] tb = new double[iterations];
        for (int i = 0; i < iterations; i++) {
            boolean aFirst = i % 2 == 0;
            for (int k = 0; k < 2; k++) {
                boolean isA = aFirst == (k == 0);
                long s = System.nanoTime();
                bh += (isA ? a : b).getAsLong();
                (isA ? ta : tb)[i] = (System.nanoTime() - s) / 1e3;
            }
        }
        blackholeSink += bh;
        Arrays.sort(ta);
        Arrays.sort(tb);
        return new double[]{percentile(ta, 0.5), percentile(tb, 0.5)};
    }

    static double percentile(double[] sorted, double p) {
        int i = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    static String argMax(Map<String, Long> counts) {
        return counts.entrySet().stream().max(Map.Entry.<String, Long>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
                .orElseThrow().getKey();
    }

    static void readColumns(Path file, Map<String, Long> perCommune, Map<String, Long> perUai) throws IOException {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            List<String> header = List.of(r.readLine().replace("\uFEFF", "").split(";", -1));
            int commune = header.indexOf("commune_residence");
            int uai = header.indexOf("uai_ecole");
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                String[] cells = line.split(";", -1);
                perCommune.merge(cells[commune], 1L, Long::sum);
                perUai.merge(cells[uai], 1L, Long::sum);
            }
        }
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip().replaceAll("^(\\S+ \\S+ \\S+).*", "$1");
        } catch (IOException e) {
            return "?";
        }
    }

    static Convention convention(String id, String recipient, Convention.DataScope scope, LocalDate start) {
        return new Convention(id, "2026-DEPP-POLICY", "Banc d'essai du surcoût de la politique d'accès", 1, start, null,
                List.of(new Convention.Party("rectorat-policy", Convention.Role.PROVIDER, "Recteur", "recteur"),
                        new Convention.Party(recipient, Convention.Role.RECIPIENT, "Président", "président")),
                new Convention.LegalBasis(List.of("Code de l'éducation L.213-1"), "RGPD art. 6.1.e mission d'intérêt public", null),
                List.of(new Convention.Purpose("sectorisation des collèges", "L.213-1")), List.of(scope), List.of(),
                new Convention.Recipients(List.of("service SIG"), "interdit"), new Convention.Uses(List.of("études"), List.of("aucune décision individuelle")),
                new Convention.Protection("chiffrement", "Sources : MENJ-DEPP"), new Convention.Retention(Map.of(scope.dataset(), 24), 3),
                new Convention.Rights("dpd@ac-rennes.fr", Map.of("rectorat-policy", "dpd@ac-rennes.fr"), "Recteur", "sig@region.fr"),
                new Convention.LifeCycle(start, null, 24, true, null, 6, null, List.of()), null);
    }
}
