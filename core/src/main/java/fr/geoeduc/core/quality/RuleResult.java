package fr.geoeduc.core.quality;

import java.util.List;

/** How many rows broke a rule, with the first examples. */
public record RuleResult(String rule, Severity severity, String title, String titleEn, long count, List<Finding> examples) {
    public RuleResult {
        examples = List.copyOf(examples);
    }
}
