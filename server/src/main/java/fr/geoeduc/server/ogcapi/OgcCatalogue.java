package fr.geoeduc.server.ogcapi;

import fr.geoeduc.core.model.AccessLevel;
import fr.geoeduc.core.model.DatasetDefinition;
import fr.geoeduc.core.model.DatasetVersion;
import fr.geoeduc.core.model.Field;
import fr.geoeduc.core.access.Caller;
import fr.geoeduc.core.query.QueryService;
import fr.geoeduc.core.query.exec.QueryContext;
import fr.geoeduc.core.query.exec.QueryEngine;
import fr.geoeduc.core.store.DatasetSummary;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The collections a caller may see: the datasets of the caller's catalogue (through the {@link QueryService}, so a
 * restricted dataset without a convention is absent) that have a geo field, and the territorial référentiels loaded
 * in the store (communes with their millésime, départements, régions, académies; open, read-only), with their extents computed by an
 * aggregate query through the same door. Extents of open datasets are kept per version; those of a convention's
 * view are computed for each request (they depend on the convention's territory).
 */
final class OgcCatalogue {

    static final QueryContext CONTEXT = new QueryContext("select", Locale.FRANCE, ZoneOffset.UTC);
    private record Extent(Envelope box, String start, String end) {
    }

    private final QueryService queries;
    private final Map<String, Extent> openExtents = new ConcurrentHashMap<>();
    /**
     * An open collection as last built, with the definition and version objects it was built from: the query service
     * hands out the same objects until it reads its catalogue again, so a new version or an edited definition is a miss.
     */
    private record Open(DatasetDefinition definition, DatasetVersion version, Optional<OgcCollection> collection) {
    }

    private final Map<String, Open> openCollections = new ConcurrentHashMap<>();

    OgcCatalogue(QueryService queries) {
        this.queries = queries;
    }

    List<OgcCollection> all(Caller caller) {
        List<OgcCollection> out = new ArrayList<>();
        for (DatasetSummary s : summaries(caller)) {
            collection(caller, s).ifPresent(out::add);
        }
        return out;
    }

    /** The caller's datasets, then the référentiels (open to everyone, read-only). */
    private List<DatasetSummary> summaries(Caller caller) {
        List<DatasetSummary> all = new ArrayList<>(queries.catalogue(caller));
        all.addAll(queries.referentiels());
        return all;
    }

    /**
     * The collection, or a 404 naming it when it is unknown, has no geometry or is not visible to the caller. The query
     * service says first whether the caller sees the dataset; open data (the same for every caller) is then built once
     * per definition and version read, a convention's view from the caller's catalogue as {@link #all} does.
     */
    OgcCollection get(Caller caller, String id) {
        QueryService.Visible visible = queries.dataset(caller, id, null).orElseThrow(() -> unknown(id));
        if (visible.restricted()) {
            return summaries(caller).stream().filter(s -> s.definition().id().equals(id)).findFirst()
                    .flatMap(s -> collection(caller, s))
                    .orElseThrow(() -> unknown(id));
        }
        Open known = openCollections.get(id);
        if (known != null && known.definition() == visible.definition() && known.version() == visible.version()) {
            return known.collection().orElseThrow(() -> unknown(id));
        }
        Open built = new Open(visible.definition(), visible.version(),
                collection(caller, new DatasetSummary(visible.definition(), Optional.of(visible.version()), 0)));
        openCollections.put(id, built);
        return built.collection().orElseThrow(() -> unknown(id));
    }

    private static OgcException unknown(String id) {
        return OgcException.notFound("collection inconnue : " + id + " (voir /ogc/collections)");
    }

    private Optional<OgcCollection> collection(Caller caller, DatasetSummary s) {
        DatasetVersion v = s.latest().orElse(null);
        if (v == null) {
            return Optional.empty();
        }
        Optional<Field> geometry = OgcCollection.geometryOf(v.schema());
        if (geometry.isEmpty()) {
            return Optional.empty();
        }
        Field time = OgcCollection.timeOf(s.definition(), v.schema());
        Extent extent = s.definition().accessLevel() == AccessLevel.OPEN
                ? openExtents.computeIfAbsent(s.definition().id() + "@" + v.number(), k -> extent(caller, s.definition().id(), geometry.get(), time))
                : extent(caller, s.definition().id(), geometry.get(), time);
        return Optional.of(new OgcCollection(s.definition(), v.number(), v.schema(), geometry.get(), time,
                extent.box(), extent.start(), extent.end()));
    }

    private Extent extent(Caller caller, String id, Field geometry, Field time) {
        String select = "bbox(`" + geometry.name() + "`) as b"
                + (time == null ? "" : ", min(`" + time.name() + "`) as t0, max(`" + time.name() + "`) as t1");
        QueryEngine.Request request = new QueryEngine.Request(select, List.of(), null, null, 1, 0, List.of(), List.of(), CONTEXT);
        Map<String, Object> row;
        try {
            row = queries.records(caller, id, request).map(r -> r.rows().isEmpty() ? null : r.rows().get(0)).orElse(null);
        } catch (RuntimeException e) { // a convention granting aggregated counts only: no extent to show
            row = null;
        }
        if (row == null) {
            return new Extent(null, null, null);
        }
        Envelope box = row.get("b") instanceof Geometry g ? g.getEnvelopeInternal() : null;
        boolean rentree = time != null && time.type() == fr.geoeduc.core.model.FieldType.TEXT; // see OgcCollection.timeOf
        return new Extent(box, instant(row.get("t0"), rentree, false), instant(row.get("t1"), rentree, true));
    }

    /** An extent bound as RFC 3339: a date at midnight UTC, a rentrée from 1 September to 31 August. */
    static String instant(Object v, boolean rentree, boolean end) {
        if (v instanceof Instant i) {
            return i.toString();
        }
        if (v instanceof LocalDate d) {
            return d.atStartOfDay().toInstant(ZoneOffset.UTC).toString();
        }
        if (rentree && v instanceof String s && s.length() >= 4 && s.substring(0, 4).chars().allMatch(Character::isDigit)) {
            int year = Integer.parseInt(s.substring(0, 4));
            return end ? year + 1 + "-08-31T23:59:59Z" : year + "-09-01T00:00:00Z";
        }
        return null;
    }
}
