package fr.geoeduc.core.query.exec;

/**
 * A compiled where clause: an optional set of candidate rows from an index (sorted, or null for all rows) and
 * the test each candidate must pass. {@code count}: the exact number of matching rows when an index knows it without
 * listing them (a full-text search counts its rows per dictionary value), else -1.
 */
public record Filter(int[] candidates, Test test, int count) {

    public Filter(int[] candidates, Test test) {
        this(candidates, test, -1);
    }

    @FunctionalInterface
    public interface Test {
        boolean test(int row);
    }

    public static final Filter ALL = new Filter(null, row -> true);
}
