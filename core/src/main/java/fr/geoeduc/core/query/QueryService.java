package fr.geoeduc.core.query;

import fr.geoeduc.core.access.Caller;
import fr.geoeduc.core.access.AuditSink;
import fr.geoeduc.core.access.Convention;
import fr.geoeduc.core.access.Policy;
import fr.geoeduc.core.engine.Snapshot;
import fr.geoeduc.core.privacy.OutboundScanner;
import fr.geoeduc.core.privacy.RestrictedView;
import fr.geoeduc.core.query.odsql.OdsqlException;
import fr.geoeduc.core.engine.SnapshotCache;
import fr.geoeduc.core.model.AccessLevel;
import fr.geoeduc.core.model.DatasetDefinition;
import fr.geoeduc.core.model.DatasetVersion;
import fr.geoeduc.core.quality.QualityReport;
import fr.geoeduc.core.query.exec.QueryEngine;
import fr.geoeduc.core.store.DatasetSummary;
import fr.geoeduc.core.store.Store;

import fr.geoeduc.core.store.ChangeCounter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The one door through which every route reads published data. It applies the policy: for now the open
 * policy, where open datasets are visible to everyone and restricted ones are invisible (absent from listings,
 * "not found" when asked). Queries run on in-memory snapshots of the latest versions.
 */
public final class QueryService {

    /**
     * A dataset the caller may read, at one version, with the convention that grants it for restricted data. Only
     * this service makes one (after the policy said yes), so holding one proves nothing can be read around it.
     */
    public static final class Visible {
        private final DatasetDefinition definition;
        private final DatasetVersion version;
        private final Policy.Grant grant;

        private Visible(DatasetDefinition definition, DatasetVersion version, Policy.Grant grant) {
            this.definition = definition;
            this.version = version;
            this.grant = grant;
        }

        private Visible(DatasetDefinition definition, DatasetVersion version) {
            this(definition, version, null);
        }

        public DatasetDefinition definition() {
            return definition;
        }

        /** The published version (for a convention's view, its row count is the view's). */
        public DatasetVersion version() {
            return version;
        }

        /** The convention granting a restricted dataset, null for open data. */
        Policy.Grant grant() {
            return grant;
        }

        public boolean restricted() {
            return grant != null;
        }

        /** The convention under which a restricted dataset is seen (pages name it), null for open data. */
        public fr.geoeduc.core.access.Convention convention() {
            return grant == null ? null : grant.convention();
        }
    }

    private static final long CATALOGUE_TTL_MILLIS = 1000;
    private final Store store;
    private final SnapshotCache snapshots;
    private final fr.geoeduc.core.engine.ReferentielLayers referentiels;
    private final Policy policy;
    private final AuditSink audit;
    private final fr.geoeduc.core.access.RefusalSampler anonymousRefusals =
            new fr.geoeduc.core.access.RefusalSampler(java.time.Duration.ofMinutes(1), java.time.Clock.systemUTC());
    private static final System.Logger LOG = System.getLogger(QueryService.class.getName());
    /** Views of at least this many rows say in the log how long they took to build. */
    private static final int LOGGED_VIEW_ROWS = 1_000_000;
    private final java.util.concurrent.ConcurrentHashMap<String, Object> viewBuilds = new java.util.concurrent.ConcurrentHashMap<>();
    private final ViewCache<View> views = new ViewCache<>(SnapshotCache.heapBudget(
            System.getProperty(ViewCache.HEAP_BUDGET_PROPERTY, ViewCache.DEFAULT_HEAP_BUDGET)));
    private volatile List<DatasetSummary> catalogue;
    /** The same datasets by id, replaced together with {@code catalogue} (every request looks its dataset up). */
    private volatile Map<String, DatasetSummary> catalogueById = Map.of();
    private volatile long catalogueLoadedAt;
    /** The store's publication counter when the catalogue was read (-1: the store has none). */
    private volatile long catalogueGeneration = -1;
    private final ChangeCounter catalogueCounter;
    private final java.util.concurrent.locks.ReentrantLock catalogueReload = new java.util.concurrent.locks.ReentrantLock();

    /** The open policy only: restricted datasets are invisible to everyone. */
    public QueryService(Store store) {
        this(store, null, AuditSink.NONE);
    }

