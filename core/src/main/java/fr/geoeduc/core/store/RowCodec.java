package fr.geoeduc.core.store;

import fr.geoeduc.core.model.FieldType;
import fr.geoeduc.core.model.GeoPoint;
import fr.geoeduc.core.model.Schema;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.PrecisionModel;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBReader;
import org.locationtech.jts.io.WKBWriter;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Encodes a chunk of rows of one schema as a compact, portable byte block (typed values, compressed), the unit
 * in which a version's records are stored. The same bytes go to SQLite and PostgreSQL.
 *
 * <p>Compression: LZ4 (marker byte {@code 'L'}, the uncompressed length as a big-endian int, the LZ4 block), about
 * ten times cheaper than deflate for a somewhat larger block; blocks written before it, deflated (zlib, whose
 * first byte is never {@code 'L'}), are still read.
 */
public final class RowCodec {

    private static final int FORMAT = 1;
    private final Schema schema;
    private final FieldType[] types;

    public RowCodec(Schema schema) {
        this.schema = schema;
        this.types = schema.fields().stream().map(f -> f.type()).toArray(FieldType[]::new);
    }

    // reused from block to block: an ingest encodes hundreds of blocks of about a megabyte on one thread
    private BlockBuffer scratch;
    private byte[] compressed = new byte[0];

    public synchronized byte[] encode(List<Object[]> rows) {
        if (scratch == null) {
            scratch = new BlockBuffer(rows.size() * 64);
        }
        BlockBuffer out = scratch;
        out.clear();
        out.putByte(FORMAT);
        out.putInt(rows.size());
        WKBWriter wkb = new WKBWriter(2);
        for (Object[] row : rows) {
            for (int i = 0; i < types.length; i++) {
                writeValue(out, types[i], row[i], wkb);
            }
        }
        return lz4(out.bytes(), out.size());
    }

    private byte[] lz4(byte[] raw, int length) {
        int bound = 5 + length + length / 255 + 16; // LZ4_COMPRESSBOUND
        if (compressed.length < bound) {
            compressed = new byte[bound];
        }
        int n = lz4(raw, length, compressed);
        return java.util.Arrays.copyOf(compressed, n);
    }

