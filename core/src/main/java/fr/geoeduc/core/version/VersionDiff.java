package fr.geoeduc.core.version;

import fr.geoeduc.core.ingest.ValueParser;
import fr.geoeduc.core.model.DatasetVersion;
import fr.geoeduc.core.model.Field;
import fr.geoeduc.core.store.Store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Compares two versions of a dataset by key: rows added, removed, and changed with the fields that changed.
 * Without a declared key, whole rows are compared (a changed row then shows as one removed and one added).
 * Fields present in only one version are listed and left out of the row comparison.
 */
public final class VersionDiff {

    public record FieldChange(String field, String before, String after) {
    }

    public record RowChange(String key, List<FieldChange> changes) {
    }

    public record Result(String datasetId, int from, int to, List<String> keyFields, List<String> fieldsAdded,
                         List<String> fieldsRemoved, long unchanged, List<String> added, List<String> removed,
                         List<RowChange> changed, long addedCount, long removedCount, long changedCount) {
    }

    private final int maxListed;

    public VersionDiff(int maxListed) {
        this.maxListed = maxListed;
    }

    public Result compare(Store store, DatasetVersion a, DatasetVersion b, List<String> keyFields) {
        List<String> common = new ArrayList<>();
        List<String> fieldsAdded = new ArrayList<>();
        List<String> fieldsRemoved = new ArrayList<>();
        for (Field f : a.schema().fields()) {
            (b.schema().indexOf(f.name()) >= 0 ? common : fieldsRemoved).add(f.name());
        }
        for (Field f : b.schema().fields()) {
            if (a.schema().indexOf(f.name()) < 0) {
                fieldsAdded.add(f.name());
            }
        }
        List<String> key = keyFields.stream().allMatch(common::contains) && !keyFields.isEmpty() ? keyFields : List.of();
        int[] keyA = key.stream().mapToInt(a.schema()::indexOf).toArray();
        int[] keyB = key.stream().mapToInt(b.schema()::indexOf).toArray();
        int[] colsA = common.stream().mapToInt(a.schema()::indexOf).toArray();
        int[] colsB = common.stream().mapToInt(b.schema()::indexOf).toArray();

        Map<String, List<String[]>> before = new HashMap<>();
        store.readRows(a, row -> {
            String[] values = project(row, colsA);
            before.computeIfAbsent(key.isEmpty() ? String.join("\u001f", values) : keyOf(row, keyA), k -> new ArrayList<>()).add(values);
        });
        List<String> added = new ArrayList<>();
        List<RowChange> changed = new ArrayList<>();
        long[] counts = new long[3];
        store.readRows(b, row -> {
            String[] values = project(row, colsB);
            String k = key.isEmpty() ? String.join("\u001f", values) : keyOf(row, keyB);
            List<String[]> olds = before.get(k);
            if (olds == null || olds.isEmpty()) {
                counts[0]++;
                if (added.size() < maxListed) {
                    added.add(display(k));
                }
                return;
            }
            String[] old = olds.remove(0);
            if (olds.isEmpty()) {
                before.remove(k);
            }
            List<FieldChange> changes = new ArrayList<>();
            for (int i = 0; i < values.length; i++) {
                if (!Objects.equals(old[i], values[i])) {
                    changes.add(new FieldChange(common.get(i), old[i], values[i]));
                }
            }
            if (changes.isEmpty()) {
                counts[2]++;
            } else {
                counts[1]++;
                if (changed.size() < maxListed) {
                    changed.add(new RowChange(display(k), changes));
                }
            }
        });
        List<String> removed = new ArrayList<>();
        long removedCount = 0;
        for (Map.Entry<String, List<String[]>> e : new LinkedHashMap<>(before).entrySet()) {
            removedCount += e.getValue().size();
            if (removed.size() < maxListed) {
                removed.add(display(e.getKey()));
            }
        }
        return new Result(a.datasetId(), a.number(), b.number(), key, fieldsAdded, fieldsRemoved, counts[2], added, removed,
                changed, counts[0], removedCount, counts[1]);
    }

    private static String[] project(Object[] row, int[] cols) {
        String[] out = new String[cols.length];
        for (int i = 0; i < cols.length; i++) {
            out[i] = row[cols[i]] == null ? null : ValueParser.format(row[cols[i]]);
        }
        return out;
    }

    private static String keyOf(Object[] row, int[] cols) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < cols.length; i++) {
            sb.append(i > 0 ? "\u001f" : "").append(row[cols[i]] == null ? "" : ValueParser.format(row[cols[i]]));
        }
        return sb.toString();
    }

    private static String display(String key) {
        String s = key.replace('\u001f', '/');
        return s.length() > 160 ? s.substring(0, 157) + "…" : s;
    }
}