    /** With conventions: restricted datasets are visible under the caller's active conventions, and audited. */
    public QueryService(Store store, Policy policy, AuditSink audit) {
        this.store = store;
        this.snapshots = new SnapshotCache(store);
        this.catalogueCounter = store.catalogueChanges().orElse(null);
        this.referentiels = new fr.geoeduc.core.engine.ReferentielLayers(store);
        this.policy = policy;
        this.audit = audit == null ? AuditSink.NONE : audit;
        if (policy != null) {
            removeViewsOfInactiveConventions();
        }
    }

    /** The registry's state when the kept views were last compared with the conventions in force. */
    private volatile Object viewsCheckedAt;

    /**
     * The large views kept on disk (by this process or an earlier one) for conventions not in force (the grants' rule):
     * ended, suspended, amended or past their last day, checked at start and again whenever the registry changes (a termination by another process,
     * `geoeduc convention status`, takes effect here too), so that a view never outlives its grant on disk.
     */
    private void removeViewsOfInactiveConventions() {
        viewsCheckedAt = policy.registry().stamp();
        try {
            int removed = fr.geoeduc.core.engine.ViewFile.removeAllBut(snapshots.columnDirectory(), policy.conventionsInForce());
            if (removed > 0) {
                LOG.log(System.Logger.Level.INFO, "{0} file(s) of views of conventions no longer active removed", removed);
            }
        } catch (java.io.IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot remove the views of conventions no longer active: " + e);
        }
    }

    /** The datasets the caller may see, with their latest version (refreshed at most every second). */
    public List<DatasetSummary> catalogue() {
        return catalogue(Caller.INTERNAL);
    }

    /**
     * Every published dataset with its latest version, re-read from the store at most every second. One caller
     * re-reads while the others keep the previous list: under load, every request in flight used to see the list
     * expire at once and all re-read it (measured: a third of the throughput of a UAI lookup).
     */
    private List<DatasetSummary> allDatasets() {
        List<DatasetSummary> all = catalogue;
        if (all != null && fresh()) {
            return all;
        }
        if (all != null && !catalogueReload.tryLock()) {
            return all;
        }
        if (all == null) {
            catalogueReload.lock();
        }
        try {
            if (catalogue == null || !fresh()) {
                long generation = generation();
                List<DatasetSummary> read = store.datasets().stream().filter(s -> s.latest().isPresent()).toList();
                Map<String, DatasetSummary> byId = new java.util.HashMap<>();
                read.forEach(s -> byId.putIfAbsent(s.definition().id(), s));
                catalogueById = byId;
                catalogue = read;
                catalogueLoadedAt = System.currentTimeMillis(); // after the read: a slow read is not stale at once
                catalogueGeneration = generation; // before the read: a publication during it triggers one more
            }
            return catalogue;
        } finally {
            catalogueReload.unlock();
        }
    }

    public List<DatasetSummary> catalogue(Caller caller) {
        List<DatasetSummary> all = allDatasets();
        List<Policy.Grant> grants = policy == null || caller.anonymous() ? List.of() : policy.grants(caller);
        List<DatasetSummary> out = new java.util.ArrayList<>();
        for (DatasetSummary s : all) {
            if (s.definition().accessLevel() == AccessLevel.OPEN) {
                out.add(s);
                continue;
            }
            grants.stream().filter(g -> g.scope().dataset().equals(s.definition().id())).findFirst().ifPresent(g -> {
                // its metadata (fields, row count, version) leaves under the convention: an access like any other
                audit.decision(caller, g, s.definition().id(), "catalogue", Map.of(), 0, null, true, null);
                DatasetVersion v = s.latest().orElseThrow();
                DatasetVersion restricted = view(new Visible(s.definition(), v, g)).snapshot().version();
                out.add(new DatasetSummary(s.definition(), Optional.of(restricted), s.versionCount()));
            });
        }
        return out;
    }

    public Optional<Visible> dataset(String id, Integer version) {
        return dataset(Caller.INTERNAL, id, version);
    }

    private Optional<DatasetSummary> summary(String id) {
        allDatasets(); // reloads both when a second has passed
        DatasetSummary published = catalogueById.get(id);
        if (published == null && fr.geoeduc.core.engine.ReferentielLayers.isReferentiel(id)) {
            return referentiels.summary(id);
        }
        return Optional.ofNullable(published);
    }

