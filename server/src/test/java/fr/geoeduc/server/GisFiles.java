package fr.geoeduc.server;

import com.google.common.io.LittleEndianDataInputStream;
import mil.nga.geopackage.GeoPackage;
import mil.nga.geopackage.GeoPackageManager;
import mil.nga.geopackage.extension.rtree.RTreeIndexExtension;
import mil.nga.geopackage.features.user.FeatureColumn;
import mil.nga.geopackage.features.user.FeatureDao;
import mil.nga.geopackage.features.user.FeatureResultSet;
import mil.nga.geopackage.features.user.FeatureRow;
import mil.nga.geopackage.geom.GeoPackageGeometryData;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.WKBReader;
import org.wololo.flatgeobuf.ColumnMeta;
import org.wololo.flatgeobuf.GeometryConversions;
import org.wololo.flatgeobuf.HeaderMeta;
import org.wololo.flatgeobuf.PackedRTree;
import org.wololo.flatgeobuf.generated.ColumnType;
import org.wololo.flatgeobuf.generated.Feature;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads a downloaded GeoPackage (NGA geopackage-java) or FlatGeobuf (flatgeobuf-java) back into plain values. */
final class GisFiles {

    /** A layer read back: column name → type name, features, the EPSG code, whether it has a spatial index. */
    record Read(String table, Map<String, String> columns, List<Row> features, long epsg, boolean indexed) {
    }

    /** A feature: its attribute values, its geometry (JTS, null for none). */
    record Row(Map<String, Object> values, Geometry geometry) {
    }

    private GisFiles() {
    }

    static Read geopackage(Path file) throws Exception {
        try (GeoPackage gpkg = GeoPackageManager.open(file.toFile(), false)) {
            List<String> tables = gpkg.getFeatureTables();
            if (tables.size() != 1) {
                throw new AssertionError("one feature table expected: " + tables);
            }
            FeatureDao dao = gpkg.getFeatureDao(tables.get(0));
            Map<String, String> columns = new LinkedHashMap<>();
            for (FeatureColumn c : dao.getTable().getColumns()) {
                if (!c.isPrimaryKey() && !c.isGeometry()) {
                    columns.put(c.getName(), c.getDataType().name());
                }
            }
            List<Row> rows = new ArrayList<>();
            WKBReader wkb = new WKBReader();
            FeatureResultSet rs = dao.queryForAll();
            try {
                while (rs.moveToNext()) {
                    FeatureRow row = rs.getRow();
                    Map<String, Object> values = new LinkedHashMap<>();
                    for (String c : columns.keySet()) {
                        Object v = row.getValue(c);
                        // NGA reads a DATE column as java.util.Date; the file holds the ISO text
                        values.put(c, v instanceof java.util.Date d ? d.toInstant().atZone(java.time.ZoneOffset.UTC).toLocalDate().toString() : v);
                    }
                    GeoPackageGeometryData g = row.getGeometry();
                    rows.add(new Row(values, g == null || g.getGeometry() == null ? null : wkb.read(g.getWkb())));
                }
            } finally {
                rs.close();
            }
            boolean indexed = new RTreeIndexExtension(gpkg).has(tables.get(0));
            return new Read(tables.get(0), columns, rows, dao.getSrs().getOrganizationCoordsysId(), indexed);
        }
    }

    static Read flatgeobuf(Path file) throws IOException {
        ByteBuffer bb = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        HeaderMeta h = HeaderMeta.read(bb); // checks the magic bytes
        int position = h.offset;
        if (h.indexNodeSize > 0) {
            position += (int) PackedRTree.calcSize((int) h.featuresCount, h.indexNodeSize);
        }
        Map<String, String> columns = new LinkedHashMap<>();
        for (ColumnMeta c : h.columns) {
            columns.put(c.name, ColumnType.name(c.type));
        }
        List<Row> rows = new ArrayList<>();
        for (long i = 0; i < h.featuresCount; i++) {
            int size = bb.getInt(position);
            ByteBuffer slice = bb.slice(position + 4, size).order(ByteOrder.LITTLE_ENDIAN);
            Feature f = Feature.getRootAsFeature(slice);
            Geometry g = f.geometry() == null ? null : GeometryConversions.deserialize(f.geometry(), h.geometryType);
            rows.add(new Row(properties(f, h.columns), g));
            position += 4 + size;
        }
        if (position != bb.limit()) {
            throw new AssertionError("bytes after the last feature: " + (bb.limit() - position));
        }
        return new Read(h.name, columns, rows, h.srid, h.indexNodeSize > 0);
    }

    private static Map<String, Object> properties(Feature f, List<ColumnMeta> columns) throws IOException {
        Map<String, Object> values = new LinkedHashMap<>();
        columns.forEach(c -> values.put(c.name, null));
        ByteBuffer p = f.propertiesAsByteBuffer();
        if (p == null) {
            return values;
        }
        byte[] bytes = new byte[p.remaining()];
        p.get(bytes);
        try (LittleEndianDataInputStream in = new LittleEndianDataInputStream(new java.io.ByteArrayInputStream(bytes))) {
            while (in.available() > 0) {
                ColumnMeta c = columns.get(in.readUnsignedShort());
                Object v = switch (c.type) {
                    case ColumnType.Bool -> in.readByte() != 0;
                    case ColumnType.Long -> in.readLong();
                    case ColumnType.Double -> in.readDouble();
                    case ColumnType.String, ColumnType.DateTime, ColumnType.Json -> {
                        byte[] text = new byte[in.readInt()];
                        in.readFully(text);
                        yield new String(text, StandardCharsets.UTF_8);
                    }
                    default -> throw new AssertionError("type " + c.type + " not written by GéoÉduc");
                };
                values.put(c.name, v);
            }
        }
        return values;
    }
}
