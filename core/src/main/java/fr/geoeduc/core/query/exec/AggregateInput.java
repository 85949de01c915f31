package fr.geoeduc.core.query.exec;

import fr.geoeduc.core.engine.Column;

import java.util.BitSet;

/**
 * Gives an aggregate its argument, row by row: read straight from the vector of a plain integer or decimal field,
 * without a box per row, and through the compiled expression for everything else.
 */
@FunctionalInterface
interface AggregateInput {

    void feed(Aggregator into, int row);

    /** {@code count(*)}: every row counts. Grouping by dictionary codes counts a group's rows without feeding them one by one. */
    AggregateInput COUNT_ALL = (into, row) -> into.add(Boolean.TRUE);

    /**
     * {@code column} is the field's column when the argument is a plain field, null otherwise. A text field's values
     * are given by their codes, decoded only by the aggregates that need the text (a distinct count of 12 million INEs
     * keeps codes, not 12 million strings).
     */
    static AggregateInput of(RowFn value, Column column) {
        if (column instanceof Column.Text t) {
            fr.geoeduc.core.engine.IntVec codes = t.codes();
            fr.geoeduc.core.engine.TextDictionary dictionary = t.dictionary();
            return (into, row) -> into.addCode(codes.get(row), dictionary);
        }
        if (column instanceof Column.Int c) {
            fr.geoeduc.core.engine.LongVec values = c.values();
            BitSet nulls = c.nulls();
            return (into, row) -> {
                if (nulls.get(row)) {
                    into.add(null);
                } else {
                    into.addLong(values.get(row));
                }
            };
        }
        if (column instanceof Column.Dbl c) {
            fr.geoeduc.core.engine.DoubleVec values = c.values();
            BitSet nulls = c.nulls();
            return (into, row) -> {
                if (nulls.get(row)) {
                    into.add(null);
                } else {
                    into.addDouble(values.get(row));
                }
            };
        }
        return (into, row) -> into.add(value.apply(row));
    }
}
