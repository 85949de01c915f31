package fr.geoeduc.core.quality;

import java.util.List;
import java.util.Optional;

/** The quality report of one version: rows checked and, for each rule broken, its count and first examples. */
public record QualityReport(String datasetId, long rowsChecked, List<RuleResult> results, List<String> notes) {

    public QualityReport {
        results = List.copyOf(results);
        notes = notes == null ? List.of() : List.copyOf(notes);
    }

    public Optional<RuleResult> result(Rule rule) {
        return results.stream().filter(r -> r.rule().equals(rule.id())).findFirst();
    }

    public long count(Rule rule) {
        return result(rule).map(RuleResult::count).orElse(0L);
    }

    public long count(Severity severity) {
        return results.stream().filter(r -> r.severity() == severity).mapToLong(RuleResult::count).sum();
    }
}
