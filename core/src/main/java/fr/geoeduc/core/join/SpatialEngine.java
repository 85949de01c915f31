package fr.geoeduc.core.join;

import fr.geoeduc.core.ingest.ProgressListener;
import fr.geoeduc.core.model.Field;
import fr.geoeduc.core.model.FieldType;
import fr.geoeduc.core.model.GeoPoint;
import fr.geoeduc.core.model.Schema;
import fr.geoeduc.core.quality.Severity;
import fr.geoeduc.core.referentiel.Referentiels;
import org.locationtech.jts.geom.Geometry;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * Runs a point-in-polygon jointure: the right polygons in a {@link PolygonIndex}, the left points located in parallel,
 * then one ordered pass writing each left row with the attributes of its polygon. The match report says why a point
 * found no polygon (no position, outside France, no polygon contains it), when several polygons held it, and, with a
 * check field, where the commune a row states differs from the polygon it falls in (after the COG history).
 */
final class SpatialEngine {

    static final String NO_POSITION = "jointure-sans-position";
    static final String OUTSIDE_FRANCE = "jointure-hors-france";
    static final String NO_POLYGON = "jointure-aucun-polygone";
    static final String NEAREST = "jointure-polygone-proche";
    static final String SEVERAL = "jointure-plusieurs-candidats";
    static final String CHECK_DIFFERENT = "jointure-controle-different";
    static final String CHECK_SAME = "jointure-controle-conforme";
    static final String CHECK = "jointure_controle";

    private final SpatialSpec spec;
    private final JoinInput left;
    private final JoinInput right;
    private final CommuneCodes communes;
    private final Referentiels territory = Referentiels.builtIn();
    private final JoinStats stats = new JoinStats();

    private final PolygonIndexCache indexes;

    /** {@code indexes}: where the right polygons' index is kept between runs (null: built for this run only). */
    SpatialEngine(SpatialSpec spec, JoinInput left, JoinInput right, CommuneCodes communes, PolygonIndexCache indexes) {
        this.spec = spec;
        this.indexes = indexes;
        this.left = left;
        this.right = right;
        this.communes = communes;
    }

