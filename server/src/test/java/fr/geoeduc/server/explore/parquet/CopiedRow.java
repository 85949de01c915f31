package fr.geoeduc.server.explore.parquet;

import fr.geoeduc.core.engine.Column;
import fr.geoeduc.core.query.exec.ResultRow;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A test row that says which of its keys are snapshot fields copied unchanged, as the engine's rows do. */
final class CopiedRow extends AbstractMap<String, Object> implements ResultRow {

    private final LinkedHashMap<String, Object> values;
    private final List<String> keys;
    private final Set<String> copied;

    CopiedRow(Map<String, Object> values, Set<String> copied) {
        this.values = new LinkedHashMap<>(values);
        this.keys = new ArrayList<>(values.keySet());
        this.copied = copied;
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return values.entrySet();
    }

    @Override
    public int width() {
        return keys.size();
    }

    @Override
    public String key(int position) {
        return keys.get(position);
    }

    @Override
    public Object value(int position) {
        return values.get(keys.get(position));
    }

    @Override
    public Column.Text textSource(int position) {
        return null;
    }

    @Override
    public int sourceRow() {
        return 0;
    }

    @Override
    public boolean copied(int position) {
        return copied.contains(keys.get(position));
    }
}