    /**
     * The territorial référentiels (communes, départements, régions, académies) as open read-only layers: not in the
     * datasets' catalogue, but every query on their ids runs through {@link #execute} like a published dataset's.
     */
    public List<DatasetSummary> referentiels() {
        return referentiels.summaries();
    }

    public Optional<Visible> dataset(Caller caller, String id, Integer version) {
        if (policy != null && policy.registry().stamp() != viewsCheckedAt) {
            removeViewsOfInactiveConventions();
        }
        Optional<DatasetSummary> summary = summary(id);
        Optional<DatasetDefinition> def = summary.map(DatasetSummary::definition);
        if (def.isEmpty()) {
            return Optional.empty();
        }
        if (def.get().accessLevel() == AccessLevel.OPEN) {
            DatasetVersion latest = summary.get().latest().orElseThrow();
            if (version == null) { // an open dataset is in everyone's catalogue, at its latest version
                return Optional.of(new Visible(def.get(), latest));
            }
            if (fr.geoeduc.core.engine.ReferentielLayers.isReferentiel(id) && !catalogueById.containsKey(id)) {
                // a référentiel layer lives in memory at its current version only (a join reads it by number)
                return version == latest.number() ? Optional.of(new Visible(def.get(), latest)) : Optional.empty();
            }
            return store.version(id, version).map(v -> new Visible(def.get(), v));
        }
        Optional<Policy.Grant> grant = policy == null || caller.anonymous() ? Optional.empty() : policy.grant(caller, id);
        if (grant.isEmpty()) {
            if (!caller.anonymous()) {
                audit.decision(caller, null, id, "dataset", Map.of(), 0, null, false, "no active convention covers this dataset");
            } else {
                // the answer stays the 404 of an unknown id; only the log, which callers never read, tells them apart
                long skipped = anonymousRefusals.sample(String.valueOf(caller.address()), id);
                if (skipped >= 0) {
                    audit.decision(caller, null, id, "dataset", Map.of("adresse", String.valueOf(caller.address())), 0, null, false,
                            "anonymous request for a restricted dataset" + (skipped > 0 ? " (" + skipped + " more from this address not logged)" : ""));
                }
            }
            return Optional.empty();
        }
        Optional<DatasetVersion> v = version == null
                ? summary.flatMap(DatasetSummary::latest)
                : store.version(id, version);
        return v.map(ver -> new Visible(def.get(), ver, grant.get()));
    }

    /**
     * A number that changes after each publication in this store on this machine (it is the store's catalogue counter):
     * caches of published data compare it to know when to look again; -1 when the store has none (PostgreSQL).
     */
    public long catalogueGeneration() {
        return generation();
    }

    private long generation() {
        return catalogueCounter == null ? -1 : catalogueCounter.get();
    }

    /** Read less than a second ago, and nothing published in this store on this machine since. */
    private boolean fresh() {
        return System.currentTimeMillis() - catalogueLoadedAt <= CATALOGUE_TTL_MILLIS
                && generation() == catalogueGeneration;
    }

    public List<DatasetVersion> versions(String id) {
        return store.dataset(id).filter(d -> d.accessLevel() == AccessLevel.OPEN).map(d -> store.versions(id)).orElse(List.of());
    }

    public Optional<QualityReport> quality(Visible dataset) {
        return store.quality(dataset.definition().id(), dataset.version().number());
    }

    /** The snapshot a caller queries: the published version, or the convention's restricted view of it. */
    Snapshot snapshot(Visible dataset) {
        String id = dataset.definition().id();
        if (dataset.grant() == null && fr.geoeduc.core.engine.ReferentielLayers.isReferentiel(id) && !catalogueById.containsKey(id)) {
            return referentiels.snapshot(id).orElseThrow(() -> new IllegalStateException("référentiel déchargé : " + id));
        }
        return dataset.grant() == null ? snapshots.get(dataset.version()) : view(dataset).snapshot();
    }

