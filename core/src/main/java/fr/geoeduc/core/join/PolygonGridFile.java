package fr.geoeduc.core.join;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * A {@link PolygonGrid} kept in a file, so that a later jointure on the same polygons reads it instead of building it.
 *
 * <p>Layout (little-endian): a header (magic, {@link PolygonGrid#FORMAT}, polygon and vertex counts, the grid's origin,
 * cell size and dimensions, the lengths of its arrays), the rings' vertices and owners, then the grid's arrays, then a
 * 12-byte trailer (CRC-32C of everything before it, magic). Written to a temporary file of the same directory, forced
 * to disk and moved in place atomically: a reader sees a whole file or none. A file that is truncated, corrupt, of
 * another format, or whose rings are not exactly the polygons asked for is refused; the caller rebuilds it.
 */
final class PolygonGridFile {

    static final String SUFFIX = ".pidx";
    private static final int MAGIC = 0x5844_4950; // "PIDX"
    private static final int HEADER = 4 * 4 + 3 * 8 + 4 * 4;
    private static final int TRAILER = 8;

    private PolygonGridFile() {
    }

    /** Why a file was not used; the caller rebuilds it. */
    static final class Refused extends Exception {
        Refused(String why) {
            super(why);
        }
    }

    static void write(Path file, PolygonGrid g) throws IOException {
        PolygonRings r = g.rings;
        long size = HEADER + 20L * r.vx.length + 4L * (g.roots.length + g.pool.length + g.poolBase.length + g.refBase.length)
                + 8L * g.refs.length + TRAILER;
        if (size > Integer.MAX_VALUE - 8) {
            throw new IOException("polygon grid too large for one file: " + size + " bytes");
        }
        ByteBuffer b = ByteBuffer.allocate((int) size).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(MAGIC).putInt(PolygonGrid.FORMAT).putInt(r.polygons).putInt(r.vx.length);
        b.putDouble(g.x0).putDouble(g.y0).putDouble(g.cell);
        b.putInt(g.nx).putInt(g.ny).putInt(g.pool.length).putInt(g.refs.length);
        b.asDoubleBuffer().put(r.vx);
        b.position(b.position() + 8 * r.vx.length);
        b.asDoubleBuffer().put(r.vy);
        b.position(b.position() + 8 * r.vy.length);
        for (int[] a : new int[][] {r.owner, g.roots, g.pool, g.poolBase, g.refBase}) {
            b.asIntBuffer().put(a);
            b.position(b.position() + 4 * a.length);
        }
        b.asDoubleBuffer().put(g.refs);
        b.position(b.position() + 8 * g.refs.length);
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, b.position());
        b.putInt((int) crc.getValue()).putInt(MAGIC);
        b.flip();

        Files.createDirectories(file.getParent());
        Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString() + ".", ".part");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The grid kept in {@code file}, when its rings are exactly {@code rings}; the returned grid shares {@code rings}' arrays. */
    static PolygonGrid read(Path file, PolygonRings rings) throws IOException, Refused {
        long size = Files.size(file);
        if (size < HEADER + TRAILER || size > Integer.MAX_VALUE - 8) {
            throw new Refused("size " + size);
        }
        ByteBuffer b = ByteBuffer.allocate((int) size).order(ByteOrder.LITTLE_ENDIAN);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            while (b.hasRemaining()) {
                if (ch.read(b) < 0) {
                    throw new Refused("truncated");
                }
            }
        }
        if (b.getInt((int) size - 4) != MAGIC) {
            throw new Refused("no trailer");
        }
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, (int) size - TRAILER);
        if (b.getInt((int) size - TRAILER) != (int) crc.getValue()) {
            throw new Refused("CRC mismatch");
        }
        b.flip();
        if (b.getInt() != MAGIC || b.getInt() != PolygonGrid.FORMAT) {
            throw new Refused("another format");
        }
        int polygons = b.getInt();
        int vertices = b.getInt();
        double x0 = b.getDouble();
        double y0 = b.getDouble();
        double cell = b.getDouble();
        int nx = b.getInt();
        int ny = b.getInt();
        int poolLength = b.getInt();
        int refsLength = b.getInt();
        long expected = HEADER + 20L * vertices + 4L * ((long) nx * ny + poolLength + 2L * ny) + 8L * refsLength + TRAILER;
        if (polygons != rings.polygons || vertices != rings.vx.length || nx < 0 || ny < 0 || expected != size) {
            throw new Refused("other polygons or inconsistent lengths");
        }
        PolygonRings kept = new PolygonRings(doubles(b, vertices), doubles(b, vertices), ints(b, vertices), polygons);
        if (!kept.sameAs(rings)) {
            throw new Refused("other polygons (same digest)");
        }
        int[] roots = ints(b, nx * ny);
        int[] pool = ints(b, poolLength);
        int[] poolBase = ints(b, ny);
        int[] refBase = ints(b, ny);
        double[] refs = doubles(b, refsLength);
        return new PolygonGrid(rings, x0, y0, cell, nx, ny, roots, pool, poolBase, refs, refBase);
    }

    private static double[] doubles(ByteBuffer b, int n) {
        double[] out = new double[n];
        b.asDoubleBuffer().get(out);
        b.position(b.position() + 8 * n);
        return out;
    }

    private static int[] ints(ByteBuffer b, int n) {
        int[] out = new int[n];
        b.asIntBuffer().get(out);
        b.position(b.position() + 4 * n);
        return out;
    }
}
