package fr.geoeduc.server.gis;

import mil.nga.geopackage.GeoPackage;
import mil.nga.geopackage.GeoPackageManager;
import mil.nga.geopackage.contents.Contents;
import mil.nga.geopackage.db.GeoPackageDataType;
import mil.nga.geopackage.db.TableColumnKey;
import mil.nga.geopackage.extension.rtree.RTreeIndexExtension;
import mil.nga.geopackage.features.columns.GeometryColumns;
import mil.nga.geopackage.features.user.FeatureColumn;
import mil.nga.geopackage.features.user.FeatureDao;
import mil.nga.geopackage.features.user.FeatureRow;
import mil.nga.geopackage.features.user.FeatureTableMetadata;
import mil.nga.geopackage.geom.GeoPackageGeometryData;
import mil.nga.geopackage.srs.SpatialReferenceSystem;
import mil.nga.sf.GeometryType;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.WKBWriter;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * A GeoPackage 1.x file written with NGA's geopackage-java: one feature table (primary key {@code fid}, geometry column
 * {@code geom} in the layer's SRS, typed attribute columns), its extent in {@code gpkg_contents} and an R-tree spatial
 * index ({@code gpkg_rtree_index} extension), in a temporary SQLite file deleted on {@link #close()}.
 */
final class GeoPackageFile implements LayerFile {

    static final String GEOMETRY_COLUMN = "geom";
    private static final int ROWS_PER_TRANSACTION = 20_000;
    private static final DateTimeFormatter DATETIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final Layer layer;
    private final Path path;
    private final GeoPackage gpkg;
    private final FeatureDao dao;
    private final long srsId;
    private final WKBWriter wkb = new WKBWriter(2);
    private final Envelope extent = new Envelope();
    private long rows;
    private boolean closed;

    GeoPackageFile(Layer layer, Path dir) throws IOException {
        this.layer = layer;
        this.path = Files.createTempFile(dir, "geoeduc-", ".gpkg");
        GeoPackage opened = null;
        try {
            Files.delete(path); // the manager creates the file itself
            GeoPackageManager.create(path.toFile());
            opened = GeoPackageManager.open(path.toFile());
            SpatialReferenceSystem srs = GeoPackageSrs.of(opened, layer.epsg());
            srsId = srs.getSrsId();
            GeometryColumns geometry = new GeometryColumns();
            geometry.setId(new TableColumnKey(layer.name(), GEOMETRY_COLUMN));
            geometry.setGeometryType(layer.points() ? GeometryType.POINT : GeometryType.GEOMETRY);
            geometry.setZ((byte) 0);
            geometry.setM((byte) 0);
            geometry.setSrs(srs);
            List<FeatureColumn> columns = new ArrayList<>();
            for (LayerColumn c : layer.columns()) {
                columns.add(FeatureColumn.createColumn(c.name(), type(c.kind())));
            }
            FeatureTableMetadata metadata = FeatureTableMetadata.create(geometry, "fid", columns);
            metadata.setIdentifier(layer.name());
            metadata.setDescription(layer.title());
            opened.createFeatureTable(metadata);
            dao = opened.getFeatureDao(layer.name());
            opened.beginTransaction();
            gpkg = opened;
        } catch (SQLException | RuntimeException e) {
            if (opened != null) {
                opened.close();
            }
            Files.deleteIfExists(path);
            throw failure(e);
        }
    }

    private static GeoPackageDataType type(ColumnKind kind) {
        return switch (kind) {
            case TEXT -> GeoPackageDataType.TEXT;
            case INTEGER -> GeoPackageDataType.INTEGER;
            case REAL -> GeoPackageDataType.REAL;
            case BOOLEAN -> GeoPackageDataType.BOOLEAN;
            case DATE -> GeoPackageDataType.DATE;
            case DATETIME -> GeoPackageDataType.DATETIME;
        };
    }

    @Override
    public void add(Geometry geometry, Object[] values) throws IOException {
        try {
            FeatureRow row = dao.newRow();
            if (geometry != null) {
                row.setGeometry(GeoPackageGeometryData.createFromWkbAndBuildEnvelope(srsId, wkb.write(geometry)));
                extent.expandToInclude(geometry.getEnvelopeInternal());
            }
            List<LayerColumn> columns = layer.columns();
            for (int i = 0; i < values.length; i++) {
                Object v = values[i];
                if (v != null) {
                    row.setValue(columns.get(i).name(), switch (v) {
                        case java.time.LocalDate d -> d.toString();
                        case Instant t -> DATETIME.format(t);
                        default -> v;
                    });
                }
            }
            dao.insert(row);
            if (++rows % ROWS_PER_TRANSACTION == 0) {
                gpkg.endAndBeginTransaction();
            }
        } catch (RuntimeException e) {
            throw failure(e);
        }
    }

    @Override
    public void finish() throws IOException {
        try {
            gpkg.endTransaction(true);
            if (!extent.isNull()) {
                Contents contents = dao.getGeometryColumns().getContents();
                contents.setMinX(extent.getMinX());
                contents.setMinY(extent.getMinY());
                contents.setMaxX(extent.getMaxX());
                contents.setMaxY(extent.getMaxY());
                gpkg.getContentsDao().update(contents);
            }
            new RTreeIndexExtension(gpkg).create(dao.getTable());
            gpkg.close();
            closed = true;
        } catch (SQLException | RuntimeException e) {
            throw failure(e);
        }
    }

    @Override
    public void transferTo(OutputStream out) throws IOException {
        Files.copy(path, out);
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            try {
                gpkg.close();
            } catch (RuntimeException ignored) {
                // the file is deleted below
            }
        }
        try {
            Files.deleteIfExists(path);
            Files.deleteIfExists(Path.of(path + "-journal"));
        } catch (IOException ignored) {
            // a temporary file left behind is removed with the temporary directory
        }
    }

    /** A disk-full failure as a {@link GisDownloadException}; anything else as it is (an IOException when it was one). */
    private static IOException failure(Exception e) {
        if (GisDownloadException.isDiskFull(e)) {
            throw GisDownloadException.diskFull(e);
        }
        return e instanceof IOException io ? io : new IOException("GeoPackage : " + e.getMessage(), e);
    }

}
