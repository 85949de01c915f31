package fr.geoeduc.core.join;

import fr.geoeduc.core.ingest.ProgressListener;
import fr.geoeduc.core.model.FieldType;
import fr.geoeduc.core.model.Schema;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * Runs a jointure on two inputs already read through the policy: the right rows grouped by key ({@link KeyGroups}), the
 * keys of both sides computed and looked up in parallel, one ordered pass over the left rows writing the result, then
 * the right rows nobody matched (written out in a full jointure). Counts every outcome in the match report.
 */
final class JoinEngine {

    /** The result's schema and rows, and the match report. */
    record Result(Schema schema, List<Object[]> rows, JoinStats stats) {
    }

    private final JoinSpec spec;
    private final JoinInput left;
    private final JoinInput right;
    private final JoinKeys leftKeys;
    private final JoinKeys rightKeys;
    private final OutputLayout layout;
    private final int[] aggColumns;
    private final int[] weightColumns;
    private final FieldType[] aggTypes;
    private final boolean communeKey;
    private final List<Object[]> out = new ArrayList<>();
    private final JoinStats stats = new JoinStats();

    JoinEngine(JoinSpec spec, JoinInput left, JoinInput right, CommuneCodes communes) {
        this.spec = spec;
        this.left = left;
        this.right = right;
        JoinKeys[] keys = JoinKeys.of(spec.keys(), left, right, communes);
        this.leftKeys = keys[0];
        this.rightKeys = keys[1];
        this.layout = new OutputLayout(spec, left, right);
        this.communeKey = spec.hasCommuneKey();
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

    Result run(ProgressListener progress) {
        List<Object[]> lefts = left.rows();
        List<Object[]> rights = right.rows();
        stats.sides(lefts.size(), rights.size());
        String[] rightKey = keys(rightKeys, rights);
        KeyGroups groups = new KeyGroups(rightKey);
        refuseOneToManyWithoutAggregation(groups);
        progress.step("jointure", lefts.size());
        String[] leftKey = keys(leftKeys, lefts);
        int[] leftGroup = groups.findAll(leftKey);
        boolean[] groupMatched = new boolean[groups.groups()];
        for (int i = 0; i < leftGroup.length; i++) {
            Object[] l = lefts.get(i);
            int g = leftGroup[i];
            if (g < 0) {
                stats.unmatchedLeft(i + 1, () -> leftKeys.display(l), leftKey[i] == null);
                if (spec.kind() != JoinKind.INNER) {
                    emit(l, List.of(), "gauche_seule", null);
                }
            } else {
                groupMatched[g] = true;
                stats.matched(i + 1, () -> leftKeys.display(l));
                joinMatched(i, l, groups, g);
            }
            if ((i & 0xFFFF) == 0) {
                progress.progress(i);
            }
        }
        progress.done();
        rightOnly(groups, groupMatched, rightKey);
        return new Result(layout.schema, out, stats);
    }

    /** Each row's key, computed in parallel (the key builders only read). */
    private static String[] keys(JoinKeys keys, List<Object[]> rows) {
        String[] out = new String[rows.size()];
        IntStream.range(0, out.length).parallel().forEach(i -> out[i] = keys.key(rows.get(i)));
        return out;
    }

    private void refuseOneToManyWithoutAggregation(KeyGroups groups) {
        if (!spec.aggregations().isEmpty() || spec.fanOut()) {
            return;
        }
        long keys = 0;
        int first = -1;
        for (int g = 0; g < groups.groups(); g++) {
            if (groups.size(g) > 1) {
                keys++;
                first = first < 0 ? g : first;
            }
        }
        if (first >= 0) {
            throw new JoinException("jointure un-à-plusieurs sans agrégation : " + keys
                    + " clé(s) du jeu de droite " + right.datasetId() + " ont plusieurs lignes"
                    + " (ex. " + rightKeys.display(right.rows().get(groups.rows[groups.start[first]])) + " : " + groups.size(first)
                    + " lignes). Ajoutez une agrégation (aggregate: CHAMP:sum|mean|wmean:POIDS|first|count ; --aggregate en ligne de commande) ou l'éclatement (fan_out ; --fan-out)");
        }
    }

    /** The right rows of a group, in the right dataset's order. */
    private List<Object[]> rowsOf(KeyGroups groups, int g) {
        int from = groups.start[g];
        int n = groups.size(g);
        List<Object[]> rights = right.rows();
        return n == 1 ? List.<Object[]>of(rights.get(groups.rows[from])) : new java.util.AbstractList<>() {
            @Override
            public Object[] get(int k) {
                return rights.get(groups.rows[from + k]);
            }

            @Override
            public int size() {
                return n;
            }
        };
    }

    private void joinMatched(int i, Object[] l, KeyGroups groups, int g) {
        if (!spec.aggregations().isEmpty()) {
            List<Object[]> rows = rowsOf(groups, g);
            if (rows.size() > 1) {
                stats.collapsed(i + 1, () -> leftKeys.display(l), rows.size());
            }
            emit(l, rows, "apparie", rule(i, l, rows));
            return;
        }
        int n = groups.size(g);
        stats.fannedOut(n - 1);
        for (int k = 0; k < n; k++) {
            Object[] r = right.rows().get(groups.rows[groups.start[g] + k]);
            emit(l, r, "apparie", communeKey ? rule(i, l, List.<Object[]>of(r)) : null);
        }
    }

    /** The commune rule(s) that made this left row meet these right rows; null without a commune key. */
    private String rule(int i, Object[] l, List<Object[]> rows) {
        if (!communeKey) {
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

    /**
     * The right rows no left row met, counted; in a full jointure each is written out with an empty left part (its key
     * under the left key fields), the rows of one key together when they are aggregated, at the place of its first row.
     */
    private void rightOnly(KeyGroups groups, boolean[] groupMatched, String[] rightKey) {
        List<Object[]> rights = right.rows();
        boolean together = !spec.aggregations().isEmpty();
        for (int j = 0; j < rights.size(); j++) {
            int g = groups.groupOf[j];
            if (g >= 0 && groupMatched[g]) {
                continue;
            }
            Object[] r = rights.get(j);
            stats.unmatchedRight(j + 1, () -> rightKeys.display(r), rightKey[j] == null);
            if (spec.kind() != JoinKind.FULL) {
                continue;
            }
            if (g < 0 || !together) {
                rightOnlyRow(List.<Object[]>of(r));
            } else if (groups.rows[groups.start[g]] == j) {
                rightOnlyRow(rowsOf(groups, g));
            }
        }
    }

    private void rightOnlyRow(List<Object[]> rows) {
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

    /** One output row: the left row and one right row's copied fields (no aggregation). */
    private void emit(Object[] l, Object[] r, String status, String rule) {
        Object[] row = new Object[layout.schema.size()];
        System.arraycopy(l, 0, row, 0, l.length);
        for (int c = 0; c < layout.rightColumns.length; c++) {
            row[layout.rightStart + c] = r[layout.rightColumns[c]];
        }
        add(row, status, rule);
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
        add(row, status, rule);
    }

    private void add(Object[] row, String status, String rule) {
        row[layout.statusIndex] = status;
        if (layout.ruleIndex >= 0) {
            row[layout.ruleIndex] = rule;
        }
        out.add(row);
        if (out.size() > spec.maxRows()) {
            throw new JoinException("le résultat dépasse " + spec.maxRows() + " lignes ; rien n'est publié (limite : max_rows ; --max-rows en ligne de commande)");
        }
    }
}