    public List<Object[]> decode(byte[] block) {
        byte[] raw = uncompressed(block);
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(raw))) {
            int format = in.readUnsignedByte();
            if (format != FORMAT) {
                throw new IllegalStateException("unknown record block format " + format);
            }
            int n = in.readInt();
            List<Object[]> rows = new ArrayList<>(n);
            WKBReader wkb = new WKBReader(new GeometryFactory(new PrecisionModel(), 4326));
            for (int r = 0; r < n; r++) {
                Object[] row = new Object[types.length];
                for (int i = 0; i < types.length; i++) {
                    row[i] = readValue(in, types[i], wkb);
                }
                rows.add(row);
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException("corrupt record block", e);
        }
    }

    /** The same bytes as a {@code DataOutputStream} would write (big-endian), without its per-byte locking. */
    private static void writeValue(BlockBuffer out, FieldType type, Object v, WKBWriter wkb) {
        if (v == null) {
            out.putByte(0);
            return;
        }
        out.putByte(1);
        switch (type) {
            case TEXT -> out.putString((String) v);
            case INT -> out.putLong((Long) v);
            case DOUBLE -> out.putLong(Double.doubleToLongBits((Double) v));
            case BOOLEAN -> out.putByte((Boolean) v ? 1 : 0);
            case DATE -> out.putInt((int) ((LocalDate) v).toEpochDay());
            case DATETIME -> {
                Instant i = (Instant) v;
                out.putLong(i.getEpochSecond());
                out.putInt(i.getNano());
            }
            case GEO_POINT_2D -> {
                GeoPoint p = (GeoPoint) v;
                out.putLong(Double.doubleToLongBits(p.lat()));
                out.putLong(Double.doubleToLongBits(p.lon()));
            }
            case GEO_SHAPE -> {
                byte[] b = wkb.write((Geometry) v);
                out.putInt(b.length);
                out.putBytes(b);
            }
        }
    }

    private static Object readValue(DataInputStream in, FieldType type, WKBReader wkb) throws IOException {
        if (in.readUnsignedByte() == 0) {
            return null;
        }
        return switch (type) {
            case TEXT -> readString(in);
            case INT -> in.readLong();
            case DOUBLE -> in.readDouble();
            case BOOLEAN -> in.readBoolean();
            case DATE -> LocalDate.ofEpochDay(in.readInt());
            case DATETIME -> Instant.ofEpochSecond(in.readLong(), in.readInt());
            case GEO_POINT_2D -> new GeoPoint(in.readDouble(), in.readDouble());
            case GEO_SHAPE -> {
                byte[] b = new byte[in.readInt()];
                in.readFully(b);
                try {
                    yield wkb.read(b);
                } catch (ParseException e) {
                    throw new IOException("corrupt geometry", e);
                }
            }
        };
    }

    private static String readString(DataInputStream in) throws IOException {
        byte[] b = new byte[readVarInt(in)];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    private static int readVarInt(DataInputStream in) throws IOException {
        int v = 0;
        for (int shift = 0; ; shift += 7) {
            int b = in.readUnsignedByte();
            v |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
        }
    }

    private static final byte LZ4_MARKER = 'L';
    private static final net.jpountz.lz4.LZ4Factory LZ4 = net.jpountz.lz4.LZ4Factory.fastestInstance();

    /** Writes the marker, the length and the LZ4 block of {@code raw} into {@code out}; returns the bytes written. */
    private static int lz4(byte[] raw, int length, byte[] out) {
        net.jpountz.lz4.LZ4Compressor compressor = LZ4.fastCompressor();
        out[0] = LZ4_MARKER;
        out[1] = (byte) (length >>> 24);
        out[2] = (byte) (length >>> 16);
        out[3] = (byte) (length >>> 8);
        out[4] = (byte) length;
        return 5 + compressor.compress(raw, 0, length, out, 5, out.length - 5);
    }

    /** The encoded rows of a block, LZ4 or (older blocks) deflate. */
    static byte[] uncompressed(byte[] block) {
        return block.length > 0 && block[0] == LZ4_MARKER ? unlz4(block) : inflate(block);
    }

    private static byte[] unlz4(byte[] block) {
        if (block.length < 5) {
            throw new IllegalStateException("truncated record block");
        }
        int length = ((block[1] & 0xFF) << 24) | ((block[2] & 0xFF) << 16) | ((block[3] & 0xFF) << 8) | (block[4] & 0xFF);
        byte[] raw = new byte[length];
        try {
            int read = LZ4.safeDecompressor().decompress(block, 5, block.length - 5, raw, 0, length);
            if (read != length) {
                throw new IllegalStateException("corrupt record block");
            }
        } catch (net.jpountz.lz4.LZ4Exception e) {
            throw new IllegalStateException("corrupt record block", e);
        }
        return raw;
    }

    /** Blocks of stores written before LZ4 (and the tests that check they stay readable). */
    static byte[] deflate(byte[] raw, int length) {
        Deflater deflater = new Deflater(Deflater.BEST_SPEED);
        try {
            deflater.setInput(raw, 0, length);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(length / 3 + 64);
            byte[] buf = new byte[64 * 1024];
            while (!deflater.finished()) {
                out.write(buf, 0, deflater.deflate(buf));
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    private static byte[] inflate(byte[] block) {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(block);
            ByteArrayOutputStream out = new ByteArrayOutputStream(block.length * 4);
            byte[] buf = new byte[64 * 1024];
            while (!inflater.finished()) {
                int n = inflater.inflate(buf);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new IllegalStateException("truncated record block");
                }
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            throw new IllegalStateException("corrupt record block", e);
        } finally {
            inflater.end();
        }
    }

    public Schema schema() {
        return schema;
    }
}
