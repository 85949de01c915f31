package fr.geoeduc.server.ogcapi;

import fr.geoeduc.core.referentiel.CrsTransformer;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.CoordinateSequenceFilter;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The coordinate reference systems of the OGC API (Part 2, CRS by reference): their URIs, their axis order and
 * their area of use, and the reprojection of geometries between them and WGS84 longitude/latitude (the data's
 * storage CRS) through the project's {@link CrsTransformer}. EPSG:4326 is written latitude first, as its authority
 * defines it; CRS84 and the projected systems are easting first.
 */
final class OgcCrs {

    static final String CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84";
    private static final String EPSG_PREFIX = "http://www.opengis.net/def/crs/EPSG/0/";

    /**
     * One CRS: its EPSG code (4326 for CRS84 too), whether its first axis is the latitude, its area of use (lon/lat)
     * and its name in plain French for the HTML pages ("Lambert-93 (EPSG:2154), métropole et Corse").
     */
    record Ref(String uri, int epsg, boolean latitudeFirst, Envelope area, String name) {
        boolean isCrs84() {
            return uri.equals(CRS84);
        }

        boolean geographic() {
            return epsg == 4326;
        }
    }

    /** Every CRS offered, CRS84 first; areas of use from the EPSG registry (rounded outwards); names as the EPSG gives them. */
    static final List<Ref> ALL = List.of(
            new Ref(CRS84, 4326, false, new Envelope(-180, 180, -90, 90), "WGS 84 (CRS84), longitude puis latitude"),
            new Ref(EPSG_PREFIX + "4326", 4326, true, new Envelope(-180, 180, -90, 90), "WGS 84 (EPSG:4326), latitude puis longitude"),
            new Ref(EPSG_PREFIX + "2154", 2154, false, new Envelope(-9.9, 10.4, 41.1, 51.6), "Lambert-93 (EPSG:2154), métropole et Corse"),
            new Ref(EPSG_PREFIX + "2972", 2972, false, new Envelope(-54.7, -49.4, 2.1, 8.9), "RGFG95 / UTM 22N (EPSG:2972), Guyane"),
            new Ref(EPSG_PREFIX + "2975", 2975, false, new Envelope(51.8, 58.3, -24.8, -18.2), "RGR92 / UTM 40S (EPSG:2975), La Réunion"),
            new Ref(EPSG_PREFIX + "5490", 5490, false, new Envelope(-63.7, -57.5, 14.0, 18.6),
                    "RGAF09 / UTM 20N (EPSG:5490), Guadeloupe et Martinique"),
            new Ref(EPSG_PREFIX + "32620", 32620, false, new Envelope(-66, -60, 0, 84), "WGS 84 / UTM 20N (EPSG:32620), Antilles"),
            new Ref(EPSG_PREFIX + "32621", 32621, false, new Envelope(-60, -54, 0, 84),
                    "WGS 84 / UTM 21N (EPSG:32621), Saint-Pierre-et-Miquelon"),
            new Ref(EPSG_PREFIX + "32738", 32738, false, new Envelope(42, 48, -80, 0), "WGS 84 / UTM 38S (EPSG:32738), Mayotte"),
            new Ref(EPSG_PREFIX + "4471", 4471, false, new Envelope(43.6, 46.8, -14.6, -11.3), "RGM04 / UTM 38S (EPSG:4471), Mayotte"));

    private final CrsTransformer transformer;

    OgcCrs(CrsTransformer transformer) {
        this.transformer = transformer;
    }

