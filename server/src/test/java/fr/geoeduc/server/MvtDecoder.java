package fr.geoeduc.server;

import io.github.sebasbaumh.mapbox.vectortile.adapt.jts.MvtReader;
import io.github.sebasbaumh.mapbox.vectortile.adapt.jts.TagKeyValueMapConverter;
import io.github.sebasbaumh.mapbox.vectortile.adapt.jts.model.JtsLayer;
import io.github.sebasbaumh.mapbox.vectortile.adapt.jts.model.JtsMvt;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/** Reads served tiles back with the same MVT library, and the tile arithmetic of WebMercatorQuad written anew for tests. */
final class MvtDecoder {

    private MvtDecoder() {
    }

    static JtsMvt decode(byte[] body) {
        try {
            return MvtReader.loadMvt(new ByteArrayInputStream(body), new GeometryFactory(), new TagKeyValueMapConverter(),
                    MvtReader.RING_CLASSIFIER_V2_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Geometry> features(byte[] body, String layer) {
        JtsLayer l = decode(body).getLayer(layer);
        return l == null ? List.of() : List.copyOf(l.getGeometries());
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> attributes(Geometry g) {
        return (Map<String, Object>) g.getUserData();
    }

    static double west(int z, long col) {
        return col / Math.pow(2, z) * 360 - 180;
    }

    static double north(int z, long row) {
        return Math.toDegrees(Math.atan(Math.sinh(Math.PI * (1 - 2 * row / Math.pow(2, z)))));
    }

    /** Whether lon/lat falls in tile z/row/col: west and north edges in, east and south edges out. */
    static boolean inTile(int z, long row, long col, double lon, double lat) {
        return lon >= west(z, col) && lon < west(z, col + 1) && lat <= north(z, row) && lat > north(z, row + 1);
    }

    static long col(int z, double lon) {
        return (long) Math.floor((lon + 180) / 360 * Math.pow(2, z));
    }

    static long row(int z, double lat) {
        double phi = Math.toRadians(lat);
        return (long) Math.floor((1 - Math.log(Math.tan(phi) + 1 / Math.cos(phi)) / Math.PI) / 2 * Math.pow(2, z));
    }
}
