package fr.geoeduc.core.join;

import java.util.List;
import java.util.stream.Collectors;

/**
 * What to join: the left and right datasets (latest versions visible to the caller), the key fields, the kind, and
 * what happens when a left row meets several right rows — an explicit aggregation per right field, or a fan-out
 * (one result row per pair). Without either, a one-to-many jointure is refused.
 *
 * @param maxRows the result may not exceed this many rows (nothing is published beyond it)
 * @param fields  the right fields copied into the result (empty: every right field but the exact keys)
 */
public record JoinSpec(String left, String right, List<KeyPair> keys, JoinKind kind, List<FieldAggregation> aggregations,
                       boolean fanOut, String resultId, String title, long maxRows, List<String> fields) implements DerivedSpec {

    public static final long DEFAULT_MAX_ROWS = 10_000_000;

    public JoinSpec {
        keys = keys == null ? List.of() : List.copyOf(keys);
        fields = fields == null ? List.of() : List.copyOf(fields);
        aggregations = aggregations == null ? List.of() : List.copyOf(aggregations);
        kind = kind == null ? JoinKind.LEFT : kind;
        maxRows = maxRows <= 0 ? DEFAULT_MAX_ROWS : maxRows;
        if (left == null || left.isBlank() || right == null || right.isBlank()) {
            throw new JoinException("jeux de gauche et de droite requis");
        }
        if (keys.isEmpty()) {
            throw new JoinException("aucune clé de jointure (--on GAUCHE=DROITE ou --commune GAUCHE=DROITE)");
        }
        if (resultId == null || resultId.isBlank()) {
            throw new JoinException("identifiant du résultat requis (--as ID)");
        }
        if (resultId.equals(left) || resultId.equals(right)) {
            throw new JoinException("le résultat ne peut pas remplacer une entrée : " + resultId);
        }
        if (fanOut && !aggregations.isEmpty()) {
            throw new JoinException("choisissez l'agrégation ou l'éclatement, pas les deux");
        }
    }

    public JoinSpec(String left, String right, List<KeyPair> keys, JoinKind kind, List<FieldAggregation> aggregations,
                    boolean fanOut, String resultId, String title, long maxRows) {
        this(left, right, keys, kind, aggregations, fanOut, resultId, title, maxRows, List.of());
    }

    public boolean hasCommuneKey() {
        return keys.stream().anyMatch(KeyPair::commune);
    }

    /** A one-line description of the spec, recorded in the version's lineage. */
    @Override
    public String describe() {
        return "jointure " + kind.code() + " " + left + " × " + right + " sur "
                + keys.stream().map(KeyPair::toString).collect(Collectors.joining(", "))
                + (aggregations.isEmpty() ? "" : " ; agrégation " + aggregations.stream().map(FieldAggregation::toString).collect(Collectors.joining(", ")))
                + (fanOut ? " ; éclatement" : "")
                + (fields.isEmpty() ? "" : " ; champs " + String.join(", ", fields));
    }
}
