package fr.geoeduc.core.join;

import fr.geoeduc.core.ingest.ProgressListener;
import fr.geoeduc.core.model.Field;
import fr.geoeduc.core.model.FieldType;
import fr.geoeduc.core.model.GeoPoint;
import fr.geoeduc.core.model.Schema;
import fr.geoeduc.core.quality.Severity;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * Runs a proximity jointure ({@link ProximitySpec}): the right points in a {@link ProximityIndex}, the left points looked up
 * in parallel, then one ordered pass writing a row per (left row, target) pair, nearest first, with
 * {@code jointure_distance_m} (metres, to the decimetre) and {@code jointure_rang}. A left row without a position, or
 * with no target in reach, is reported and kept alone ({@code gauche_seule}) unless the join is inner.
 */
final class ProximityEngine {

    static final String NO_TARGET = "jointure-aucune-cible";
    static final String DISTANCE = "jointure_distance_m";
    static final String RANK = "jointure_rang";

    private final ProximitySpec spec;
    private final JoinInput left;
    private final JoinInput right;
    private final JoinStats stats = new JoinStats();

    ProximityEngine(ProximitySpec spec, JoinInput left, JoinInput right) {
        this.spec = spec;
        this.left = left;
        this.right = right;
    }

    JoinEngine.Result run(ProgressListener progress) {
        int point = SpatialEngine.geoField(left, spec.leftPoint(), FieldType.GEO_POINT_2D, "de gauche");
        int target = SpatialEngine.geoField(right, spec.rightPoint(), FieldType.GEO_POINT_2D, "de droite");
        List<Field> fields = new ArrayList<>();
        Set<String> names = new HashSet<>();
        List<Integer> copied = SpatialEngine.leftThenRight(left, right, spec.rightFields(), fields, names);
        int distanceIndex = fields.size();
        fields.add(Field.derived(SpatialEngine.unique(DISTANCE, names), "Distance (m)", FieldType.DOUBLE,
                "distance géodésique en mètres (grand cercle, sphère de rayon 6 371 008,8 m)"));
        int rankIndex = fields.size();
        fields.add(Field.derived(SpatialEngine.unique(RANK, names), "Rang", FieldType.INT, "1 : la cible la plus proche"));
        int statusIndex = fields.size();
        fields.add(Field.derived(SpatialEngine.unique(OutputLayout.STATUS, names), "Statut de la jointure", FieldType.TEXT,
                "apparie ou gauche_seule"));
        Schema schema = new Schema(fields);

        GeoPoint[] targets = new GeoPoint[right.rows().size()];
        for (int j = 0; j < targets.length; j++) {
            targets[j] = right.rows().get(j)[target] instanceof GeoPoint g ? g : null;
        }
        progress.step("index des points de " + right.datasetId(), targets.length);
        ProximityIndex index = new ProximityIndex(targets);
        progress.done();
        progress.step("proximité", left.rows().size());
        @SuppressWarnings("unchecked")
        List<ProximityIndex.Near>[] found = new List[left.rows().size()];
        IntStream.range(0, found.length).parallel().forEach(i -> {
            if (left.rows().get(i)[point] instanceof GeoPoint p) {
                found[i] = spec.mode() == ProximitySpec.Mode.NEAREST ? index.nearest(p, spec.k(), spec.distanceMetres())
                        : index.within(p, spec.distanceMetres());
            }
        });
        progress.done();

        stats.sides(left.rows().size(), right.rows().size());
        BitSet used = new BitSet(targets.length);
        List<Object[]> out = new ArrayList<>();
        for (int i = 0; i < found.length; i++) {
            Object[] l = left.rows().get(i);
            java.util.function.Supplier<String> key = () -> left.schema().field(point).name() + "=" + l[point];
            if (found[i] == null || found[i].isEmpty()) {
                stats.unmatchedLeft(i + 1, key, found[i] == null);
                if (found[i] == null) {
                    stats.outcome(SpatialEngine.NO_POSITION, Severity.WARNING, "Lignes sans position", "Rows without a position", i + 1, key,
                            "position vide");
                } else {
                    stats.outcome(NO_TARGET, Severity.WARNING, "Points sans cible à distance", "Points with no target in reach", i + 1, key,
                            "aucune cible" + (spec.distanceMetres() > 0 ? " à moins de " + (long) spec.distanceMetres() + " m" : ""));
                }
                if (!spec.inner()) {
                    out.add(SpatialEngine.row(schema, l, null, copied, statusIndex, "gauche_seule"));
                }
                continue;
            }
            stats.matched(i + 1, key);
            int rank = 0;
            for (ProximityIndex.Near n : found[i]) {
                used.set(n.target());
                Object[] row = SpatialEngine.row(schema, l, right.rows().get(n.target()), copied, statusIndex, "apparie");
                row[distanceIndex] = Math.round(n.metres() * 10) / 10d;
                row[rankIndex] = (long) ++rank;
                out.add(row);
                if (out.size() > spec.maxRows()) {
                    throw new JoinException("le résultat dépasse " + spec.maxRows() + " lignes ; rien n'est publié");
                }
            }
            if (found[i].size() > 1) {
                stats.fannedOut(found[i].size() - 1);
            }
        }
        for (int j = 0; j < targets.length; j++) {
            if (!used.get(j)) {
                int t = j;
                stats.unmatchedRight(j + 1, () -> right.schema().field(target).name() + "=" + targets[t], targets[j] == null);
            }
        }
        return new JoinEngine.Result(schema, out, stats);
    }
}
