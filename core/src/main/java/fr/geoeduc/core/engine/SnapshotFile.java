package fr.geoeduc.core.engine;

import fr.geoeduc.core.model.DatasetVersion;
import fr.geoeduc.core.model.Field;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBReader;
import org.locationtech.jts.io.WKBWriter;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The columns of one published version kept in a file of the column directory, so that a restart maps them instead of
 * reading every row from the store again. One file per version, named after the dataset, the version number and its
 * publication batch; its footer repeats that identity and the fields' names and types, so a new version (or a store
 * re-created under the same names) never reads another version's file.
 *
 * <p>Layout: sections of raw vectors in the machine's byte order, each aligned on 8 bytes (text codes, dictionary
 * offsets and UTF-8 bytes, dictionary hash slots, numbers, dates, points, null bitmaps, shapes as WKB), then a footer
 * (identity, format, byte order, per column its sections' offset, length and CRC-32C), then a 24-byte trailer (footer
 * offset, footer length, footer CRC-32C, magic). Written to a temporary file of the same directory, forced to disk and
 * moved in place atomically: a reader sees a whole file or none. A file that is truncated, corrupt (any CRC), of
 * another format or byte order, or of another version is refused and rebuilt by the caller.
 */
final class SnapshotFile {

    /** Bumped whenever the layout changes: files of another format are rebuilt. */
    static final int FORMAT = 1;
    static final String SUFFIX = ".cols";
    private static final long MAGIC = 0x4745_4F43_4F4C_5331L; // "GEOCOLS1"
    private static final int TRAILER = 24;

    private SnapshotFile() {
    }

    /** The file of {@code version}'s columns under {@code directory}. */
    static Path of(Path directory, DatasetVersion version) {
        String batch = version.batchId() != null ? version.batchId() : Long.toString(version.publishedAt().toEpochMilli());
        return directory.resolve(safe(version.datasetId())).resolve("v" + version.number() + "-" + safe(batch) + SUFFIX);
    }