    /**
     * A convention's view of one dataset version, with the opposition list it was built with and its text fields
     * where no value is INE-shaped (checked once over each dictionary, so rows need not be scanned for them).
     */
    private record View(RestrictedView.Built built, java.util.Set<String> oppositions, byte[] key, java.util.Set<String> ineFree,
                        java.util.Set<String> pseudonyms, java.util.Set<String> pseudonymsAndIneFree, ClauseGuard guard) {
        View(RestrictedView.Built built, java.util.Set<String> oppositions, byte[] key, java.util.Set<String> ineFree, Convention.DataScope scope) {
            this(built, oppositions, key, ineFree, java.util.Set.copyOf(scope.pseudonymisedFields()), union(scope.pseudonymisedFields(), ineFree),
                    new ClauseGuard(java.util.Set.copyOf(scope.pseudonymisedFields()), identifiers(built, scope, ineFree)));
        }

        View withOppositions(java.util.Set<String> current) {
            return new View(built, current, key, ineFree, pseudonyms, pseudonymsAndIneFree, guard);
        }

        /** The view's fields that may hold an INE and are not pseudonyms: direct identifiers under another name. */
        private static java.util.Set<String> identifiers(RestrictedView.Built built, Convention.DataScope scope, java.util.Set<String> ineFree) {
            java.util.Set<String> out = new java.util.TreeSet<>();
            built.snapshot().schema().fields().forEach(f -> {
                if (!ineFree.contains(f.name()) && !scope.pseudonymisedFields().contains(f.name())) {
                    out.add(f.name());
                }
            });
            return java.util.Set.copyOf(out);
        }

        private static java.util.Set<String> union(java.util.Collection<String> a, java.util.Collection<String> b) {
            java.util.Set<String> all = new java.util.HashSet<>(a);
            all.addAll(b);
            return java.util.Set.copyOf(all);
        }
    }

    private RestrictedView.Built view(Visible dataset) {
        return restricted(dataset).built();
    }

    private View restricted(Visible dataset) {
        Policy.Grant g = dataset.grant();
        java.util.Set<String> oppositions = policy.registry().oppositionHashes(dataset.definition().id());
        String prefix = g.conventionRef() + "|" + dataset.version().datasetId() + "|";
        String key = prefix + dataset.version().number();
        View view = views.get(key);
        byte[] pseudonymKey = policy.registry().pseudonymKey(g.convention().id());
        if (stale(view, oppositions, pseudonymKey)) {
            // one build per convention and dataset at a time: a view of millions of rows takes seconds and its
            // working arrays hundreds of megabytes, which concurrent first requests must not multiply
            synchronized (viewBuilds.computeIfAbsent(prefix, p -> new Object())) {
                view = views.get(key);
                if (stale(view, oppositions, pseudonymKey)) {
                    view = buildView(dataset, g, prefix, key, pseudonymKey, oppositions);
                }
            }
        }
        if (view.oppositions() != oppositions) {
            view = view.withOppositions(oppositions);
            views.replace(key, view);
        }
        return view;
    }

    /** No view yet, or one built before the oppositions changed or the key was rotated. */
    private static boolean stale(View view, java.util.Set<String> oppositions, byte[] pseudonymKey) {
        // the registry hands out the same set until it changes; compare contents only then
        return view == null || (view.oppositions() != oppositions && !view.oppositions().equals(oppositions))
                || !java.util.Arrays.equals(view.key(), pseudonymKey);
    }

    private View buildView(Visible dataset, Policy.Grant g, String prefix, String key, byte[] pseudonymKey,
                           java.util.Set<String> oppositions) {
        Snapshot base = snapshots.get(dataset.version());
        long started = System.nanoTime();
        RestrictedView.Built built = RestrictedView.keptOrBuilt(base, g.conventionRef(), g.scope(), pseudonymKey, oppositions,
                snapshots.filesFor(base.rows(), g.scope().fields().size()), snapshots.columnDirectory());
        views.removeIf(k -> k.startsWith(prefix));
        View view = new View(built, oppositions, pseudonymKey, ineFreeTextFields(built.snapshot(), g.scope().pseudonymisedFields()), g.scope());
        views.put(key, view, built.snapshot().memoryBytes());
        if (base.rows() >= LOGGED_VIEW_ROWS) {
            LOG.log(System.Logger.Level.INFO, "view of {0} for convention {1}: {2} of {3} rows, {4} in {5} ms",
                    dataset.version().datasetId(), g.conventionRef(), built.snapshot().rows(), base.rows(),
                    built.reopened() ? "mapped from the file kept by an earlier start" : "built", (System.nanoTime() - started) / 1_000_000);
        }
        return view;
    }

