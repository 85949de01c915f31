package fr.geoeduc.core.join;

import java.util.List;

/**
 * A proximity jointure: each row of {@code left} (points: écoles) gets the rows of {@code right} (points: collèges)
 * nearest to it — the {@code k} nearest ({@link Mode#NEAREST}, optionally no farther than {@code distanceMetres}), or
 * every one within {@code distanceMetres} ({@link Mode#WITHIN}) — one result row per pair, nearest first, with the
 * distance in metres and the rank. Distances are geodesic: great-circle distances on the sphere of radius 6,371,008.8 m
 * (haversine), as {@link fr.geoeduc.core.model.GeoPoint#distanceTo}.
 *
 * @param leftPoint  the left point field (null: the dataset's only geo_point_2d field)
 * @param rightPoint the right point field (null: the dataset's only geo_point_2d field)
 * @param distanceMetres WITHIN: the radius; NEAREST: the farthest distance kept (0: no limit)
 */
public record ProximitySpec(String left, String right, Mode mode, int k, double distanceMetres, String leftPoint, String rightPoint,
                            List<String> rightFields, boolean inner, String resultId, String title, long maxRows) implements DerivedSpec {

    /** The k nearest, or all within a distance. */
    public enum Mode { NEAREST, WITHIN }

    /** The largest distance accepted: half the Earth's circumference, in metres. */
    static final double MAX_METRES = 20_015_087;

    public ProximitySpec {
        rightFields = rightFields == null ? List.of() : List.copyOf(rightFields);
        maxRows = maxRows <= 0 ? JoinSpec.DEFAULT_MAX_ROWS : maxRows;
        if (left == null || left.isBlank() || right == null || right.isBlank()) {
            throw new JoinException("jeux de gauche et de droite requis");
        }
        if (mode == Mode.NEAREST && (k < 1 || k > 100)) {
            throw new JoinException("k entre 1 et 100 : " + k);
        }
        if (mode == Mode.WITHIN && !(distanceMetres > 0)) {
            throw new JoinException("distance_m requise et positive : " + distanceMetres);
        }
        if (distanceMetres < 0 || distanceMetres > MAX_METRES) {
            throw new JoinException("distance entre 0 et 20 015 087 m : " + distanceMetres);
        }
    }

    @Override
    public String describe() {
        String what = mode == Mode.NEAREST
                ? "les " + k + " plus proches" + (distanceMetres > 0 ? " à moins de " + (long) distanceMetres + " m" : "")
                : "tous à moins de " + (long) distanceMetres + " m";
        return "jointure de proximité " + (inner ? "inner" : "left") + " " + left + " × " + right + " : " + what
                + " (distance géodésique, sphère de rayon 6 371 008,8 m)";
    }
}
