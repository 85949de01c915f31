package fr.geoeduc.core.join;

import fr.geoeduc.core.quality.Finding;
import fr.geoeduc.core.quality.QualityReport;
import fr.geoeduc.core.quality.RuleResult;
import fr.geoeduc.core.quality.Severity;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The match report of one jointure: left rows matched and unmatched (with the reason), right rows never matched,
 * left rows whose several right rows were collapsed by an aggregation, extra rows of a fan-out, and for commune keys
 * how many rows matched by each rule (identique, fusion, arrondissement). Kept as the result version's quality report.
 */
public final class JoinStats {

    public static final String MATCHED = "jointure-appariees";
    public static final String UNMATCHED_LEFT = "jointure-gauche-seule";
    public static final String UNMATCHED_RIGHT = "jointure-droite-seule";
    public static final String COLLAPSED = "jointure-plusieurs-regroupees";
    public static final String FANNED_OUT = "jointure-eclatee";
    public static final String RULE_PREFIX = "jointure-regle-";
    private static final int EXAMPLES = 10;

    private long leftRows;
    private long rightRows;
    private long matched;
    private long unmatchedLeft;
    private long unmatchedRight;
    private long collapsedLeft;
    private long collapsedRight;
    private long fannedOut;
    private final List<Finding> matchedExamples = new ArrayList<>();
    private final List<Finding> unmatchedLeftExamples = new ArrayList<>();
    private final List<Finding> unmatchedRightExamples = new ArrayList<>();
    private final List<Finding> collapsedExamples = new ArrayList<>();
    private final Map<String, long[]> rules = new LinkedHashMap<>();
    /** Other outcomes counted with examples (spatial reasons, checks): code → severity, titles, count, examples. */
    private final Map<String, Outcome> outcomes = new LinkedHashMap<>();

    private record Outcome(Severity severity, String titleFr, String titleEn, long[] count, List<Finding> examples) {
    }
    private final Map<String, List<Finding>> ruleExamples = new LinkedHashMap<>();

    void sides(long left, long right) {
        this.leftRows = left;
        this.rightRows = right;
    }

    void matched(long row, Supplier<String> key) {
        matched++;
        if (matchedExamples.size() < EXAMPLES) {
            matchedExamples.add(new Finding(row, "cle", key.get(), "appariée"));
        }
    }

    void unmatchedLeft(long row, Supplier<String> key, boolean emptyKey) {
        unmatchedLeft++;
        if (unmatchedLeftExamples.size() < EXAMPLES) {
            unmatchedLeftExamples.add(new Finding(row, "cle", key.get(), emptyKey ? "clé vide" : "clé absente à droite"));
        }
    }

    void unmatchedRight(long row, Supplier<String> key, boolean emptyKey) {
        unmatchedRight++;
        if (unmatchedRightExamples.size() < EXAMPLES) {
            unmatchedRightExamples.add(new Finding(row, "cle", key.get(), emptyKey ? "clé vide" : "clé absente à gauche"));
        }
    }

    void collapsed(long row, Supplier<String> key, int rightRowsOfKey) {
        collapsedLeft++;
        collapsedRight += rightRowsOfKey;
        if (collapsedExamples.size() < EXAMPLES) {
            collapsedExamples.add(new Finding(row, "cle", key.get(), rightRowsOfKey + " lignes de droite agrégées"));
        }
    }

    void fannedOut(int extraRows) {
        fannedOut += extraRows;
    }

    void rule(long row, Supplier<String> key, String rule) {
        String kind = rule.startsWith("fusion") ? "fusion" : rule.startsWith("arrondissement") ? "arrondissement"
                : rule.equals("identique") ? "identique" : "mixte";
        rules.computeIfAbsent(kind, k -> new long[1])[0]++;
        List<Finding> examples = ruleExamples.computeIfAbsent(kind, k -> new ArrayList<>());
        if (examples.size() < EXAMPLES) {
            examples.add(new Finding(row, "jointure_regle", key.get(), rule));
        }
    }

