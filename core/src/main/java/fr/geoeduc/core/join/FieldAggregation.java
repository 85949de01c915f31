package fr.geoeduc.core.join;

/**
 * One right field aggregated over the right rows that match a left row: {@code effectif:sum},
 * {@code ips:wmean:effectif} (weighted by another right field), {@code uai:count}.
 */
public record FieldAggregation(String field, Aggregation function, String weight) {

    public FieldAggregation {
        if (function == Aggregation.WEIGHTED_MEAN && (weight == null || weight.isBlank())) {
            throw new JoinException("moyenne pondérée sans poids : écrivez "
                    + field + ":wmean:CHAMP_POIDS");
        }
        if (function != Aggregation.WEIGHTED_MEAN && weight != null) {
            throw new JoinException("seule wmean prend un poids : '" + field + ":" + function.code() + ":" + weight + "'");
        }
    }

    public static FieldAggregation parse(String text) {
        String[] parts = text.split(":", -1);
        if (parts.length < 2 || parts.length > 3 || parts[0].isBlank()) {
            throw new JoinException("agrégation illisible '" + text
                    + "' (attendu : CHAMP:sum|mean|wmean|first|count, CHAMP:wmean:POIDS)");
        }
        return new FieldAggregation(parts[0].strip(), Aggregation.parse(parts[1]), parts.length == 3 ? parts[2].strip() : null);
    }

    /** The result field's name: the field itself for {@code first}, else {@code field_function}. */
    public String outputName() {
        return function == Aggregation.FIRST ? field : field + "_" + function.code();
    }

    @Override
    public String toString() {
        return field + ":" + function.code() + (weight == null ? "" : ":" + weight);
    }
}
