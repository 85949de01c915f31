package fr.geoeduc.core.query;

import fr.geoeduc.core.engine.Snapshot;
import fr.geoeduc.core.engine.SnapshotCache;
import fr.geoeduc.core.model.AccessLevel;
import fr.geoeduc.core.model.DatasetDefinition;
import fr.geoeduc.core.model.DatasetVersion;
import fr.geoeduc.core.quality.QualityReport;
import fr.geoeduc.core.query.exec.QueryEngine;
import fr.geoeduc.core.store.DatasetSummary;
import fr.geoeduc.core.store.Store;

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

    /** A dataset the caller may read, at one version. */
    public record Visible(DatasetDefinition definition, DatasetVersion version) {
    }

    private static final long CATALOGUE_TTL_MILLIS = 1000;
    private final Store store;
    private final SnapshotCache snapshots;
    private volatile List<DatasetSummary> catalogue;
    private volatile long catalogueLoadedAt;

    public QueryService(Store store) {
        this.store = store;
        this.snapshots = new SnapshotCache(store);
    }

    /** The datasets the caller may see, with their latest version (refreshed at most every second). */
    public List<DatasetSummary> catalogue() {
        return catalogue(Caller.INTERNAL);
    }

    public List<DatasetSummary> catalogue(Caller caller) {
        long now = System.currentTimeMillis();
        List<DatasetSummary> c = catalogue;
        if (c == null || now - catalogueLoadedAt > CATALOGUE_TTL_MILLIS) {
            c = store.datasets().stream().filter(s -> visible(caller, s.definition()) && s.latest().isPresent()).toList();
            catalogue = c;
            catalogueLoadedAt = now;
        }
        return c;
    }

    public Optional<Visible> dataset(String id, Integer version) {
        return dataset(Caller.INTERNAL, id, version);
    }

    public Optional<Visible> dataset(Caller caller, String id, Integer version) {
        if (version == null) {
            return catalogue(caller).stream().filter(s -> s.definition().id().equals(id)).findFirst()
                    .map(s -> new Visible(s.definition(), s.latest().orElseThrow()));
        }
        Optional<DatasetDefinition> def = store.dataset(id).filter(d -> visible(caller, d));
        return def.flatMap(d -> store.version(id, version).map(v -> new Visible(d, v)));
    }

    public List<DatasetVersion> versions(String id) {
        return store.dataset(id).filter(d -> visible(Caller.INTERNAL, d)).map(d -> store.versions(id)).orElse(List.of());
    }

    public Optional<QualityReport> quality(Visible dataset) {
        return store.quality(dataset.definition().id(), dataset.version().number());
    }

    public void rows(Visible dataset, Consumer<Object[]> consumer) {
        store.readRows(dataset.version(), consumer);
    }

    public Snapshot snapshot(Visible dataset) {
        return snapshots.get(dataset.version());
    }

    /** Runs an Explore query on a dataset the caller may see; empty when the dataset is not visible. */
    public Optional<QueryEngine.Result> records(Caller caller, String id, QueryEngine.Request request) {
        return dataset(caller, id, null).map(d -> QueryEngine.run(snapshot(d), request));
    }

    /** Streams every row of a query (exports); returns the number of rows matched, or -1 when not visible. */
    public long export(Caller caller, String id, QueryEngine.Request request, Consumer<Map<String, Object>> sink) {
        Optional<Visible> d = dataset(caller, id, null);
        if (d.isEmpty()) {
            return -1;
        }
        return QueryEngine.execute(snapshot(d.get()), request, sink);
    }

    public Optional<Map<String, Object>> record(Caller caller, String id, String recordId) {
        return dataset(caller, id, null).flatMap(d -> {
            Snapshot s = snapshot(d);
            int row = s.rowOfRecordId(recordId);
            if (row < 0) {
                return Optional.empty();
            }
            Map<String, Object> out = new LinkedHashMap<>();
            for (int i = 0; i < s.schema().size(); i++) {
                out.put(s.field(i).name(), s.column(i).get(row));
            }
            return Optional.of(out);
        });
    }

    public Optional<List<Facets.Facet>> facets(Caller caller, String id, QueryEngine.Request request, List<String> facets) {
        return dataset(caller, id, null).map(d -> Facets.compute(snapshot(d), request, facets));
    }

    /** Bytes held in memory per dataset by the snapshots. */
    public Map<String, Long> memory() {
        return snapshots.memoryByDataset();
    }

    private static boolean visible(Caller caller, DatasetDefinition d) {
        return d.accessLevel() == AccessLevel.OPEN;
    }
}
