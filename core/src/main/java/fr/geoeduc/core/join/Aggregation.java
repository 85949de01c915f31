package fr.geoeduc.core.join;

import java.util.Locale;

/** How the values of several right rows become one value in a one-to-many jointure. */
public enum Aggregation {
    SUM("sum"), MEAN("mean"), WEIGHTED_MEAN("wmean"), FIRST("first"), COUNT("count");

    private final String code;

    Aggregation(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public boolean numeric() {
        return this == SUM || this == MEAN || this == WEIGHTED_MEAN;
    }

    public static Aggregation parse(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        return switch (t) {
            case "sum", "somme" -> SUM;
            case "mean", "avg", "moyenne" -> MEAN;
            case "wmean", "weighted_mean", "moyenne_ponderee" -> WEIGHTED_MEAN;
            case "first", "premier" -> FIRST;
            case "count", "nombre" -> COUNT;
            default -> throw new JoinException("agrégation inconnue '" + text
                    + "' (attendu : sum, mean, wmean, first, count)");
        };
    }
}