    private static String safe(String name) {
        return name.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    /** What the file must say of itself to be this version's: dataset, number, batch, rows, fields. */
    static String identity(DatasetVersion v) {
        StringBuilder sb = new StringBuilder().append(v.datasetId()).append('\n').append(v.number()).append('\n')
                .append(v.batchId()).append('\n').append(v.publishedAt()).append('\n').append(v.rowCount());
        for (Field f : v.schema().fields()) {
            sb.append('\n').append(f.name()).append(':').append(f.type()).append(':').append(f.origin());
        }
        return sb.toString();
    }

    /** Why a file was not used; the caller rebuilds it. */
    static final class Refused extends Exception {
        Refused(String why) {
            super(why);
        }
    }

    // ------------------------------------------------------------------------------------------------ writing

    /** Writes the columns of {@code version} to {@code file} (temporary file, force, atomic move). */
    static void write(Path file, DatasetVersion version, Column[] columns, int rows) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString() + ".", ".part");
        int footerCrc;
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                Writer w = new Writer(ch);
                ByteArrayOutputStream footerBytes = new ByteArrayOutputStream();
                DataOutputStream footer = new DataOutputStream(footerBytes);
                footer.writeInt(FORMAT);
                footer.writeBoolean(ByteOrder.nativeOrder() == ByteOrder.BIG_ENDIAN);
                byte[] id = identity(version).getBytes(StandardCharsets.UTF_8);
                footer.writeInt(id.length);
                footer.write(id);
                footer.writeInt(rows);
                footer.writeInt(columns.length);
                for (Column c : columns) {
                    List<long[]> sections = new ArrayList<>();
                    long[] params = writeColumn(w, c, rows, sections);
                    footer.writeUTF(c.type().name());
                    footer.writeInt(params.length);
                    for (long p : params) {
                        footer.writeLong(p);
                    }
                    footer.writeInt(sections.size());
                    for (long[] s : sections) {
                        footer.writeLong(s[0]);
                        footer.writeLong(s[1]);
                        footer.writeInt((int) s[2]);
                    }
                }
                footer.flush();
                byte[] f = footerBytes.toByteArray();
                long footerAt = w.position();
                CRC32C crc = new CRC32C();
                crc.update(f);
                ByteBuffer trailer = ByteBuffer.allocate(TRAILER).order(ByteOrder.BIG_ENDIAN);
                trailer.putLong(footerAt).putInt(f.length).putInt((int) crc.getValue()).putLong(MAGIC).flip();
                w.raw(ByteBuffer.wrap(f));
                w.raw(trailer);
                ch.force(true);
                footerCrc = (int) crc.getValue();
            }
            VerifiedStamp.forget(file);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            VerifiedStamp.record(file, footerCrc); // the sections' checksums were computed from the bytes written
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Writes one column's sections (each {offset, length, crc}); returns its parameters. */
    private static long[] writeColumn(Writer w, Column column, int rows, List<long[]> sections) throws IOException {
        switch (column) {
            case Column.Text t -> {
                IntVec codes = t.codes();
                w.begin();
                for (int i = 0; i < rows; i++) {
                    w.putInt(codes.get(i));
                }
                sections.add(w.end());
                TextDictionary dict = t.dictionary();
                long total = 0;
                w.begin();
                w.putInt(0);
                for (int i = 0; i < dict.size(); i++) {
                    total += utf8Length(dict.get(i));
                    if (total > Integer.MAX_VALUE) {
                        throw new IOException("dictionary over 2 GiB");
                    }
                    w.putInt((int) total);
                }
                sections.add(w.end());
                w.begin();
                for (int i = 0; i < dict.size(); i++) {
                    w.putBytes(dict.get(i).getBytes(StandardCharsets.UTF_8));
                }
                sections.add(w.end());
                IntVec slots = t.index().slots();
                w.begin();
                for (int i = 0, n = slots.length(); i < n; i++) {
                    w.putInt(slots.get(i));
                }
                sections.add(w.end());
                return new long[]{dict.size(), t.index().size()};
            }
            case Column.Int c -> {
                sections.add(longs(w, c.values(), rows));
                sections.add(bits(w, c.nulls()));
            }
            case Column.Time c -> {
                sections.add(longs(w, c.epochMillis(), rows));
                sections.add(bits(w, c.nulls()));
            }
            case Column.Dbl c -> {
                sections.add(doubles(w, c.values(), rows));
                sections.add(bits(w, c.nulls()));
            }
            case Column.Day c -> {
                IntVec days = c.epochDays();
                w.begin();
                for (int i = 0; i < rows; i++) {
                    w.putInt(days.get(i));
                }
                sections.add(w.end());
                sections.add(bits(w, c.nulls()));
            }
            case Column.Bool c -> {
                sections.add(bits(w, c.values()));
                sections.add(bits(w, c.nulls()));
            }
            case Column.Point c -> {
                sections.add(doubles(w, c.lat(), rows));
                sections.add(doubles(w, c.lon(), rows));
                sections.add(bits(w, c.nulls()));
            }
            case Column.Shape c -> {
                WKBWriter wkb = new WKBWriter(2, false);
                byte[][] shapes = new byte[rows][];
                long total = 0;
                w.begin();
                w.putLong(0);
                for (int i = 0; i < rows; i++) {
                    Geometry g = c.values()[i];
                    shapes[i] = g == null ? null : wkb.write(g);
                    total += shapes[i] == null ? 0 : shapes[i].length;
                    w.putLong(total);
                }
                sections.add(w.end());
                if (total > Integer.MAX_VALUE) {
                    throw new IOException("shapes over 2 GiB");
                }
                w.begin();
                for (byte[] b : shapes) {
                    if (b != null) {
                        w.putBytes(b);
                    }
                }
                sections.add(w.end());
            }
        }
        return new long[0];
    }

    private static int utf8Length(String s) {
        int n = 0;
        for (int i = 0, len = s.length(); i < len; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < len && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }

    private static long[] longs(Writer w, LongVec v, int rows) throws IOException {
        w.begin();
        for (int i = 0; i < rows; i++) {
            w.putLong(v.get(i));
        }
        return w.end();
    }

    private static long[] doubles(Writer w, DoubleVec v, int rows) throws IOException {
        w.begin();
        for (int i = 0; i < rows; i++) {
            w.putDouble(v.get(i));
        }
        return w.end();
    }

    private static long[] bits(Writer w, BitSet bits) throws IOException {
        w.begin();
        for (long word : bits.toLongArray()) {
            w.putLong(word);
        }
        return w.end();
    }

    /** Sequential writer of aligned sections with a CRC-32C each, through a direct staging buffer. */
    private static final class Writer {
        private final FileChannel ch;
        private final ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20).order(ByteOrder.nativeOrder());
        private final CRC32C crc = new CRC32C();
        private long written;
        private long start;

        Writer(FileChannel ch) {
            this.ch = ch;
        }

        long position() throws IOException {
            flush(false);
            return written;
        }

        void begin() throws IOException {
            flush(false);
            int pad = (int) ((8 - written % 8) % 8);
            if (pad > 0) {
                drain(ByteBuffer.allocate(pad));
            }
            start = written;
            crc.reset();
        }

        long[] end() throws IOException {
            flush(true);
            return new long[]{start, written - start, crc.getValue()};
        }

        void putInt(int v) throws IOException {
            room(4);
            buf.putInt(v);
        }

        void putLong(long v) throws IOException {
            room(8);
            buf.putLong(v);
        }

        void putDouble(double v) throws IOException {
            room(8);
            buf.putDouble(v);
        }

        void putBytes(byte[] b) throws IOException {
            for (int off = 0; off < b.length; ) {
                room(1);
                int n = Math.min(buf.remaining(), b.length - off);
                buf.put(b, off, n);
                off += n;
            }
        }

        void raw(ByteBuffer b) throws IOException {
            flush(false);
            drain(b);
        }

        private void room(int bytes) throws IOException {
            if (buf.remaining() < bytes) {
                flush(true);
            }
        }

        private void flush(boolean checksum) throws IOException {
            buf.flip();
            if (checksum) {
                crc.update(buf.duplicate());
            }
            drain(buf);
            buf.clear();
        }

        private void drain(ByteBuffer b) throws IOException {
            while (b.hasRemaining()) {
                written += ch.write(b);
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ reading

    /** Bytes of sections whose CRC was checked when a file was opened (for tests). */
    static final java.util.concurrent.atomic.AtomicLong BYTES_CHECKED = new java.util.concurrent.atomic.AtomicLong();

    /**
     * The columns in {@code file}, mapped read-only, after checking the trailer, the footer's CRC, the format, the
     * byte order, the version's identity and every section's CRC. The sections are not read again when the file is
     * the one whose checksums were computed or checked before ({@link VerifiedStamp}): a restart then maps the file
     * without reading it, whatever its size.
     */
    static Column[] open(Path file, DatasetVersion version) throws Refused, IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < TRAILER) {
                throw new Refused("truncated (" + size + " bytes)");
            }
            ByteBuffer trailer = ByteBuffer.allocate(TRAILER).order(ByteOrder.BIG_ENDIAN);
            read(ch, trailer, size - TRAILER);
            trailer.flip();
            long footerAt = trailer.getLong();
            int footerLength = trailer.getInt();
            int footerCrc = trailer.getInt();
            if (trailer.getLong() != MAGIC || footerAt < 0 || footerLength < 0 || footerAt + footerLength != size - TRAILER) {
                throw new Refused("truncated or not a column file");
            }
            ByteBuffer footerBuf = ByteBuffer.allocate(footerLength);
            read(ch, footerBuf, footerAt);
            CRC32C crc = new CRC32C();
            crc.update(footerBuf.array());
            if ((int) crc.getValue() != footerCrc) {
                throw new Refused("footer checksum mismatch");
            }
            boolean checked = VerifiedStamp.holds(file, footerCrc);
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(footerBuf.array()));
            int format = in.readInt();
            if (format != FORMAT) {
                throw new Refused("format " + format + ", expected " + FORMAT);
            }
            if (in.readBoolean() != (ByteOrder.nativeOrder() == ByteOrder.BIG_ENDIAN)) {
                throw new Refused("written with another byte order");
            }
            byte[] id = new byte[in.readInt()];
            in.readFully(id);
            if (!new String(id, StandardCharsets.UTF_8).equals(identity(version))) {
                throw new Refused("of another version");
            }
            int rows = in.readInt();
            int n = in.readInt();
            if (rows != version.rowCount() || n != version.schema().size()) {
                throw new Refused("of another shape");
            }
            Column[] columns = new Column[n];
            for (int f = 0; f < n; f++) {
                String type = in.readUTF();
                if (!type.equals(version.schema().field(f).type().name())) {
                    throw new Refused("field " + f + " is " + type);
                }
                long[] params = new long[in.readInt()];
                for (int i = 0; i < params.length; i++) {
                    params[i] = in.readLong();
                }
                ByteBuffer[] sections = new ByteBuffer[in.readInt()];
                for (int s = 0; s < sections.length; s++) {
                    long offset = in.readLong();
                    long length = in.readLong();
                    int expected = in.readInt();
                    if (offset < 0 || length < 0 || offset + length > footerAt || length > Integer.MAX_VALUE) {
                        throw new Refused("field " + f + ": section out of the file");
                    }
                    MappedByteBuffer m = ch.map(FileChannel.MapMode.READ_ONLY, offset, length);
                    if (!checked) {
                        CRC32C c = new CRC32C();
                        c.update(m.duplicate());
                        BYTES_CHECKED.addAndGet(length);
                        if ((int) c.getValue() != expected) {
                            VerifiedStamp.forget(file);
                            throw new Refused("field " + f + " (" + version.schema().field(f).name() + "): checksum mismatch");
                        }
                    }
                    sections[s] = m.order(ByteOrder.nativeOrder());
                }
                columns[f] = column(type, params, sections, rows);
            }
            if (!checked) {
                VerifiedStamp.record(file, footerCrc);
            }
            return columns;
        } catch (java.io.EOFException | java.io.UTFDataFormatException | IllegalArgumentException | IndexOutOfBoundsException | NegativeArraySizeException e) {
            throw new Refused("malformed footer: " + e);
        }
    }

    private static Column column(String type, long[] p, ByteBuffer[] s, int rows) throws Refused {
        try {
            return switch (fr.geoeduc.core.model.FieldType.valueOf(type)) {
                case TEXT -> {
                    IntVec codes = new IntVec.Mapped(s[0].asIntBuffer());
                    int size = (int) p[0];
                    java.nio.IntBuffer offsets = s[1].asIntBuffer();
                    if (offsets.capacity() != size + 1 || offsets.get(size) != s[2].capacity()) {
                        throw new Refused("a dictionary of " + offsets.capacity() + " offsets for " + size + " values");
                    }
                    TextDictionary mapped = new TextDictionary.Mapped(offsets, s[2], size);
                    TextDictionary dict = mapped;
                    if (size <= TextDictionary.mappedFrom) {
                        String[] values = new String[size];
                        for (int i = 0; i < size; i++) {
                            values[i] = mapped.get(i);
                        }
                        dict = TextDictionary.of(values);
                    }
                    DictionaryIndex index = new DictionaryIndex(new IntVec.Mapped(s[3].asIntBuffer()), (int) p[1]);
                    yield new Column.Text(checked(codes, rows), dict, index);
                }
                case INT -> new Column.Int(checked(new LongVec.Mapped(s[0].asLongBuffer()), rows), bits(s[1]));
                case DATETIME -> new Column.Time(checked(new LongVec.Mapped(s[0].asLongBuffer()), rows), bits(s[1]));
                case DOUBLE -> new Column.Dbl(checked(new DoubleVec.Mapped(s[0].asDoubleBuffer()), rows), bits(s[1]));
                case DATE -> new Column.Day(checked(new IntVec.Mapped(s[0].asIntBuffer()), rows), bits(s[1]));
                case BOOLEAN -> new Column.Bool(bits(s[0]), bits(s[1]));
                case GEO_POINT_2D -> new Column.Point(checked(new DoubleVec.Mapped(s[0].asDoubleBuffer()), rows),
                        checked(new DoubleVec.Mapped(s[1].asDoubleBuffer()), rows), bits(s[2]));
                case GEO_SHAPE -> {
                    java.nio.LongBuffer offsets = s[0].asLongBuffer();
                    Geometry[] shapes = new Geometry[rows];
                    WKBReader reader = new WKBReader();
                    for (int i = 0; i < rows; i++) {
                        int from = (int) offsets.get(i);
                        int to = (int) offsets.get(i + 1);
                        if (to > from) {
                            byte[] b = new byte[to - from];
                            s[1].get(from, b);
                            shapes[i] = reader.read(b);
                        }
                    }
                    yield new Column.Shape(shapes);
                }
            };
        } catch (ParseException | RuntimeException e) {
            throw new Refused("malformed column: " + e);
        }
    }

    private static <V> V checked(V vec, int rows) throws Refused {
        int length = switch (vec) {
            case IntVec v -> v.length();
            case LongVec v -> v.length();
            case DoubleVec v -> v.length();
            default -> throw new IllegalArgumentException();
        };
        if (length != rows) {
            throw new Refused("a column of " + length + " values for " + rows + " rows");
        }
        return vec;
    }

    private static BitSet bits(ByteBuffer words) {
        return BitSet.valueOf(words.asLongBuffer());
    }

    private static void read(FileChannel ch, ByteBuffer into, long at) throws IOException {
        while (into.hasRemaining()) {
            if (ch.read(into, at + into.position()) < 0) {
                throw new java.io.EOFException();
            }
        }
    }
}