    /** The fields whose values can never be INE-shaped text: not text at all, or text with an INE-free dictionary. */
    private static java.util.Set<String> ineFreeTextFields(Snapshot s, java.util.Collection<String> pseudonyms) {
        java.util.Set<String> out = new java.util.HashSet<>();
        for (int i = 0; i < s.schema().size(); i++) {
            if (pseudonyms.contains(s.field(i).name())) {
                continue; // the view's own pseudonyms, never scanned (see View): reading millions of them served nothing
            }
            if (!(s.column(i) instanceof fr.geoeduc.core.engine.Column.Text text)
                    || java.util.stream.IntStream.range(0, text.dictionary().size()).mapToObj(text.dictionary()::get)
                    .noneMatch(OutboundScanner::containsIne)) {
                out.add(s.field(i).name());
            }
        }
        return java.util.Set.copyOf(out);
    }

    /**
     * The outbound scan of one result's rows: rows of a result share their keys, so when every key may be skipped
     * (the usual export of a convention's view) the rows are not looked at one by one.
     */
    private static Consumer<Map<String, Object>> outboundScan(java.util.Set<String> unscanned) {
        int[] state = {0}; // 0 undecided, 1 scan, 2 nothing to scan
        return row -> {
            if (state[0] == 0) {
                state[0] = unscanned.containsAll(row.keySet()) ? 2 : 1;
            }
            if (state[0] == 1) {
                OutboundScanner.check(row, unscanned);
            }
        };
    }

    /**
     * The fields the outbound scan may skip: the pseudonyms, and when the rows are the view's own values (no
     * select, no group_by: nothing computed under a field's name), the text fields whose dictionary is INE-free.
     */
    private static java.util.Set<String> unscanned(View view, QueryEngine.Request request) {
        boolean ownValues = (request.select() == null || request.select().isBlank()) && (request.groupBy() == null || request.groupBy().isBlank());
        return ownValues ? view.pseudonymsAndIneFree() : view.pseudonyms();
    }

    /**
     * The one pipeline: resolves the caller's view of the dataset (open, or a convention's restricted view: its
     * datasets, fields, territory, period and granularity), refuses clauses that would be oracles on identifiers, runs
     * the engine, scans what leaves for INEs, applies secret statistique to aggregated access, writes the audit entry.
     * Empty when the caller may not see the dataset (or that version of it).
     */
    public <T> Optional<T> execute(Caller caller, String id, Integer version, Query<T> query) {
        Optional<Visible> visible = dataset(caller, id, version);
        if (visible.isEmpty()) {
            return Optional.empty();
        }
        Visible d = visible.get();
        if (d.grant() == null) {
            return Optional.ofNullable(open(d, query));
        }
        try {
            return Optional.ofNullable(restricted(caller, d, query));
        } catch (RuntimeException e) {
            if (!(query instanceof Query.Prepare)) {
                audit.decision(caller, d.grant(), id, query.route(), describe(query), 0, null, false, e.getMessage());
            }
            throw e;
        }
    }

    /** {@link #execute} on the latest version. */
    public <T> Optional<T> execute(Caller caller, String id, Query<T> query) {
        return execute(caller, id, null, query);
    }

    @SuppressWarnings("unchecked")
    private <T> T open(Visible d, Query<T> query) {
        Snapshot s = snapshot(d);
        Object answer = switch (query) {
            case Query.Records q -> QueryEngine.run(s, q.request());
            case Query.Export q -> QueryEngine.execute(s, q.request(), q.sink());
            case Query.Lookup q -> lookup(s, q);
            case Query.FacetCounts q -> Facets.compute(s, q.request(), q.facets());
            case Query.Prepare q -> prepare(s, q.request());
        };
        return (T) answer;
    }

