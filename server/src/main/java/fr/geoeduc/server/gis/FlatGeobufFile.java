package fr.geoeduc.server.gis;

import com.google.flatbuffers.FlatBufferBuilder;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.wololo.flatgeobuf.ColumnMeta;
import org.wololo.flatgeobuf.Constants;
import org.wololo.flatgeobuf.GeometryConversions;
import org.wololo.flatgeobuf.HeaderMeta;
import org.wololo.flatgeobuf.NodeItem;
import org.wololo.flatgeobuf.PackedRTree;
import org.wololo.flatgeobuf.generated.ColumnType;
import org.wololo.flatgeobuf.generated.Feature;
import org.wololo.flatgeobuf.generated.GeometryType;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A FlatGeobuf file written with flatgeobuf-java: features are serialised as they come into a temporary file; at the end
 * they are sorted along the Hilbert curve and preceded by the header (columns, CRS, extent, count) and the packed
 * Hilbert R-tree. The index needs a box for every feature: when some feature has no geometry, the file is written
 * without index (features in query order), as GDAL does not index such layers either.
 */
final class FlatGeobufFile implements LayerFile {

    static final short NODE_SIZE = 16;

    private final Layer layer;
    private final byte geometryType;
    private final Path path;
    private final OutputStream features;
    private final FlatGeobufProperties properties = new FlatGeobufProperties();
    private final List<PackedRTree.FeatureItem> items = new ArrayList<>();
    private final Envelope extent = new Envelope();
    private long written;
    private boolean allLocated = true;
    private PackedRTree tree;
    private List<? extends PackedRTree.Item> order;

    FlatGeobufFile(Layer layer, Path dir) throws IOException {
        this.layer = layer;
        this.geometryType = (byte) (layer.points() ? GeometryType.Point : GeometryType.Unknown);
        this.path = Files.createTempFile(dir, "geoeduc-", ".fgb.features");
        this.features = new BufferedOutputStream(Files.newOutputStream(path), 1 << 16);
    }

    @Override
    public void add(Geometry geometry, Object[] values) throws IOException {
        FlatBufferBuilder builder = new FlatBufferBuilder(1024);
        int geometryOffset = geometry == null ? 0 : GeometryConversions.serialize(builder, geometry, geometryType);
        byte[] encoded = properties.encode(values);
        int propertiesOffset = encoded.length == 0 ? 0 : Feature.createPropertiesVector(builder, encoded);
        Feature.startFeature(builder);
        if (geometryOffset != 0) {
            Feature.addGeometry(builder, geometryOffset);
        }
        if (propertiesOffset != 0) {
            Feature.addProperties(builder, propertiesOffset);
        }
        builder.finishSizePrefixed(Feature.endFeature(builder));
        byte[] bytes = builder.sizedByteArray();
        try {
            features.write(bytes);
        } catch (IOException e) {
            if (GisDownloadException.isDiskFull(e)) {
                throw GisDownloadException.diskFull(e);
            }
            throw e;
        }
        PackedRTree.FeatureItem item = new PackedRTree.FeatureItem();
        item.offset = written;
        item.size = bytes.length;
        if (geometry == null || geometry.isEmpty()) {
            allLocated = false;
            item.nodeItem = new NodeItem(0);
        } else {
            Envelope e = geometry.getEnvelopeInternal();
            extent.expandToInclude(e);
            item.nodeItem = new NodeItem(e.getMinX(), e.getMinY(), e.getMaxX(), e.getMaxY());
        }
        items.add(item);
        written += bytes.length;
    }

    @Override
    public void finish() throws IOException {
        try {
            features.close();
        } catch (IOException e) {
            if (GisDownloadException.isDiskFull(e)) {
                throw GisDownloadException.diskFull(e);
            }
            throw e;
        }
        if (allLocated && !items.isEmpty()) {
            order = PackedRTree.hilbertSort(items, PackedRTree.calcExtent(items));
            // the leaves point at each feature's offset in the sorted feature section
            long offset = 0;
            for (PackedRTree.Item i : order) {
                PackedRTree.FeatureItem f = (PackedRTree.FeatureItem) i;
                f.nodeItem = new NodeItem(f.nodeItem.minX, f.nodeItem.minY, f.nodeItem.maxX, f.nodeItem.maxY, offset);
                offset += f.size;
            }
            tree = new PackedRTree(order, NODE_SIZE);
        } else {
            order = items;
        }
    }

    private HeaderMeta header() {
        HeaderMeta h = new HeaderMeta();
        h.name = layer.name();
        h.geometryType = geometryType;
        h.srid = layer.epsg();
        h.envelope = extent.isNull() ? null : extent;
        h.featuresCount = items.size();
        h.indexNodeSize = tree == null ? 0 : NODE_SIZE;
        h.columns = new ArrayList<>();
        for (LayerColumn c : layer.columns()) {
            ColumnMeta m = new ColumnMeta();
            m.name = c.name();
            m.type = (byte) switch (c.kind()) {
                case TEXT -> ColumnType.String;
                case INTEGER -> ColumnType.Long;
                case REAL -> ColumnType.Double;
                case BOOLEAN -> ColumnType.Bool;
                case DATE, DATETIME -> ColumnType.DateTime;
            };
            m.nullable = true;
            h.columns.add(m);
        }
        return h;
    }

    @Override
    public void transferTo(OutputStream out) throws IOException {
        out.write(Constants.MAGIC_BYTES);
        HeaderMeta.write(header(), out, new FlatBufferBuilder(4096));
        if (tree != null) {
            tree.write(out);
        }
        WritableByteChannel target = Channels.newChannel(out);
        try (FileChannel source = FileChannel.open(path, StandardOpenOption.READ)) {
            if (tree == null) {
                source.transferTo(0, source.size(), target);
                return;
            }
            ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
            for (PackedRTree.Item i : order) {
                PackedRTree.FeatureItem f = (PackedRTree.FeatureItem) i;
                copy(source, f.offset, f.size, target, buffer);
            }
        }
    }

    /** Copies {@code size} bytes at {@code position} of the features file. */
    private static void copy(FileChannel source, long position, long size, WritableByteChannel target, ByteBuffer buffer) throws IOException {
        long done = 0;
        while (done < size) {
            buffer.clear();
            buffer.limit((int) Math.min(buffer.capacity(), size - done));
            int n = source.read(buffer, position + done);
            if (n < 0) {
                throw new IOException("FlatGeobuf : fichier temporaire tronqué");
            }
            buffer.flip();
            while (buffer.hasRemaining()) {
                target.write(buffer);
            }
            done += n;
        }
    }

    @Override
    public void close() {
        try {
            features.close();
        } catch (IOException ignored) {
            // deleted below
        }
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // a temporary file left behind is removed with the temporary directory
        }
    }
}
