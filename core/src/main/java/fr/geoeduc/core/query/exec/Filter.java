package fr.geoeduc.core.query.exec;

/**
 * A compiled where clause: an optional set of candidate rows from an index (sorted, or null for all rows) and
 * the test each candidate must pass.
 */
public record Filter(int[] candidates, Test test) {

    @FunctionalInterface
    public interface Test {
        boolean test(int row);
    }

    public static final Filter ALL = new Filter(null, row -> true);
}