    @SuppressWarnings("unchecked")
    private <T> T restricted(Caller caller, Visible d, Query<T> query) {
        String id = d.definition().id();
        if (d.grant().scope().granularity() == Convention.Granularity.AGGREGATED) {
            return (T) aggregated(caller, d, query);
        }
        View view = restricted(d);
        RestrictedView.Built built = view.built();
        Snapshot s = built.snapshot();
        ClauseGuard guard = view.guard();
        Object answer;
        long count;
        switch (query) {
            case Query.Records q -> {
                guard.check(q.request());
                QueryEngine.Result result = QueryEngine.run(s, q.request());
                result.rows().forEach(outboundScan(unscanned(view, q.request())));
                answer = result;
                count = result.rows().size();
            }
            case Query.Export q -> {
                guard.check(q.request());
                long[] out = new long[1];
                Consumer<Map<String, Object>> scan = outboundScan(unscanned(view, q.request()));
                answer = QueryEngine.execute(s, q.request(), row -> {
                    scan.accept(row);
                    out[0]++;
                    q.sink().accept(row);
                });
                count = out[0];
            }
            case Query.Lookup q -> {
                Map<String, Object> row = lookup(s, q);
                if (row != null) {
                    OutboundScanner.check(row, view.pseudonyms());
                }
                answer = row;
                count = row == null ? 0 : 1;
            }
            case Query.FacetCounts q -> {
                guard.check(q.request());
                List<Facets.Facet> facets = Facets.compute(s, q.request(), q.facets());
                facets.forEach(f -> {
                    guard.checkFacets(List.of(f.name()));
                    scanFacet(f, view.pseudonyms());
                });
                answer = facets;
                count = facets.size();
            }
            case Query.Prepare q -> {
                guard.check(q.request());
                return (T) prepare(s, q.request()); // nothing leaves but the schema: the export that follows is audited
            }
        }
        audit.decision(caller, d.grant(), id, query.route(), describe(query), count, suppression(built, d), true, null);
        return (T) answer;
    }

    private Object aggregated(Caller caller, Visible d, Query<?> query) {
        String id = d.definition().id();
        switch (query) {
            case Query.Records q -> {
                AggregatedAccess.Answer answer = AggregatedAccess.answer(this, d, q.request());
                audit.decision(caller, d.grant(), id, "records", describe(query), answer.result().rows().size(), answer.suppression(), true, null);
                return answer.result();
            }
            case Query.Export q -> {
                AggregatedAccess.Answer answer = AggregatedAccess.answer(this, d, q.request());
                answer.result().rows().forEach(q.sink());
                audit.decision(caller, d.grant(), id, "export", describe(query), answer.result().rows().size(), answer.suppression(), true, null);
                return answer.result().totalCount();
            }
            case Query.Prepare q -> {
                AggregatedAccess.answer(this, d, q.request()); // validates; nothing leaves
                return snapshot(d).schema();
            }
            default -> throw new OdsqlException("select", -1, "the convention " + d.grant().conventionRef()
                    + " grants aggregated counts only on " + id + ": use select=count(*) with group_by on the fields of an allowed table "
                    + d.grant().scope().secret().tables());
        }
    }

    private static fr.geoeduc.core.model.Schema prepare(Snapshot s, QueryEngine.Request r) {
        QueryEngine.execute(s, new QueryEngine.Request(r.select(), r.where(), r.groupBy(), r.orderBy(), 0, 0, r.refine(), r.exclude(),
                r.context(), r.filters()), row -> { });
        return s.schema();
    }

    private static Map<String, Object> lookup(Snapshot s, Query.Lookup q) {
        int row = s.rowOfRecordId(q.recordId());
        if (row < 0) {
            return null;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < s.schema().size(); i++) {
            fr.geoeduc.core.model.Field f = s.field(i);
            if (!f.isAddedByGeoeduc() || q.named().contains(f.name())) {
                out.put(f.name(), s.column(i).get(row));
            }
        }
        return out;
    }

    /** Facet values are values too: the outbound scan reads them like record values. */
    private static void scanFacet(Facets.Facet f, java.util.Set<String> pseudonyms) {
        if (pseudonyms.contains(f.name())) {
            return;
        }
        for (Facets.Value v : f.facets()) {
            if (OutboundScanner.containsIne(v.name()) || OutboundScanner.containsIne(v.value())) {
                throw new OutboundScanner.LeakRefused(f.name());
            }
            v.facets().forEach(sub -> scanFacet(new Facets.Facet(f.name(), List.of(sub)), pseudonyms));
        }
    }

    /** Runs an Explore query on a dataset the caller may see; empty when the dataset is not visible. */
    public Optional<QueryEngine.Result> records(Caller caller, String id, QueryEngine.Request request) {
        return execute(caller, id, new Query.Records(request));
    }

