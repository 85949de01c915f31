package fr.geoeduc.core.model;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The ordered fields of one dataset version; rows are {@code Object[]} aligned with them. */
public record Schema(List<Field> fields) {

    public Schema {
        fields = List.copyOf(fields);
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < fields.size(); i++) {
            if (seen.put(fields.get(i).name(), i) != null) {
                throw new IllegalArgumentException("field '" + fields.get(i).name() + "' appears twice in the schema");
            }
        }
    }

    public int size() {
        return fields.size();
    }

    public Field field(int index) {
        return fields.get(index);
    }

    public int indexOf(String name) {
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    public Optional<Field> find(String name) {
        int i = indexOf(name);
        return i < 0 ? Optional.empty() : Optional.of(fields.get(i));
    }
}
