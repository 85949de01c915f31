package fr.geoeduc.core.store;

import fr.geoeduc.core.model.ValueText;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.WKBWriter;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.Consumer;

/**
 * A SHA-256 over the rows of a version in order, from a canonical text of each typed value: two stores
 * holding the same records give the same hash whatever their physical encoding.
 */
public final class RecordHasher implements Consumer<Object[]> {

    private final MessageDigest digest;
    private final WKBWriter wkb = new WKBWriter(2);
    private long rows;

    public RecordHasher() {
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void accept(Object[] row) {
        StringBuilder sb = new StringBuilder();
        for (Object v : row) {
            if (v == null) {
                sb.append('\u0000');
            } else if (v instanceof Geometry g) {
                sb.append(HexFormat.of().formatHex(wkb.write(g)));
            } else {
                sb.append(v.getClass().getSimpleName().charAt(0)).append(ValueText.format(v));
            }
            sb.append('\u001f');
        }
        sb.append('\n');
        digest.update(sb.toString().getBytes(StandardCharsets.UTF_8));
        rows++;
    }

    public long rows() {
        return rows;
    }

    public String hex() {
        return HexFormat.of().formatHex(digest.digest());
    }

    public static String of(Store store, fr.geoeduc.core.model.DatasetVersion version) {
        RecordHasher h = new RecordHasher();
        store.readRows(version, h);
        return h.hex();
    }
}
