package fr.geoeduc.core.store;

import fr.geoeduc.core.model.ValueText;
import fr.geoeduc.core.model.Field;
import fr.geoeduc.core.model.GeoPoint;
import fr.geoeduc.core.model.Schema;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.WKBWriter;
import org.postgresql.PGConnection;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * The PostGIS face of published versions: {@code donnees.<dataset>_v<N>} tables (a {@code fid} key, one column
 * per field, {@code geometry(Point|Geometry, 4326)} for geo fields with a GiST index) and a view
 * {@code donnees.<dataset>} on the current version. Rows are staged with COPY into {@code donnees.stg_<batch>}
 * while the version is written, then renamed in the publication transaction (PostgreSQL DDL is transactional).
 */
final class GisTables {

    static final String SCHEMA = "donnees";
    private static final int MAX_IDENTIFIER = 63;

    void stage(Connection c, String batch, Schema schema, List<Object[]> rows) throws SQLException {
        String table = quote(stagingName(batch));
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + SCHEMA + "." + table + " (fid BIGSERIAL PRIMARY KEY, " + columns(schema) + ")");
        }
        StringBuilder copy = new StringBuilder(rows.size() * 128);
        WKBWriter wkb = new WKBWriter(2, true);
        for (Object[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                copy.append(i > 0 ? '\t' : "");
                appendCopyValue(copy, row[i], wkb);
            }
            copy.append('\n');
        }
        try {
            c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + SCHEMA + "." + table + " (" + columnNames(schema)
                    + ") FROM STDIN", new StringReader(copy.toString()));
        } catch (IOException e) {
            throw new SQLException("COPY into " + table + " failed: " + e.getMessage(), e);
        }
    }

    void publish(Connection c, String batch, String datasetId, int version, Schema schema) throws SQLException {
        String staging = stagingName(batch);
        String view = baseName(datasetId);
        String table = view + "_v" + version;
        List<String> geometryColumns = new ArrayList<>();
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + SCHEMA + "." + quote(staging) + " (fid BIGSERIAL PRIMARY KEY, " + columns(schema) + ")");
            s.execute("ALTER TABLE " + SCHEMA + "." + quote(staging) + " RENAME TO " + quote(table));
            for (Field f : schema.fields()) {
                if (f.type().isGeo()) {
                    geometryColumns.add(f.name());
                    s.execute("CREATE INDEX " + quote(indexName(table, f.name())) + " ON " + SCHEMA + "." + quote(table)
                            + " USING GIST (" + quote(f.name()) + ")");
                }
            }
            s.execute("COMMENT ON TABLE " + SCHEMA + "." + quote(table) + " IS " + literal("GéoÉduc " + datasetId + " version " + version));
            s.execute("DROP VIEW IF EXISTS " + SCHEMA + "." + quote(view));
            s.execute("CREATE VIEW " + SCHEMA + "." + quote(view) + " AS SELECT * FROM " + SCHEMA + "." + quote(table));
            s.execute("COMMENT ON VIEW " + SCHEMA + "." + quote(view) + " IS " + literal("GéoÉduc " + datasetId + " : version courante"));
        }
        try (PreparedStatement p = c.prepareStatement("INSERT INTO " + SCHEMA + ".tables_publiees (dataset_id, version, table_name, "
                + "view_name, geometry_columns, published_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            p.setString(1, datasetId);
            p.setInt(2, version);
            p.setString(3, table);
            p.setString(4, view);
            p.setString(5, String.join(",", geometryColumns));
            p.setString(6, Instant.now().toString());
            p.executeUpdate();
        }
    }

    void discard(Connection c, String batch) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + SCHEMA + "." + quote(stagingName(batch)));
        }
    }

    /** The view name of a dataset: its id with '-' and '.' as '_', shortened with a hash to fit PostgreSQL's 63 bytes. */
    static String baseName(String datasetId) {
        String slug = datasetId.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        int room = MAX_IDENTIFIER - "_v999999".length();
        if (slug.length() <= room) {
            return slug;
        }
        return slug.substring(0, room - 7) + "_" + shortHash(datasetId);
    }

    static String stagingName(String batch) {
        return "stg_" + batch.replace("-", "");
    }

    private static String indexName(String table, String column) {
        String name = table + "_" + column.replaceAll("[^a-z0-9_]", "_") + "_gist";
        return name.length() <= MAX_IDENTIFIER ? name : table.substring(0, Math.min(table.length(), 40)) + "_" + shortHash(table + column) + "_gist";
    }

    private static String columns(Schema schema) {
        StringBuilder sb = new StringBuilder();
        for (Field f : schema.fields()) {
            sb.append(sb.isEmpty() ? "" : ", ").append(quote(f.name())).append(' ').append(switch (f.type()) {
                case TEXT -> "TEXT";
                case INT -> "BIGINT";
                case DOUBLE -> "DOUBLE PRECISION";
                case BOOLEAN -> "BOOLEAN";
                case DATE -> "DATE";
                case DATETIME -> "TIMESTAMPTZ";
                case GEO_POINT_2D -> "geometry(Point, 4326)";
                case GEO_SHAPE -> "geometry(Geometry, 4326)";
            });
        }
        return sb.toString();
    }

    private static String columnNames(Schema schema) {
        StringBuilder sb = new StringBuilder();
        for (Field f : schema.fields()) {
            sb.append(sb.isEmpty() ? "" : ", ").append(quote(f.name()));
        }
        return sb.toString();
    }

    private static void appendCopyValue(StringBuilder sb, Object v, WKBWriter wkb) {
        switch (v) {
            case null -> sb.append("\\N");
            case GeoPoint p -> sb.append("SRID=4326;POINT(").append(p.lon()).append(' ').append(p.lat()).append(')');
            case Geometry g -> {
                g.setSRID(4326);
                sb.append(WKBWriter.toHex(wkb.write(g)));
            }
            case LocalDate d -> sb.append(d);
            case Instant i -> sb.append(i);
            default -> escape(sb, ValueText.format(v));
        }
    }

    private static void escape(StringBuilder sb, String s) {
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '\\' -> sb.append("\\\\");
                case '\t' -> sb.append("\\t");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                default -> sb.append(ch);
            }
        }
    }

    static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    private static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    private static String shortHash(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 3);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
