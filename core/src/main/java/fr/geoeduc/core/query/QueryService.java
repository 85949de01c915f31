package fr.geoeduc.core.query;

import fr.geoeduc.core.model.AccessLevel;
import fr.geoeduc.core.model.DatasetDefinition;
import fr.geoeduc.core.model.DatasetVersion;
import fr.geoeduc.core.quality.QualityReport;
import fr.geoeduc.core.store.DatasetSummary;
import fr.geoeduc.core.store.Store;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The one door through which routes read published data. For now the policy is the open one: open datasets
 * are visible to everyone, restricted datasets are invisible (absent from listings, "not found" when asked).
 */
public final class QueryService {

    /** A dataset the caller may read, at one version. */
    public record Visible(DatasetDefinition definition, DatasetVersion version) {
    }

    private final Store store;

    public QueryService(Store store) {
        this.store = store;
    }

    public List<DatasetSummary> catalogue() {
        return store.datasets().stream().filter(s -> visible(s.definition()) && s.latest().isPresent()).toList();
    }

    public Optional<Visible> dataset(String id, Integer version) {
        Optional<DatasetDefinition> def = store.dataset(id).filter(QueryService::visible);
        if (def.isEmpty()) {
            return Optional.empty();
        }
        Optional<DatasetVersion> v = version == null ? store.latest(id) : store.version(id, version);
        return v.map(ver -> new Visible(def.get(), ver));
    }

    public List<DatasetVersion> versions(String id) {
        return store.dataset(id).filter(QueryService::visible).map(d -> store.versions(id)).orElse(List.of());
    }

    public Optional<QualityReport> quality(Visible dataset) {
        return store.quality(dataset.definition().id(), dataset.version().number());
    }

    public void rows(Visible dataset, Consumer<Object[]> consumer) {
        store.readRows(dataset.version(), consumer);
    }

    private static boolean visible(DatasetDefinition d) {
        return d.accessLevel() == AccessLevel.OPEN;
    }
}