    /**
     * Counts one row under {@code code} ({@code jointure-hors-france}…), with the row, its key and what happened. Keys
     * are given lazily here and below: only the first examples of each outcome are written out.
     */
    void outcome(String code, Severity severity, String titleFr, String titleEn, long row, Supplier<String> key, String message) {
        Outcome o = outcomes.computeIfAbsent(code, c -> new Outcome(severity, titleFr, titleEn, new long[1], new ArrayList<>()));
        o.count()[0]++;
        if (o.examples().size() < EXAMPLES) {
            o.examples().add(new Finding(row, "cle", key.get(), message));
        }
    }

    /** The count of one outcome ({@link #outcome}), 0 when it never happened. */
    public long outcome(String code) {
        Outcome o = outcomes.get(code);
        return o == null ? 0 : o.count()[0];
    }

    /** The examples kept for one outcome (at most ten). */
    public List<Finding> outcomeExamples(String code) {
        Outcome o = outcomes.get(code);
        return o == null ? List.of() : List.copyOf(o.examples());
    }

    public long leftRows() {
        return leftRows;
    }

    public long rightRows() {
        return rightRows;
    }

    public long matched() {
        return matched;
    }

    public long unmatchedLeft() {
        return unmatchedLeft;
    }

    public long unmatchedRight() {
        return unmatchedRight;
    }

    /** Left rows that met several right rows, collapsed into one by the aggregations. */
    public long collapsedLeft() {
        return collapsedLeft;
    }

    /** Right rows folded into those collapsed left rows. */
    public long collapsedRight() {
        return collapsedRight;
    }

    public long fannedOut() {
        return fannedOut;
    }

    /** Left rows matched per commune rule kind: identique, fusion, arrondissement, mixte. */
    public Map<String, Long> rules() {
        Map<String, Long> out = new LinkedHashMap<>();
        rules.forEach((k, v) -> out.put(k, v[0]));
        return out;
    }

    QualityReport toReport(String resultId, long resultRows, List<String> notes) {
        List<RuleResult> results = new ArrayList<>();
        results.add(new RuleResult(MATCHED, Severity.INFO, "Lignes de gauche appariées", "Left rows matched", matched, matchedExamples));
        results.add(new RuleResult(UNMATCHED_LEFT, Severity.WARNING, "Lignes de gauche sans correspondance à droite",
                "Left rows without a match on the right", unmatchedLeft, unmatchedLeftExamples));
        results.add(new RuleResult(UNMATCHED_RIGHT, Severity.WARNING, "Lignes de droite sans correspondance à gauche",
                "Right rows without a match on the left", unmatchedRight, unmatchedRightExamples));
        results.add(new RuleResult(COLLAPSED, Severity.INFO, "Lignes de gauche dont plusieurs lignes de droite ont été agrégées",
                "Left rows whose several right rows were aggregated", collapsedLeft, collapsedExamples));
        if (fannedOut > 0) {
            results.add(new RuleResult(FANNED_OUT, Severity.INFO, "Lignes ajoutées par l'éclatement (une ligne par paire)",
                    "Rows added by the fan-out (one row per pair)", fannedOut, List.of()));
        }
        rules.forEach((kind, n) -> results.add(new RuleResult(RULE_PREFIX + kind, Severity.INFO, "Communes appariées par la règle « " + kind + " »",
                "Communes matched by the rule '" + kind + "'", n[0], ruleExamples.get(kind))));
        outcomes.forEach((code, o) -> results.add(new RuleResult(code, o.severity(), o.titleFr(), o.titleEn(), o.count()[0], o.examples())));
        List<String> all = new ArrayList<>(notes);
        all.add(String.format(java.util.Locale.ROOT, "Gauche : %d lignes, droite : %d, appariées : %d, "
                        + "gauche seule : %d, droite seule : %d, regroupées : %d (%d lignes de droite)",
                leftRows, rightRows, matched, unmatchedLeft, unmatchedRight, collapsedLeft, collapsedRight));
        return new QualityReport(resultId, resultRows, results, all);
    }
}
