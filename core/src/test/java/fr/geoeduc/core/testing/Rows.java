package fr.geoeduc.core.testing;

import fr.geoeduc.core.model.DatasetVersion;
import fr.geoeduc.core.model.Field;
import fr.geoeduc.core.model.FieldType;
import fr.geoeduc.core.store.Store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** Reads back the records of a version as field name → value maps, and inspects the SQLite file directly. */
public final class Rows {

    private Rows() {
    }

    public static List<Map<String, Object>> read(Store store, DatasetVersion version) {
        List<Field> fields = version.schema().fields();
        List<Map<String, Object>> out = new ArrayList<>();
        store.readRows(version, row -> {
            Map<String, Object> record = new LinkedHashMap<>();
            for (int i = 0; i < fields.size(); i++) {
                record.put(fields.get(i).name(), row[i]);
            }
            out.add(record);
        });
        return out;
    }

    public static long count(Store store, DatasetVersion version) {
        long[] n = {0};
        store.readRows(version, row -> n[0]++);
        return n[0];
    }

    public static Map<String, Object> only(List<Map<String, Object>> rows, Predicate<Map<String, Object>> filter) {
        List<Map<String, Object>> found = rows.stream().filter(filter).toList();
        if (found.size() != 1) {
            throw new AssertionError("expected exactly one matching record, found " + found.size());
        }
        return found.get(0);
    }

    public static Map<String, FieldType> types(DatasetVersion version) {
        Map<String, FieldType> out = new LinkedHashMap<>();
        version.schema().fields().forEach(f -> out.put(f.name(), f.type()));
        return out;
    }

    /** One number from the SQLite file of a data directory, with plain JDBC (no store code involved). */
    public static long sql(Path dataDir, String query) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("geoeduc.db"));
             Statement s = c.createStatement(); ResultSet r = s.executeQuery(query)) {
            r.next();
            return r.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(query + ": " + e.getMessage(), e);
        }
    }

    /** Staged blocks that belong to no published version. */
    public static long orphanBlocks(Path dataDir) {
        return sql(dataDir, "SELECT COUNT(*) FROM record_block WHERE batch_id NOT IN (SELECT batch_id FROM dataset_version)");
    }

    public static long stagedBatches(Path dataDir) {
        return sql(dataDir, "SELECT COUNT(*) FROM batch");
    }
}