    JoinEngine.Result run(ProgressListener progress) {
        int point = geoField(left, spec.leftPoint(), FieldType.GEO_POINT_2D, "de gauche");
        int shape = geoField(right, spec.rightShape(), FieldType.GEO_SHAPE, "de droite");
        int compareLeft = spec.compare() == null ? -1 : left.schema().indexOf(left.field(spec.compare().left(), "de gauche").name());
        int compareRight = spec.compare() == null ? -1 : right.schema().indexOf(right.field(spec.compare().right(), "de droite").name());
        List<Field> fields = new ArrayList<>();
        Set<String> names = new HashSet<>();
        List<Integer> copied = leftThenRight(left, right, spec.rightFields(), fields, names);
        int statusIndex = fields.size();
        fields.add(Field.derived(unique(OutputLayout.STATUS, names), "Statut de la jointure", FieldType.TEXT,
                "apparie ou gauche_seule"));
        int ruleIndex = fields.size();
        fields.add(Field.derived(unique(OutputLayout.RULE, names), "Règle d'appariement", FieldType.TEXT,
                "contenu (le point est dans le polygone) ou « proche N m » (tolérance)"));
        int checkIndex = compareLeft < 0 ? -1 : fields.size();
        if (checkIndex >= 0) {
            fields.add(Field.derived(unique(CHECK, names), "Contrôle de la commune", FieldType.TEXT,
                    "conforme, ou différente : commune déclarée et commune du polygone (après l'historique du COG)"));
        }
        Schema schema = new Schema(fields);

        Geometry[] polygons = new Geometry[right.rows().size()];
        for (int j = 0; j < polygons.length; j++) {
            polygons[j] = right.rows().get(j)[shape] instanceof Geometry g ? g : null;
        }
        progress.step("index des polygones de " + right.datasetId(), polygons.length);
        PolygonIndex index = indexes == null ? new PolygonIndex(polygons)
                : PolygonIndex.cached(polygons, indexes, right.datasetId(), right.version());
        progress.done();
        progress.step("point dans polygone", left.rows().size());
        double[] lon = new double[left.rows().size()];
        double[] lat = new double[lon.length];
        IntStream.range(0, lon.length).parallel().forEach(i -> {
            Object v = left.rows().get(i)[point];
            lon[i] = v instanceof GeoPoint p ? p.lon() : Double.NaN; // NaN: no position
            lat[i] = v instanceof GeoPoint p ? p.lat() : Double.NaN;
        });
        PolygonIndex.Hit[] hits = index.locateAll(lon, lat);
        IntStream.range(0, hits.length).parallel().forEach(i -> {
            if (Double.isNaN(lon[i])) {
                hits[i] = null;
            } else if (hits[i].polygon() < 0 && spec.toleranceMetres() > 0) {
                hits[i] = index.nearest(lon[i], lat[i], spec.toleranceMetres());
            }
        });
        progress.done();

        stats.sides(left.rows().size(), right.rows().size());
        BitSet used = new BitSet(polygons.length);
        List<Object[]> out = new ArrayList<>();
        for (int i = 0; i < hits.length; i++) {
            Object[] l = left.rows().get(i);
            Supplier<String> key = () -> left.schema().field(point).name() + "=" + l[point];
            PolygonIndex.Hit h = hits[i];
            if (h == null || h.polygon() < 0) {
                unmatched(i + 1, key, l[point]);
                if (!spec.inner()) {
                    out.add(row(schema, l, null, copied, statusIndex, "gauche_seule"));
                }
                continue;
            }
            Object[] r = right.rows().get(h.polygon());
            used.set(h.polygon());
            stats.matched(i + 1, key);
            if (h.candidates() > 1) {
                stats.outcome(SEVERAL, Severity.WARNING, "Points contenus dans plusieurs polygones (le premier est retenu)",
                        "Points inside several polygons (the first is kept)", i + 1, key, h.candidates() + " polygones");
            }
            Object[] row = row(schema, l, r, copied, statusIndex, "apparie");
            if (h.distanceMetres() > 0) {
                row[ruleIndex] = "proche " + Math.round(h.distanceMetres()) + " m";
                stats.outcome(NEAREST, Severity.INFO, "Points hors de tout polygone rattachés au plus proche (tolérance)",
                        "Points outside every polygon joined to the nearest (tolerance)", i + 1, key, row[ruleIndex].toString());
            } else {
                row[ruleIndex] = "contenu";
            }
            if (checkIndex >= 0) {
                row[checkIndex] = check(i + 1, l, r, compareLeft, compareRight);
            }
            out.add(row);
            if (out.size() > spec.maxRows()) {
                throw new JoinException("le résultat dépasse " + spec.maxRows() + " lignes ; rien n'est publié");
            }
        }
        for (int j = 0; j < polygons.length; j++) {
            if (!used.get(j)) {
                int polygon = j + 1;
                stats.unmatchedRight(polygon, () -> "polygone " + polygon, polygons[j] == null);
            }
        }
        return new JoinEngine.Result(schema, out, stats);
    }

    /**
     * Every left field, then the right fields copied ({@code rightFields}, or every non-geometry field), a name already
     * taken getting {@code _droite}; returns the right columns copied.
     */
    static List<Integer> leftThenRight(JoinInput left, JoinInput right, List<String> rightFields, List<Field> fields, Set<String> names) {
        for (Field f : left.schema().fields()) {
            fields.add(f);
            names.add(f.name());
        }
        List<Integer> copied = new ArrayList<>();
        if (rightFields.isEmpty()) {
            for (int i = 0; i < right.schema().size(); i++) {
                if (!right.schema().field(i).type().isGeo()) {
                    copied.add(i);
                }
            }
        } else {
            rightFields.forEach(n -> copied.add(right.schema().indexOf(right.field(n, "de droite").name())));
        }
        for (int c : copied) {
            Field f = right.schema().field(c);
            fields.add(new Field(unique(f.name(), names), f.label(), f.type(), f.description(), f.unit(), f.aliases(), false, f.format(),
                    "inferred"));
        }
        return copied;
    }