    /** Streams every row of a query (exports); returns the number of rows matched, or -1 when not visible. */
    public long export(Caller caller, String id, QueryEngine.Request request, Consumer<Map<String, Object>> sink) {
        return execute(caller, id, new Query.Export(request, sink)).orElse(-1L);
    }

    private static String suppression(RestrictedView.Built b, Visible d) {
        return b.rowsOpposed() + b.rowsBelowK() + b.rowsNotDiverse() == 0 ? null
                : "opposition: " + b.rowsOpposed() + " ligne(s), k-anonymat (k=" + d.grant().scope().k() + "): " + b.rowsBelowK() + " ligne(s)"
                + (b.rowsNotDiverse() == 0 ? "" : ", l-diversité (l=" + d.grant().scope().l() + "): " + b.rowsNotDiverse() + " ligne(s)");
    }

    private static Map<String, Object> describe(Query<?> q) {
        return switch (q) {
            case Query.Records r -> describe(r.request());
            case Query.Export e -> describe(e.request());
            case Query.FacetCounts f -> {
                Map<String, Object> m = describe(f.request());
                m.put("facet", f.facets());
                yield m;
            }
            case Query.Prepare p -> describe(p.request());
            case Query.Lookup l -> new LinkedHashMap<>(Map.of("record_id", l.recordId()));
        };
    }

    static Map<String, Object> describe(QueryEngine.Request r) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (r.select() != null) {
            m.put("select", r.select());
        }
        if (!r.where().isEmpty()) {
            m.put("where", r.where());
        }
        if (r.groupBy() != null) {
            m.put("group_by", r.groupBy());
        }
        if (r.orderBy() != null) {
            m.put("order_by", r.orderBy());
        }
        if (!r.refine().isEmpty()) {
            m.put("refine", r.refine());
        }
        if (!r.exclude().isEmpty()) {
            m.put("exclude", r.exclude());
        }
        if (!r.filters().isEmpty()) {
            m.put("filters", r.filters().stream().map(Object::toString).toList());
        }
        m.put("limit", r.limit());
        m.put("offset", r.offset());
        return m;
    }

    public Optional<Map<String, Object>> record(Caller caller, String id, String recordId) {
        return record(caller, id, recordId, java.util.Set.of());
    }

    /** A record's published fields, and of the fields GéoÉduc derives those {@code named}. */
    public Optional<Map<String, Object>> record(Caller caller, String id, String recordId, java.util.Set<String> named) {
        return execute(caller, id, new Query.Lookup(recordId, named)).flatMap(Optional::ofNullable);
    }

    public Optional<List<Facets.Facet>> facets(Caller caller, String id, QueryEngine.Request request, List<String> facets) {
        return execute(caller, id, new Query.FacetCounts(request, facets));
    }

    /** Bytes held in memory by every snapshot and view (a total: it names no dataset). */
    public long memoryTotal() {
        return snapshots.memoryByDataset().values().stream().mapToLong(Long::longValue).sum() + views.heapBytes();
    }

    /** Bytes held in memory per dataset, for the platform's administrator only: it names restricted datasets. */
    public Map<String, Long> memoryByDatasetForAdministrator() {
        return snapshots.memoryByDataset();
    }

    /** The default facets of a dataset as the caller sees it (its convention's view for restricted data). */
    public List<String> defaultFacets(Caller caller, String id) {
        return dataset(caller, id, null).map(d -> {
            if (d.grant() == null) {
                return Facets.defaultFacets(snapshot(d));
            }
            if (d.grant().scope().granularity() == Convention.Granularity.AGGREGATED) {
                return List.<String>of();
            }
            View view = restricted(d); // once: it reads the registry's oppositions
            return Facets.defaultFacets(view.built().snapshot()).stream().filter(f -> !view.guard().identifiersContain(f)).toList();
        }).orElse(List.of());
    }

    /** The quality report of a version the caller may see. */
    public Optional<QualityReport> quality(Caller caller, String id, int version) {
        return dataset(caller, id, version).flatMap(this::quality);
    }

    /** The rows of a dataset under the caller's view (for aggregated access). */
    RestrictedView.Built restrictedView(Visible d) {
        return view(d);
    }
}
