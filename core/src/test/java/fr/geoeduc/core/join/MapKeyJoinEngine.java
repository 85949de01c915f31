package fr.geoeduc.core.join;

import fr.geoeduc.core.ingest.ProgressListener;
import fr.geoeduc.core.model.FieldType;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The key jointure as it was before {@link KeyGroups} (a {@code HashMap} of lists of boxed row numbers, one key string
 * per row, every row in one thread), kept as the reference the new engine's results are compared with.
 */
final class MapKeyJoinEngine {

    private final JoinSpec spec;
    private final JoinInput left;
    private final JoinInput right;
    private final JoinKeys leftKeys;
    private final JoinKeys rightKeys;
    private final OutputLayout layout;
    private final int[] aggColumns;
    private final int[] weightColumns;
    private final FieldType[] aggTypes;
    private final List<Object[]> out = new ArrayList<>();
    private final JoinStats stats = new JoinStats();

    MapKeyJoinEngine(JoinSpec spec, JoinInput left, JoinInput right, CommuneCodes communes) {
        this.spec = spec;
        this.left = left;
        this.right = right;
        JoinKeys[] keys = JoinKeys.of(spec.keys(), left, right, communes);
        this.leftKeys = keys[0];
        this.rightKeys = keys[1];
        this.layout = new OutputLayout(spec, left, right);
        int n = spec.aggregations().size();
        aggColumns = new int[n];
        weightColumns = new int[n];
        aggTypes = new FieldType[n];
        for (int i = 0; i < n; i++) {
            FieldAggregation a = spec.aggregations().get(i);
            aggColumns[i] = right.schema().indexOf(a.field());
            weightColumns[i] = a.weight() == null ? -1 : right.schema().indexOf(a.weight());
            aggTypes[i] = right.schema().field(aggColumns[i]).type();
        }
    }

    JoinEngine.Result run(ProgressListener progress) {
        stats.sides(left.rows().size(), right.rows().size());
        Map<String, List<Integer>> index = indexRight();
        refuseOneToManyWithoutAggregation(index);
        BitSet rightMatched = new BitSet(right.rows().size());
        progress.step("jointure / joining", left.rows().size());
        for (int i = 0; i < left.rows().size(); i++) {
            Object[] l = left.rows().get(i);
            String key = leftKeys.key(l);
            List<Integer> matches = key == null ? null : index.get(key);
            if (matches == null) {
                stats.unmatchedLeft(i + 1, () -> leftKeys.display(l), key == null);
                if (spec.kind() != JoinKind.INNER) {
                    emit(l, List.of(), "gauche_seule", null);
                }
            } else {
                matches.forEach(rightMatched::set);
                stats.matched(i + 1, () -> leftKeys.display(l));
                joinMatched(i, l, matches);
            }
            if ((i & 0xFFF) == 0) {
                progress.progress(i);
            }
        }
        progress.done();
        rightOnly(rightMatched);
        return new JoinEngine.Result(layout.schema, out, stats);
    }

    private Map<String, List<Integer>> indexRight() {
        Map<String, List<Integer>> index = new HashMap<>();
        for (int j = 0; j < right.rows().size(); j++) {
            String key = rightKeys.key(right.rows().get(j));
            if (key != null) {
                index.computeIfAbsent(key, k -> new ArrayList<>(1)).add(j);
            }
        }
        return index;
    }

    private void refuseOneToManyWithoutAggregation(Map<String, List<Integer>> index) {
        if (!spec.aggregations().isEmpty() || spec.fanOut()) {
            return;
        }
        long keys = index.values().stream().filter(l -> l.size() > 1).count();
        index.values().stream().filter(l -> l.size() > 1).findFirst().ifPresent(rows -> {
            throw new JoinException("jointure un-à-plusieurs sans agrégation / one-to-many join without an aggregation: " + keys
                    + " clé(s) du jeu droit / key(s) of the right dataset " + right.datasetId() + " ont plusieurs lignes / have several rows"
                    + " (ex. " + rightKeys.display(right.rows().get(rows.get(0))) + " : " + rows.size() + " lignes / rows). "
                    + "Ajouter / add --aggregate CHAMP:sum|mean|wmean:POIDS|first|count, ou / or --fan-out");
        });
    }

