package fr.geoeduc.core.engine;

import fr.geoeduc.core.model.AccessLevel;
import fr.geoeduc.core.model.DatasetDefinition;
import fr.geoeduc.core.model.DatasetVersion;
import fr.geoeduc.core.model.Field;
import fr.geoeduc.core.model.FieldType;
import fr.geoeduc.core.model.Lineage;
import fr.geoeduc.core.model.Schema;
import fr.geoeduc.core.referentiel.Millesimes;
import fr.geoeduc.core.referentiel.ReferentielFeature;
import fr.geoeduc.core.store.DatasetSummary;
import fr.geoeduc.core.store.Store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The territorial référentiels loaded in the store (communes, départements, régions, académies, with their millésime)
 * as read-only open layers the query engine can serve like published datasets: per kind, one snapshot of the current
 * features (each scope at its latest millésime, {@link Millesimes}) and one per millésime loaded, with the
 * fields {@code code}, {@code nom}, {@code millesime} and the boundary. The store keeps no version of a référentiel,
 * so the layers are checked at most once a minute against the store's digest of each kind (one caller checks while the
 * others keep the previous layers), read again when it changed, and a layer's version number moves only when its
 * content changed, which invalidates what was cached for it.
 */
public final class ReferentielLayers {

    /** Collection ids: a prefix no published dataset id uses, then the kind in the plural. */
    public static final String PREFIX = "referentiel-";
    private static final Map<String, String[]> KINDS = Map.of(
            "commune", new String[]{"communes", "Communes"},
            "departement", new String[]{"departements", "Départements"},
            "region", new String[]{"regions", "Régions"},
            "academie", new String[]{"academies", "Académies"});
    private static final List<String> ORDER = List.of("commune", "departement", "region", "academie");
    private static final long TTL_MILLIS = 60_000;
    /**
     * Every minute the store's digest of each kind (counts, sizes, names) tells whether to read the boundaries again;
     * they are read again anyway at this interval, for a change the digest cannot see (a corrected vertex).
     */
    private static final long FULL_READ_MILLIS = 15 * 60_000;
    static final Schema SCHEMA = new Schema(List.of(
            new Field("code", "Code", FieldType.TEXT, "code officiel (COG, code académie)", null, List.of(), true, null, "declared"),
            new Field("nom", "Nom", FieldType.TEXT, null, null, List.of(), false, null, "declared"),
            new Field("millesime", "Millésime", FieldType.TEXT, "année de la source des limites", null, List.of(), false, null, "declared"),
            new Field("geometrie", "Limites", FieldType.GEO_SHAPE, "limites (WGS84)", null, List.of(), false, null, "declared")));

    /** One kind's layer: its catalogue entry, its rows in memory and the stamp of its content. */
    private record Layer(DatasetSummary summary, Snapshot snapshot, long stamp) {
    }

    private final Store store;
    private final ReentrantLock reload = new ReentrantLock();
    private volatile Map<String, Layer> layers;
    private volatile long loadedAt;
    /** The store's digests at the last full read, and its time (a full read decodes every boundary: seconds of CPU). */
    private Map<String, String> readDigests = Map.of();
    private long readAt;

    private Map<String, String> digests() {
        Map<String, String> out = new LinkedHashMap<>();
        for (String kind : ORDER) {
            out.put(kind, store.referentielDigest(kind));
        }
        return out;
    }

    public ReferentielLayers(Store store) {
        this.store = store;
    }

    public static boolean isReferentiel(String id) {
        return id.startsWith(PREFIX);
    }

    /** The layers with at least one feature, communes first. */
    public List<DatasetSummary> summaries() {
        return current().values().stream().map(Layer::summary).toList();
    }

    public Optional<DatasetSummary> summary(String id) {
        return Optional.ofNullable(current().get(id)).map(Layer::summary);
    }

    /** The rows of a layer; empty when the kind has no feature (any more). */
    public Optional<Snapshot> snapshot(String id) {
        return Optional.ofNullable(current().get(id)).map(Layer::snapshot);
    }

    private Map<String, Layer> current() {
        Map<String, Layer> now = layers;
        if (now != null && System.currentTimeMillis() - loadedAt <= TTL_MILLIS) {
            return now;
        }
        if (now != null && !reload.tryLock()) {
            return now;
        }
        if (now == null) {
            reload.lock();
        }
        try {
            if (layers == null || System.currentTimeMillis() - loadedAt > TTL_MILLIS) {
                Map<String, String> digests = digests();
                if (layers == null || !digests.equals(readDigests) || System.currentTimeMillis() - readAt > FULL_READ_MILLIS) {
                    layers = read(layers == null ? Map.of() : layers);
                    readDigests = digests;
                    readAt = System.currentTimeMillis();
                }
                loadedAt = System.currentTimeMillis();
            }
            return layers;
        } finally {
            reload.unlock();
        }
    }

