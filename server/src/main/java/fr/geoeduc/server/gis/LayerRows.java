package fr.geoeduc.server.gis;

import fr.geoeduc.core.model.Field;
import fr.geoeduc.core.model.FieldType;
import fr.geoeduc.core.model.GeoPoint;
import fr.geoeduc.core.model.Schema;
import fr.geoeduc.core.query.exec.ResultRow;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The sink of a query's rows that writes them as one layer of a GIS file. The layer is laid out from the first row
 * (as the Parquet export does): a column per key, typed by its field in the caller's view when it is that field copied
 * unchanged, else by its first value; the geometry is the {@link Spec#geometryKey()} value, or the first geo value of
 * the row, reprojected by {@link Spec#project()}; other geo values are WKT text. With no row, the columns are
 * {@link Spec#emptyColumns()}. More than {@link #MAX_FEATURES} rows stop the download.
 */
public final class LayerRows implements Consumer<Map<String, Object>>, AutoCloseable {

    /** The most features one download holds (a national layer of every school address is about 65,000). */
    public static final long MAX_FEATURES = 1_000_000;

    /**
     * @param table        layer (table) name in the file
     * @param schema       the caller's view of the dataset (types of the copied fields)
     * @param geometryKey  the row key of the geometry, null for the first geo value of the row
     * @param renames      file column names of some row keys ({@code _id} → {@code id})
     * @param emptyColumns the row keys of the columns when the query matches nothing
     * @param epsg         the CRS of the written coordinates
     * @param project      WGS84 longitude/latitude geometry → the CRS, easting first (null when it cannot be expressed)
     */
    public record Spec(GisFormat format, String table, String title, Schema schema, String geometryKey, Map<String, String> renames,
                       List<String> emptyColumns, int epsg, UnaryOperator<Geometry> project) {
    }

    private static final GeometryFactory FACTORY = new GeometryFactory();
    private static final Set<String> RESERVED = Set.of("fid", GeoPackageFile.GEOMETRY_COLUMN);

    private final Spec spec;
    private final Path dir;
    private final long max;
    private LayerFile file;
    private String geometryKey;
    private List<LayerColumn> columns;
    private long count;

    public LayerRows(Spec spec, Path dir, long max) {
        this.spec = spec;
        this.dir = dir;
        this.max = max;
    }

    public LayerRows(Spec spec) {
        this(spec, Path.of(System.getProperty("java.io.tmpdir")), MAX_FEATURES);
    }

    @Override
    public void accept(Map<String, Object> row) {
        try {
            if (file == null) {
                open(row);
            }
            if (++count > max) {
                throw new GisDownloadException(GisDownloadException.Reason.TOO_MANY_FEATURES, "la sélection compte plus de "
                        + String.format(Locale.FRANCE, "%,d", max) + " entités, le maximum d'un téléchargement "
                        + spec.format().title + " : réduisez-la (bbox, filtre) ou découpez-la (limit, offset)", null);
            }
            Object[] values = new Object[columns.size()];
            for (int i = 0; i < values.length; i++) {
                LayerColumn c = columns.get(i);
                values[i] = c.kind().coerce(row.get(c.key()));
            }
            file.add(geometryKey == null ? null : geometry(row.get(geometryKey)), values);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Completes the file (index, extent); every failure happens here or before, never while streaming. */
    public void finish() throws IOException {
        if (file == null) {
            open(null);
        }
        file.finish();
    }

    public void transferTo(OutputStream out) throws IOException {
        file.transferTo(out);
    }

    public long count() {
        return count;
    }

    @Override
    public void close() {
        if (file != null) {
            file.close();
        }
    }

    private void open(Map<String, Object> first) throws IOException {
        List<String> keys = first == null ? spec.emptyColumns() : new ArrayList<>(first.keySet());
        geometryKey = spec.geometryKey() != null ? spec.geometryKey() : firstGeo(keys, first).orElse(null);
        columns = new ArrayList<>();
        Set<String> names = new HashSet<>(RESERVED);
        int position = -1;
        for (String key : keys) {
            position++;
            if (key.equals(geometryKey)) {
                continue;
            }
            FieldType declared = declared(key, first, position);
            ColumnKind kind = declared != null ? ColumnKind.of(declared) : first == null ? ColumnKind.TEXT : ColumnKind.ofValue(first.get(key));
            String name = spec.renames().getOrDefault(key, key);
            while (!names.add(name.toLowerCase(Locale.ROOT))) {
                name = name + "_";
            }
            columns.add(new LayerColumn(name, key, kind));
        }
        boolean points = geometryKey != null && (declaredType(geometryKey) == FieldType.GEO_POINT_2D
                || declaredType(geometryKey) == null && first != null && first.get(geometryKey) instanceof GeoPoint);
        file = spec.format().open(new Layer(spec.table(), spec.title(), columns, points, spec.epsg()), dir);
    }

    /** The field type of a key when the row holds that field copied unchanged. */
    private FieldType declared(String key, Map<String, Object> first, int position) {
        if (first instanceof ResultRow r && !r.copied(position)) {
            return null;
        }
        return declaredType(key);
    }

    private FieldType declaredType(String key) {
        return spec.schema().find(key).map(Field::type).orElse(null);
    }

    private Optional<String> firstGeo(List<String> keys, Map<String, Object> first) {
        for (String k : keys) {
            FieldType t = declaredType(k);
            Object v = first == null ? null : first.get(k);
            if (t != null && t.isGeo() || v instanceof GeoPoint || v instanceof Geometry) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }

    private Geometry geometry(Object v) {
        Geometry wgs84 = switch (v) {
            case GeoPoint p -> FACTORY.createPoint(new Coordinate(p.lon(), p.lat()));
            case Geometry g when !g.isEmpty() -> g;
            case null, default -> null;
        };
        if (wgs84 == null) {
            return null;
        }
        Geometry out;
        try {
            out = spec.project().apply(wgs84);
        } catch (RuntimeException offDomain) {
            return null;
        }
        if (out == null) {
            return null;
        }
        for (Coordinate c : out.getCoordinates()) {
            if (!Double.isFinite(c.x) || !Double.isFinite(c.y)) {
                return null;
            }
        }
        return out;
    }
}