    private void joinMatched(int i, Object[] l, List<Integer> matches) {
        List<Object[]> rows = matches.stream().map(right.rows()::get).toList();
        if (!spec.aggregations().isEmpty()) {
            if (rows.size() > 1) {
                stats.collapsed(i + 1, () -> leftKeys.display(l), rows.size());
            }
            emit(l, rows, "apparie", rule(i, l, rows));
            return;
        }
        stats.fannedOut(rows.size() - 1);
        for (Object[] r : rows) {
            List<Object[]> one = java.util.Collections.singletonList(r);
            emit(l, one, "apparie", rule(i, l, one));
        }
    }

    /** The commune rule(s) that made this left row meet these right rows; null without a commune key. */
    private String rule(int i, Object[] l, List<Object[]> rows) {
        if (!spec.hasCommuneKey()) {
            return null;
        }
        List<CommuneCodes.Resolved> lc = leftKeys.communes(l);
        Set<String> rules = new LinkedHashSet<>();
        for (Object[] r : rows) {
            List<CommuneCodes.Resolved> rc = rightKeys.communes(r);
            for (int k = 0; k < lc.size() && k < rc.size(); k++) {
                rules.add(CommuneCodes.rule(lc.get(k), rc.get(k)));
            }
        }
        String rule = String.join(" ; ", rules);
        stats.rule(i + 1, () -> leftKeys.display(l), rule);
        return rule;
    }

    private void rightOnly(BitSet rightMatched) {
        Map<String, List<Object[]>> groups = new LinkedHashMap<>();
        for (int j = 0; j < right.rows().size(); j++) {
            if (rightMatched.get(j)) {
                continue;
            }
            Object[] r = right.rows().get(j);
            String key = rightKeys.key(r);
            stats.unmatchedRight(j + 1, () -> rightKeys.display(r), key == null);
            if (spec.kind() == JoinKind.FULL) {
                groups.computeIfAbsent(key == null || spec.aggregations().isEmpty() ? "\u0000" + j : key, k -> new ArrayList<>()).add(r);
            }
        }
        for (List<Object[]> rows : groups.values()) {
            Object[] l = new Object[left.schema().size()];
            for (int k = 0; k < spec.keys().size(); k++) { // the right key, under the left key fields when of the same type
                int lc = leftKeys.column(k);
                int rc = rightKeys.column(k);
                if (left.schema().field(lc).type() == right.schema().field(rc).type()) {
                    l[lc] = rows.get(0)[rc];
                }
            }
            emit(l, rows, "droite_seule", null);
        }
    }

    private void emit(Object[] l, List<Object[]> rows, String status, String rule) {
        Object[] row = new Object[layout.schema.size()];
        System.arraycopy(l, 0, row, 0, l.length);
        if (!spec.aggregations().isEmpty()) {
            for (int a = 0; a < aggColumns.length; a++) {
                row[layout.rightStart + a] = Aggregates.compute(spec.aggregations().get(a).function(), aggTypes[a], aggColumns[a], weightColumns[a], rows);
            }
        } else if (!rows.isEmpty()) {
            Object[] r = rows.get(0);
            for (int c = 0; c < layout.rightColumns.length; c++) {
                row[layout.rightStart + c] = r[layout.rightColumns[c]];
            }
        }
        row[layout.statusIndex] = status;
        if (layout.ruleIndex >= 0) {
            row[layout.ruleIndex] = rule;
        }
        out.add(row);
        if (out.size() > spec.maxRows()) {
            throw new JoinException("le résultat dépasse / the result exceeds " + spec.maxRows() + " lignes/rows ; rien n'est publié / "
                    + "nothing is published (limite / limit: --max-rows)");
        }
    }
}
