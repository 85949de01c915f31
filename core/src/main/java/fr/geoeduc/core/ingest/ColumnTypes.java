package fr.geoeduc.core.ingest;

import fr.geoeduc.core.model.FieldType;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The types of the columns a dataset's schema does not declare: given by the request ({@code --type}), a GeoJSON
 * file's geometry, or inferred from every value of the column ({@link TypeInference}) as the rows go by.
 */
final class ColumnTypes {

    private final Map<Integer, FieldType> given = new HashMap<>();
    private final int[] inferred;
    private final TypeInference[] inference;
    /** The first {@code unsettled} entries: indexes into {@code inferred} of the columns whose type can still change. */
    private final int[] open;
    private int unsettled;

    private ColumnTypes(RawSource raw, List<Integer> unmatched, Map<String, FieldType> requested) {
        List<String> header = raw.header();
        int[] columns = new int[unmatched.size()];
        int n = 0;
        for (int c : unmatched) {
            FieldType t = c == raw.geometryColumn() ? FieldType.GEO_SHAPE : requested.get(header.get(c).strip());
            if (t != null) {
                given.put(c, t);
            } else {
                columns[n++] = c;
            }
        }
        inferred = java.util.Arrays.copyOf(columns, n);
        inference = new TypeInference[n];
        ValueParser parser = new ValueParser();
        for (int k = 0; k < n; k++) {
            inference[k] = new TypeInference(header.get(inferred[k]), parser);
        }
        open = new int[n];
        for (int k = 0; k < n; k++) {
            open[k] = k;
        }
        unsettled = n;
    }

    /** The columns among {@code unmatched} (indexes in the file's header) and how their types are known. */
    static ColumnTypes of(RawSource raw, List<Integer> unmatched, Map<String, FieldType> requested) {
        return new ColumnTypes(raw, unmatched, requested);
    }

    /** Whether some type is inferred from the values, so that the rows must be read before the types are known. */
    boolean needsInference() {
        return inferred.length > 0;
    }

    void accept(RawRow row) {
        accept(row, null);
    }

    /**
     * As {@link #accept(RawRow)}, for a row that {@code build} (when not null) has just typed: a cell is not parsed
     * again as the type the build gave its column ({@link VersionBuild#hadNoValue}).
     */
    void accept(RawRow row, VersionBuild build) {
        Object[] cells = row.cells();
        for (int j = 0; j < unsettled; j++) {
            int k = open[j];
            int c = inferred[k];
            TypeInference inf = inference[k];
            FieldType parsed = build == null ? null : build.typeOf(c);
            if (parsed == null) {
                inf.accept(cells[c]);
            } else {
                inf.accept(cells[c], parsed, build.hadNoValue(c));
            }
            if (inf.settled()) { // text whatever comes next: no longer read
                open[j--] = open[--unsettled];
                open[unsettled] = k;
            }
        }
    }

    /** Every column's type given the rows accepted so far (by header index): the final types after the last row. */
    Map<Integer, FieldType> types() {
        Map<Integer, FieldType> types = new HashMap<>(given);
        for (int k = 0; k < inferred.length; k++) {
            types.put(inferred[k], inference[k].result());
        }
        return types;
    }
}