    private void unmatched(long row, Supplier<String> key, Object value) {
        if (!(value instanceof GeoPoint p)) {
            stats.unmatchedLeft(row, key, true);
            stats.outcome(NO_POSITION, Severity.WARNING, "Lignes sans position", "Rows without a position", row, key, "position vide");
        } else if (!territory.inFrance(p)) {
            stats.unmatchedLeft(row, key, false);
            stats.outcome(OUTSIDE_FRANCE, Severity.WARNING, "Points hors de France", "Points outside France", row, key,
                    "point hors des emprises de la France");
        } else {
            stats.unmatchedLeft(row, key, false);
            stats.outcome(NO_POLYGON, Severity.WARNING, "Points qu'aucun polygone ne contient", "Points no polygon contains", row, key,
                    "aucun polygone ne contient le point");
        }
    }

    private String check(long row, Object[] l, Object[] r, int compareLeft, int compareRight) {
        Object stated = l[compareLeft];
        Object found = r[compareRight];
        if (stated == null || found == null) {
            return null;
        }
        CommuneCodes.Resolved s = communes.resolve(stated.toString());
        CommuneCodes.Resolved f = communes.resolve(found.toString());
        Supplier<String> key = () -> left.schema().field(compareLeft).name() + "=" + stated;
        if (s.current().equals(f.current())) {
            String rule = CommuneCodes.rule(s, f);
            stats.outcome(CHECK_SAME, Severity.INFO, "Commune déclarée = commune du polygone (après l'historique du COG)",
                    "Stated commune = the polygon's commune (after the COG history)", row, key, rule);
            return "conforme" + ("identique".equals(rule) ? "" : " (" + rule + ")");
        }
        String message = "déclarée " + s.code() + (s.step() == null ? "" : " (" + s.step() + ")") + ", polygone " + f.code()
                + (f.step() == null ? "" : " (" + f.step() + ")");
        stats.outcome(CHECK_DIFFERENT, Severity.WARNING, "Commune déclarée différente de celle du polygone",
                "Stated commune differs from the polygon's", row, key, message);
        return "différente : " + message;
    }

    static Object[] row(Schema schema, Object[] l, Object[] r, List<Integer> copied, int statusIndex, String status) {
        Object[] row = new Object[schema.size()];
        System.arraycopy(l, 0, row, 0, l.length);
        if (r != null) {
            for (int c = 0; c < copied.size(); c++) {
                row[l.length + c] = r[copied.get(c)];
            }
        }
        row[statusIndex] = status;
        return row;
    }

    static int geoField(JoinInput input, String name, FieldType type, String side) {
        if (name != null) {
            Field f = input.field(name, side);
            if (f.type() != type) {
                throw new JoinException("le champ '" + name + "' du jeu " + input.datasetId() + " n'est pas de type " + type.apiName()
                        + " (il est " + f.type().apiName() + ")");
            }
            return input.schema().indexOf(f.name());
        }
        List<Field> candidates = input.schema().fields().stream().filter(f -> f.type() == type).toList();
        if (candidates.isEmpty()) {
            throw new JoinException("jointure spatiale sur un jeu sans géométrie : "
                    + input.datasetId() + " n'a pas de champ " + type.apiName());
        }
        if (candidates.size() > 1) {
            throw new JoinException("plusieurs champs " + type.apiName() + " dans " + input.datasetId() + " : "
                    + candidates.stream().map(Field::name).toList() + " ; nommez-en un");
        }
        return input.schema().indexOf(candidates.get(0).name());
    }

    static String unique(String base, Set<String> names) {
        String name = base;
        while (names.contains(name)) {
            name = name + "_droite";
        }
        names.add(name);
        return name;
    }
}
