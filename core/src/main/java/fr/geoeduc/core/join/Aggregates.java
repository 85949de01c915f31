package fr.geoeduc.core.join;

import fr.geoeduc.core.model.FieldType;

import java.util.List;

/** Computes one aggregation over the right rows matched by a left row (nulls are skipped; no rows: null, count 0). */
final class Aggregates {

    private Aggregates() {
    }

    /** The result type of an aggregation of a field of type {@code source}. */
    static FieldType type(Aggregation a, FieldType source) {
        return switch (a) {
            case SUM -> source == FieldType.INT ? FieldType.INT : FieldType.DOUBLE;
            case MEAN, WEIGHTED_MEAN -> FieldType.DOUBLE;
            case FIRST -> source;
            case COUNT -> FieldType.INT;
        };
    }

    static Object compute(Aggregation a, FieldType source, int column, int weightColumn, List<Object[]> rows) {
        return switch (a) {
            case COUNT -> rows.stream().filter(r -> r[column] != null).count();
            case FIRST -> rows.stream().map(r -> r[column]).filter(v -> v != null).findFirst().orElse(null);
            case SUM -> sum(source, column, rows);
            case MEAN -> mean(column, rows);
            case WEIGHTED_MEAN -> weightedMean(column, weightColumn, rows);
        };
    }

    private static Object sum(FieldType source, int column, List<Object[]> rows) {
        boolean any = false;
        long longSum = 0;
        double doubleSum = 0;
        for (Object[] r : rows) {
            if (r[column] instanceof Number n) {
                any = true;
                if (source == FieldType.INT) {
                    longSum += n.longValue();
                } else {
                    doubleSum += n.doubleValue();
                }
            }
        }
        if (!any) {
            return null;
        }
        return source == FieldType.INT ? (Object) longSum : (Object) doubleSum;
    }

    private static Double mean(int column, List<Object[]> rows) {
        double sum = 0;
        long n = 0;
        for (Object[] r : rows) {
            if (r[column] instanceof Number v) {
                sum += v.doubleValue();
                n++;
            }
        }
        return n == 0 ? null : sum / n;
    }

    private static Double weightedMean(int column, int weightColumn, List<Object[]> rows) {
        double sum = 0;
        double weights = 0;
        for (Object[] r : rows) {
            if (r[column] instanceof Number v && r[weightColumn] instanceof Number w) {
                sum += v.doubleValue() * w.doubleValue();
                weights += w.doubleValue();
            }
        }
        return weights == 0 ? null : sum / weights;
    }
}
