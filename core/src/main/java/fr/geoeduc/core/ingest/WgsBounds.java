package fr.geoeduc.core.ingest;

import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.CoordinateSequenceFilter;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;

import java.util.Locale;
import java.util.Optional;

/** Whether a geometry's coordinates are WGS84 longitudes (−180…180) and latitudes (−90…90). */
public final class WgsBounds {

    private static final Envelope WORLD = new Envelope(-180, 180, -90, 90);

    private WgsBounds() {
    }

    /** The first coordinate outside the bounds, described for a person ("longitude 200.0 (point 3)"), or empty. */
    public static Optional<String> firstOutside(Geometry g) {
        if (g.isEmpty() || WORLD.contains(g.getEnvelopeInternal())) {
            return Optional.empty();
        }
        String[] found = new String[1];
        g.apply(new CoordinateSequenceFilter() {
            private long index;

            @Override
            public void filter(CoordinateSequence seq, int i) {
                index++;
                double lon = seq.getX(i);
                double lat = seq.getY(i);
                if (Math.abs(lon) > 180) {
                    found[0] = String.format(Locale.ROOT, "longitude %s outside −180…180 (vertex %d: %s, %s)", lon, index, lon, lat);
                } else if (Math.abs(lat) > 90) {
                    found[0] = String.format(Locale.ROOT, "latitude %s outside −90…90 (vertex %d: %s, %s)", lat, index, lon, lat);
                }
            }

            @Override
            public boolean isDone() {
                return found[0] != null;
            }

            @Override
            public boolean isGeometryChanged() {
                return false;
            }
        });
        return Optional.ofNullable(found[0]);
    }
}
