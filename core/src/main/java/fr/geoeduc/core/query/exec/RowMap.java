package fr.geoeduc.core.query.exec;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * One result row as a read-only map: the field names, shared by every row of a result, and this row's values,
 * in the projection's order. Building a hash map per row cost more than the query itself on wide datasets.
 */
final class RowMap extends AbstractMap<String, Object> implements ResultRow {

    /** The names of a result's columns, in order, with their positions and, for plain text fields, their column. */
    static final class Keys {
        private final String[] names;
        private final Map<String, Integer> positions;
        private final fr.geoeduc.core.engine.Column.Text[] textSources;
        private final boolean[] copied;

        Keys(List<String> names, fr.geoeduc.core.engine.Column.Text[] textSources, boolean[] copied) {
            this.textSources = textSources;
            this.copied = copied;
            this.names = names.toArray(String[]::new);
            this.positions = new HashMap<>(names.size() * 2);
            for (int i = 0; i < this.names.length; i++) {
                positions.putIfAbsent(this.names[i], i);
            }
        }

        int size() {
            return names.length;
        }
    }

    private final Keys keys;
    private final Object[] values;
    private final int sourceRow;

    RowMap(Keys keys, Object[] values, int sourceRow) {
        this.keys = keys;
        this.values = values;
        this.sourceRow = sourceRow;
    }

    @Override
    public int width() {
        return values.length;
    }

    @Override
    public String key(int position) {
        return keys.names[position];
    }

    @Override
    public Object value(int position) {
        fr.geoeduc.core.engine.Column.Text text = textSource(position);
        return text == null ? values[position] : text.get(sourceRow); // text fields are read when asked for
    }

    @Override
    public fr.geoeduc.core.engine.Column.Text textSource(int position) {
        return sourceRow < 0 ? null : keys.textSources[position];
    }

    @Override
    public int sourceRow() {
        return sourceRow;
    }

    @Override
    public boolean copied(int position) {
        return sourceRow >= 0 && keys.copied[position];
    }

    @Override
    public int size() {
        return values.length;
    }

    @Override
    public Object get(Object key) {
        Integer i = keys.positions.get(key);
        return i == null ? null : value(i);
    }

    @Override
    public boolean containsKey(Object key) {
        return keys.positions.containsKey(key);
    }

    @Override
    public void forEach(BiConsumer<? super String, ? super Object> action) {
        for (int i = 0; i < values.length; i++) {
            action.accept(keys.names[i], value(i));
        }
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, Object>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < values.length;
                    }

                    @Override
                    public Entry<String, Object> next() {
                        if (next >= values.length) {
                            throw new NoSuchElementException();
                        }
                        int i = next++;
                        return new SimpleImmutableEntry<>(keys.names[i], value(i));
                    }
                };
            }

            @Override
            public int size() {
                return values.length;
            }
        };
    }
}
