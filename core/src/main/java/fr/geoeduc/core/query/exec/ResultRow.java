package fr.geoeduc.core.query.exec;

import fr.geoeduc.core.engine.Column;

import java.util.Map;

/**
 * A result row that also says where its values come from, so that writers can reuse what they computed once per
 * dictionary value of a text column instead of encoding every cell again.
 */
public interface ResultRow extends Map<String, Object> {

    int width();

    String key(int position);

    Object value(int position);

    /** The text column a value was read from unchanged, or null for a computed value or another type. */
    Column.Text textSource(int position);

    /** The row of the snapshot the values were read from, or -1 when the row was computed (groups, aggregates). */
    int sourceRow();

    /** True when the value at this position is a snapshot field copied unchanged (not an expression or an alias of one). */
    boolean copied(int position);
}
