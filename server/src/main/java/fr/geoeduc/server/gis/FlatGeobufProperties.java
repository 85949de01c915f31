package fr.geoeduc.server.gis;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;

/**
 * The properties buffer of a FlatGeobuf feature, as the format defines it: for each non-null value, the column's
 * index (uint16) then the value, little-endian: a byte for a boolean, int64, float64, and text (strings, dates and
 * date-times in ISO 8601) as a uint32 length followed by its UTF-8 bytes.
 */
final class FlatGeobufProperties {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    private final ByteBuffer scratch = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);

    byte[] encode(Object[] values) {
        out.reset();
        for (int i = 0; i < values.length; i++) {
            Object v = values[i];
            if (v == null) {
                continue;
            }
            scratch.clear();
            scratch.putShort((short) i);
            flush();
            switch (v) {
                case Boolean b -> out.write(b ? 1 : 0);
                case Long l -> {
                    scratch.clear();
                    scratch.putLong(l);
                    flush();
                }
                case Double d -> {
                    scratch.clear();
                    scratch.putDouble(d);
                    flush();
                }
                case LocalDate d -> text(d.toString());
                case Instant t -> text(t.toString());
                default -> text(v.toString());
            }
        }
        return out.toByteArray();
    }

    private void text(String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        scratch.clear();
        scratch.putInt(bytes.length);
        flush();
        out.writeBytes(bytes);
    }

    private void flush() {
        out.write(scratch.array(), 0, scratch.position());
    }
}
