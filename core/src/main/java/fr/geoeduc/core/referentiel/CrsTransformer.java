package fr.geoeduc.core.referentiel;

import fr.geoeduc.core.model.GeoPoint;
import org.locationtech.proj4j.CRSFactory;
import org.locationtech.proj4j.CoordinateReferenceSystem;
import org.locationtech.proj4j.CoordinateTransform;
import org.locationtech.proj4j.CoordinateTransformFactory;
import org.locationtech.proj4j.ProjCoordinate;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reprojects x/y stated in an EPSG code (2154, 2972, 2975, 32620, 32621, 32738, …) to WGS84. Thread-safe.
 * Coordinate systems are built once per process: the French ones from {@code referentiel/crs-france.properties},
 * any other by proj4j's look-up in its EPSG file (a scan of 900 kB, which is why the usual ones are preset).
 */
public final class CrsTransformer {

    private static final Pattern EPSG = Pattern.compile("(?i)^\\s*(?:EPSG\\s*:\\s*)?(\\d{4,5})\\s*$");
    /**
     * proj4j's factory, built at the first coordinate system asked for: its set-up (registry, datum grids) was a tenth
     * of a server's start-up, for a transformer most servers never use.
     */
    private static final class Factory {
        static final CRSFactory CRS = new CRSFactory();
    }

    private static final java.util.Properties PRESETS = presets();
    private static final Map<Integer, Optional<CoordinateReferenceSystem>> SYSTEMS = new ConcurrentHashMap<>();
    private final CoordinateTransformFactory transformFactory = new CoordinateTransformFactory();
    private final ThreadLocal<Map<Integer, CoordinateTransform>> transforms = ThreadLocal.withInitial(java.util.HashMap::new);
    private final ThreadLocal<Map<Integer, CoordinateTransform>> inverse = ThreadLocal.withInitial(java.util.HashMap::new);

    /** Parses {@code EPSG:2154}, {@code epsg:2154} or {@code 2154}; empty when the text is not an EPSG code. */
    public static Optional<Integer> parseEpsg(String text) {
        if (text == null) {
            return Optional.empty();
        }
        int from = text.regionMatches(true, 0, "EPSG:", 0, 5) ? 5 : 0;
        int n = text.length() - from;
        if (n == 4 || n == 5) { // the usual spellings, 2154 and EPSG:2154: no regex per row
            int code = 0;
            for (int i = from; i < text.length() && code >= 0; i++) {
                char c = text.charAt(i);
                code = c >= '0' && c <= '9' ? code * 10 + (c - '0') : -1;
            }
            if (code >= 0) {
                return Optional.of(code);
            }
        }
        Matcher m = EPSG.matcher(text);
        return m.matches() ? Optional.of(Integer.parseInt(m.group(1))) : Optional.empty();
    }

    public boolean isKnown(int epsg) {
        return system(epsg).isPresent();
    }

    private static CoordinateReferenceSystem wgs84() {
        return system(4326).orElseThrow();
    }

    /** x/y in the given CRS to a WGS84 point; empty when the CRS is unknown or the result is not on Earth. */
    public Optional<GeoPoint> toWgs84(int epsg, double x, double y) {
        if (epsg == 4326) {
            return point(y, x);
        }
        Optional<CoordinateReferenceSystem> source = system(epsg);
        if (source.isEmpty()) {
            return Optional.empty();
        }
        CoordinateTransform transform = transforms.get()
                .computeIfAbsent(epsg, code -> transformFactory.createTransform(source.get(), wgs84()));
        ProjCoordinate out = new ProjCoordinate();
        try {
            transform.transform(new ProjCoordinate(x, y), out);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        return point(out.y, out.x);
    }

    /** WGS84 latitude/longitude to x/y in {@code epsg}; throws IllegalArgumentException for an unknown CRS. */
    public double[] fromWgs84(int epsg, double lat, double lon) {
        if (epsg == 4326) {
            return new double[]{lon, lat};
        }
        CoordinateReferenceSystem target = system(epsg)
                .orElseThrow(() -> new IllegalArgumentException("unknown EPSG code " + epsg));
        CoordinateTransform transform = inverse.get().computeIfAbsent(epsg, code -> transformFactory.createTransform(wgs84(), target));
        ProjCoordinate out = new ProjCoordinate();
        transform.transform(new ProjCoordinate(lon, lat), out);
        return new double[]{out.x, out.y};
    }

    private static Optional<GeoPoint> point(double lat, double lon) {
        try {
            return Optional.of(new GeoPoint(lat, lon));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Optional<CoordinateReferenceSystem> system(int epsg) {
        return SYSTEMS.computeIfAbsent(epsg, code -> {
            try {
                String preset = PRESETS.getProperty(String.valueOf(code));
                return Optional.of(preset != null ? Factory.CRS.createFromParameters("EPSG:" + code, preset) : Factory.CRS.createFromName("EPSG:" + code));
            } catch (RuntimeException e) {
                return Optional.empty();
            }
        });
    }

    /** The preset proj4 parameters, by EPSG code. */
    static java.util.Properties presets() {
        java.util.Properties p = new java.util.Properties();
        try (java.io.InputStream in = CrsTransformer.class.getResourceAsStream("/referentiel/crs-france.properties")) {
            if (in == null) {
                throw new IllegalStateException("missing resource /referentiel/crs-france.properties");
            }
            p.load(in);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return p;
    }
}