    private Map<String, Layer> read(Map<String, Layer> previous) {
        Map<String, Layer> out = new LinkedHashMap<>();
        for (String kind : ORDER) {
            List<ReferentielFeature> features = new ArrayList<>(store.referentiel(kind));
            if (features.isEmpty()) {
                continue;
            }
            features.sort(Comparator.comparing(ReferentielFeature::code));
            String id = PREFIX + KINDS.get(kind)[0];
            put(out, previous, kind, id, null, features);
            // one collection per millésime too (referentiel-communes-2018, referentiel-departements-2024…): the store keeps
            // every millésime loaded, so a millésime's collection holds all its features, current or not
            for (String m : Millesimes.all(store.referentielScopes(kind))) {
                if (m != null) { // loaded without a millésime: only in the current collection, if current somewhere
                    put(out, previous, kind, id + "-" + m, m, store.referentiel(kind, m));
                }
            }
        }
        return Map.copyOf(out);
    }

    /** Keeps the previous layer of this id when its content is the same, else a new one with the next version number. */
    private static void put(Map<String, Layer> out, Map<String, Layer> previous, String kind, String id, String millesime,
                           List<ReferentielFeature> features) {
        long stamp = stamp(features);
        Layer before = previous.get(id);
        if (before != null && before.stamp() == stamp) {
            out.put(id, before);
            return;
        }
        int number = before == null ? 1 : before.summary().latest().orElseThrow().number() + 1;
        out.put(id, layer(kind, id, millesime, number, stamp, features));
    }

    /** A digest of what a layer shows: codes, names, millésimes and each geometry's size and envelope. */
    private static long stamp(List<ReferentielFeature> features) {
        long h = 1125899906842597L;
        for (ReferentielFeature f : features) {
            h = 31 * h + java.util.Objects.hash(f.code(), f.name(), f.millesime());
            if (f.geometry() != null) {
                h = 31 * h + f.geometry().getNumPoints();
                h = 31 * h + f.geometry().getEnvelopeInternal().hashCode();
            }
        }
        return h;
    }

    /** @param millesime the one millésime of a per-millésime layer, or null for the layer of every feature of the kind */
    private static Layer layer(String kind, String id, String millesime, int number, long stamp, List<ReferentielFeature> features) {
        TreeSet<String> millesimes = new TreeSet<>();
        List<Object> codes = new ArrayList<>(features.size());
        List<Object> names = new ArrayList<>(features.size());
        List<Object> years = new ArrayList<>(features.size());
        List<Object> shapes = new ArrayList<>(features.size());
        for (ReferentielFeature f : features) {
            codes.add(f.code());
            names.add(f.name());
            years.add(f.millesime());
            shapes.add(f.geometry());
            if (f.millesime() != null) {
                millesimes.add(f.millesime());
            }
        }
        String title = millesime != null ? KINDS.get(kind)[1] + ", millésime " + millesime
                : KINDS.get(kind)[1] + (millesimes.isEmpty() ? "" : " (millésime " + String.join(", ", millesimes) + ")");
        String plural = KINDS.get(kind)[1].toLowerCase(java.util.Locale.ROOT);
        DatasetDefinition def = new DatasetDefinition(id, title,
                "Référentiel territorial chargé dans GéoÉduc : limites des " + plural
                        + (millesime != null ? " du millésime " + millesime + " seul"
                        : kind.equals("commune") ? " courantes (celles de chaque département au dernier millésime chargé pour lui)"
                        : " courantes (chacune au dernier millésime chargé pour elle)")
                        + ", avec leur code, leur nom et le millésime de la source (lecture seule).",
                "IGN / INSEE / Ministère de l'Éducation nationale", "Licence Ouverte / Open Licence", List.of("référentiel", kind),
                List.of("territoire"), null, null, "France", AccessLevel.OPEN, List.of("code"), null, Map.of(), List.of(),
                SCHEMA.fields());
        Instant now = Instant.now();
        DatasetVersion version = new DatasetVersion(id, number, now, features.size(), SCHEMA,
                new Lineage("référentiel " + kind + " du stockage", null, 0, "referentiel", now, "geoeduc", List.of()), null);
        Column[] columns = {
                Column.build(FieldType.TEXT, codes), Column.build(FieldType.TEXT, names),
                Column.build(FieldType.TEXT, years), Column.build(FieldType.GEO_SHAPE, shapes)};
        return new Layer(new DatasetSummary(def, Optional.of(version), 1), new Snapshot(version, columns, features.size()), stamp);
    }
}