    /**
     * The CRS named by a URI: the http form advertised, its https variant, the OGC URN or {@code EPSG:n}; empty when
     * it is not one of ours.
     */
    static Optional<Ref> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String t = text.strip();
        if (t.startsWith("<") && t.endsWith(">")) {
            t = t.substring(1, t.length() - 1);
        }
        if (t.startsWith("https://")) {
            t = "http://" + t.substring(8);
        }
        String lower = t.toLowerCase(Locale.ROOT);
        if (lower.equals(CRS84.toLowerCase(Locale.ROOT)) || lower.equals("urn:ogc:def:crs:ogc:1.3:crs84") || lower.equals("crs84")) {
            return Optional.of(ALL.get(0));
        }
        String code = null;
        if (t.startsWith(EPSG_PREFIX)) {
            code = t.substring(EPSG_PREFIX.length());
        } else if (lower.startsWith("urn:ogc:def:crs:epsg:")) {
            code = t.substring(t.lastIndexOf(':') + 1);
        } else if (lower.startsWith("epsg:")) {
            code = t.substring(5);
        }
        if (code == null) {
            return Optional.empty();
        }
        for (Ref r : ALL.subList(1, ALL.size())) {
            if (String.valueOf(r.epsg()).equals(code)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    /** The CRSs offered for data within {@code extent} (lon/lat): CRS84, EPSG:4326 and each system whose area meets it. */
    static List<Ref> forExtent(Envelope extent) {
        return ALL.stream().filter(r -> r.geographic() || (extent != null && !extent.isNull() && r.area().intersects(extent))).toList();
    }

    /** x/y of a WGS84 longitude/latitude in {@code crs}, in the CRS's axis order. */
    double[] fromWgs84(Ref crs, double lon, double lat) {
        if (crs.geographic()) {
            return crs.latitudeFirst() ? new double[]{lat, lon} : new double[]{lon, lat};
        }
        return transformer.fromWgs84(crs.epsg(), lat, lon);
    }

    /** Longitude/latitude of a position written in {@code crs}'s axis order; throws IllegalArgumentException off the Earth. */
    double[] toWgs84(Ref crs, double first, double second) {
        if (crs.geographic()) {
            return crs.latitudeFirst() ? new double[]{second, first} : new double[]{first, second};
        }
        return transformer.toWgs84(crs.epsg(), first, second).map(p -> new double[]{p.lon(), p.lat()})
                .orElseThrow(() -> new IllegalArgumentException("(" + first + ", " + second + ") is not a position of EPSG:" + crs.epsg()));
    }

    /** A copy of a WGS84 geometry with its coordinates in {@code crs}. */
    Geometry fromWgs84(Ref crs, Geometry g) {
        if (crs.isCrs84()) {
            return g;
        }
        return apply(g, c -> fromWgs84(crs, c.x, c.y));
    }

    /** A copy of a geometry written in {@code crs} with its coordinates in WGS84 longitude/latitude. */
    Geometry toWgs84(Ref crs, Geometry g) {
        if (crs.isCrs84()) {
            return g;
        }
        return apply(g, c -> toWgs84(crs, c.x, c.y));
    }

    /**
     * A geometry written in {@code crs} to WGS84 with its straight edges kept straight in that CRS: edges of a projected
     * CRS are first cut every {@value #DENSIFY_METRES} m (a 100 km edge of a Lambert-93 box bends by hundreds of metres
     * in longitude/latitude).
     */
    Geometry toWgs84AlongEdges(Ref crs, Geometry g) {
        return toWgs84(crs, crs.geographic() ? g : org.locationtech.jts.densify.Densifier.densify(g, DENSIFY_METRES));
    }

    private static final double DENSIFY_METRES = 500;

    private static Geometry apply(Geometry g, java.util.function.Function<Coordinate, double[]> f) {
        Geometry copy = g.copy();
        copy.apply(new CoordinateSequenceFilter() {
            @Override
            public void filter(CoordinateSequence seq, int i) {
                double[] xy = f.apply(seq.getCoordinate(i));
                seq.setOrdinate(i, 0, xy[0]);
                seq.setOrdinate(i, 1, xy[1]);
            }

            @Override
            public boolean isDone() {
                return false;
            }

            @Override
            public boolean isGeometryChanged() {
                return true;
            }
        });
        return copy;
    }

    /** The header value of Part 2: the URI between angle brackets. */
    static String header(Ref crs) {
        return "<" + crs.uri() + ">";
    }
}
