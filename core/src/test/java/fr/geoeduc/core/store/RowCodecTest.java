package fr.geoeduc.core.store;

import fr.geoeduc.core.model.Field;
import fr.geoeduc.core.model.FieldType;
import fr.geoeduc.core.model.GeoPoint;
import fr.geoeduc.core.model.Schema;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.PrecisionModel;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Record blocks: every type round-trips, and the bytes are the documented big-endian layout (blocks stored earlier stay readable). */
class RowCodecTest {

    private static final Schema SCHEMA = new Schema(List.of(
            Field.derived("t", "t", FieldType.TEXT, null), Field.derived("i", "i", FieldType.INT, null),
            Field.derived("d", "d", FieldType.DOUBLE, null), Field.derived("b", "b", FieldType.BOOLEAN, null),
            Field.derived("day", "day", FieldType.DATE, null), Field.derived("at", "at", FieldType.DATETIME, null),
            Field.derived("p", "p", FieldType.GEO_POINT_2D, null), Field.derived("g", "g", FieldType.GEO_SHAPE, null)));

    private static List<Object[]> rows() {
        GeometryFactory gf = new GeometryFactory(new PrecisionModel(), 4326);
        List<Object[]> rows = new ArrayList<>();
        for (int r = 0; r < 300; r++) {
            rows.add(new Object[] {"école n°" + r + " — Saint-Étienne " + "x".repeat(r), (long) r * -7919, r * 0.1 - 3, r % 2 == 0,
                    LocalDate.of(2024, 1, 1).plusDays(r), Instant.ofEpochSecond(1_700_000_000L + r, r * 1000),
                    new GeoPoint(48.1 + r / 1000.0, -1.6), gf.createPoint(new Coordinate(-1.6 + r / 100.0, 48.1))});
        }
        rows.add(new Object[8]);
        return rows;
    }

    @Test
    void everyTypeRoundTrips() {
        RowCodec codec = new RowCodec(SCHEMA);
        List<Object[]> rows = rows();
        List<Object[]> back = codec.decode(codec.encode(rows));
        assertThat(back).hasSameSizeAs(rows);
        for (int r = 0; r < rows.size(); r++) {
            assertThat(back.get(r)).as("row " + r).containsExactly(rows.get(r));
        }
    }

    @Test
    void theBytesAreTheDataOutputStreamLayout() throws Exception {
        List<Object[]> rows = rows().subList(0, 3);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(expected)) {
            out.writeByte(1);
            out.writeInt(rows.size());
            for (Object[] row : rows) {
                out.writeByte(1);
                byte[] t = ((String) row[0]).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                for (int v = t.length; ; v >>>= 7) { // varint length
                    if ((v & ~0x7F) == 0) {
                        out.writeByte(v);
                        break;
                    }
                    out.writeByte((v & 0x7F) | 0x80);
                }
                out.write(t);
                out.writeByte(1);
                out.writeLong((Long) row[1]);
                out.writeByte(1);
                out.writeDouble((Double) row[2]);
                out.writeByte(1);
                out.writeBoolean((Boolean) row[3]);
                out.writeByte(1);
                out.writeInt((int) ((LocalDate) row[4]).toEpochDay());
                out.writeByte(1);
                out.writeLong(((Instant) row[5]).getEpochSecond());
                out.writeInt(((Instant) row[5]).getNano());
                out.writeByte(1);
                out.writeDouble(((GeoPoint) row[6]).lat());
                out.writeDouble(((GeoPoint) row[6]).lon());
                out.writeByte(1);
                byte[] wkb = new org.locationtech.jts.io.WKBWriter(2).write((org.locationtech.jts.geom.Geometry) row[7]);
                out.writeInt(wkb.length);
                out.write(wkb);
            }
        }
        byte[] block = new RowCodec(SCHEMA).encode(rows);
        assertThat(block[0]).as("LZ4 marker").isEqualTo((byte) 'L');
        assertThat(RowCodec.uncompressed(block)).isEqualTo(expected.toByteArray());
        // a block deflated by an earlier version of the store still decodes
        byte[] legacy = RowCodec.deflate(expected.toByteArray(), expected.size());
        assertThat(legacy[0]).isNotEqualTo((byte) 'L');
        List<Object[]> back = new RowCodec(SCHEMA).decode(legacy);
        for (int r = 0; r < rows.size(); r++) {
            assertThat(back.get(r)).containsExactly(rows.get(r));
        }
    }

    @Test
    void textIsWrittenAsJavaWritesUtf8EvenForOddCharacters() {
        BlockBuffer b = new BlockBuffer(16);
        String[] texts = {"", "abc", "École élémentaire", "€ 12", "emoji 😀 ok", "lone \ud800 high", "lone \udc00 low", "end \ud83d",
                "x".repeat(300), "ñ".repeat(100)};
        java.io.ByteArrayOutputStream expected = new java.io.ByteArrayOutputStream();
        for (String t : texts) {
            b.putString(t);
            byte[] utf8 = t.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            for (int v = utf8.length; ; v >>>= 7) {
                if ((v & ~0x7F) == 0) {
                    expected.write(v);
                    break;
                }
                expected.write((v & 0x7F) | 0x80);
            }
            expected.writeBytes(utf8);
        }
        assertThat(java.util.Arrays.copyOf(b.bytes(), b.size())).isEqualTo(expected.toByteArray());
    }

    @Test
    void aCorruptBlockIsReportedNotMisread() {
        byte[] block = new RowCodec(SCHEMA).encode(rows());
        byte[] cut = java.util.Arrays.copyOf(block, block.length / 2);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new RowCodec(SCHEMA).decode(cut)).isInstanceOf(IllegalStateException.class);
    }
}
