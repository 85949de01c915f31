package fr.geoeduc.core.model;

import java.util.List;

/** A consistency rule of an effectifs dataset: {@code total = sum(parts)}, nulls counting as zero. */
public record TotalRule(String total, List<String> parts) {
    public TotalRule {
        parts = List.copyOf(parts);
    }
}
