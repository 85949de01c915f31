package fr.geoeduc.core.quality;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Accumulates findings during an ingest, keeping counts and the first examples of each rule. */
public final class QualityCollector {

    public static final int EXAMPLES_PER_RULE = 10;
    private final Map<Rule, long[]> counts = new EnumMap<>(Rule.class);
    private final Map<Rule, List<Finding>> examples = new EnumMap<>(Rule.class);
    private final List<String> notes = new ArrayList<>();

    public void report(Rule rule, long line, String field, Object value, String message) {
        report(rule, RowLocation.line(line), field, value, message);
    }

    public void report(Rule rule, RowLocation where, String field, Object value, String message) {
        counts.computeIfAbsent(rule, r -> new long[1])[0]++;
        List<Finding> list = examples.computeIfAbsent(rule, r -> new ArrayList<>());
        if (list.size() < EXAMPLES_PER_RULE) {
            list.add(new Finding(where.line(), field, value == null ? null : String.valueOf(value), message,
                    where.feature(), where.featureId()));
        }
    }

    public void note(String note) {
        notes.add(note);
    }

    public long count(Rule rule) {
        long[] c = counts.get(rule);
        return c == null ? 0 : c[0];
    }

    public QualityReport toReport(String datasetId, long rowsChecked) {
        List<RuleResult> results = new ArrayList<>();
        for (Map.Entry<Rule, long[]> e : counts.entrySet()) {
            Rule r = e.getKey();
            results.add(new RuleResult(r.id(), r.severity(), r.titleFr(), r.titleEn(), e.getValue()[0], examples.get(r)));
        }
        return new QualityReport(datasetId, rowsChecked, results, notes);
    }
}
