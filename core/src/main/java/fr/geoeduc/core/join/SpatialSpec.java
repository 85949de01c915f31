package fr.geoeduc.core.join;

import java.util.List;

/**
 * A point-in-polygon jointure: each row of {@code left} (points: établissements, écoles) gets the attributes of the
 * {@code right} polygon that contains its point (communes, académies, secteurs, bassins, any polygon dataset).
 *
 * @param leftPoint       the left point field (null: the dataset's only geo_point_2d field)
 * @param rightShape      the right polygon field (null: the dataset's only geo_shape field)
 * @param rightFields     the right fields copied (empty: every non-geometry field)
 * @param compare         optional check: a left field stating a commune code and the right field of the polygon's code,
 *                        compared through the COG history; disagreements are listed in the match report
 * @param toleranceMetres a point outside every polygon but within this distance of one joins its nearest (0: none)
 */
public record SpatialSpec(String left, String right, String leftPoint, String rightShape, List<String> rightFields,
                          KeyPair compare, double toleranceMetres, boolean inner, String resultId, String title,
                          long maxRows) implements DerivedSpec {

    public SpatialSpec {
        rightFields = rightFields == null ? List.of() : List.copyOf(rightFields);
        maxRows = maxRows <= 0 ? JoinSpec.DEFAULT_MAX_ROWS : maxRows;
        if (left == null || left.isBlank() || right == null || right.isBlank()) {
            throw new JoinException("jeux de gauche et de droite requis");
        }
        if (resultId == null || resultId.isBlank()) {
            throw new JoinException("identifiant du résultat requis");
        }
        if (resultId.equals(left) || resultId.equals(right)) {
            throw new JoinException("le résultat ne peut pas remplacer une entrée : " + resultId);
        }
        if (toleranceMetres < 0 || toleranceMetres > 50_000) {
            throw new JoinException("tolérance entre 0 et 50 000 m : " + toleranceMetres);
        }
    }

    @Override
    public String describe() {
        return "jointure spatiale " + (inner ? "inner" : "left") + " " + left + " × " + right
                + " : point " + (leftPoint == null ? "" : leftPoint + " ") + "dans le polygone " + (rightShape == null ? "" : rightShape)
                + (toleranceMetres > 0 ? " (tolérance " + (long) toleranceMetres + " m)" : "")
                + (compare == null ? "" : " ; contrôle " + compare);
    }
}
