package fr.geoeduc.core.query.cql2;

import fr.geoeduc.core.query.odsql.Expr;
import fr.geoeduc.core.query.odsql.Expr.Literal;
import fr.geoeduc.core.query.odsql.Expr.LiteralKind;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.PrecisionModel;
import org.locationtech.jts.io.WKTReader;
import org.locationtech.jts.io.geojson.GeoJsonReader;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/** CQL2 literals as expression-tree literals: numbers, DATE, TIMESTAMP, BBOX, WKT and GeoJSON geometries (then in WGS84). */
final class Cql2Literals {

    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern TIMESTAMP = Pattern.compile("\\d{4}-\\d{2}-\\d{2}[Tt]\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?([Zz]|[+-]\\d{2}:\\d{2})");
    private static final GeometryFactory FACTORY = new GeometryFactory(new PrecisionModel(), 4326);
    private static final Map<String, Double> UNITS = Map.ofEntries(Map.entry("m", 1.0), Map.entry("meter", 1.0),
            Map.entry("meters", 1.0), Map.entry("metre", 1.0), Map.entry("metres", 1.0), Map.entry("km", 1000.0),
            Map.entry("kilometer", 1000.0), Map.entry("kilometers", 1000.0), Map.entry("kilometre", 1000.0),
            Map.entry("kilometres", 1000.0), Map.entry("ft", 0.3048), Map.entry("feet", 0.3048), Map.entry("mi", 1609.344),
            Map.entry("miles", 1609.344), Map.entry("statute miles", 1609.344), Map.entry("nm", 1852.0),
            Map.entry("nautical miles", 1852.0));

    private Cql2Literals() {
    }

    static Literal number(String text, int position) {
        try {
            boolean integral = text.chars().noneMatch(c -> c == '.' || c == 'e' || c == 'E');
            if (integral) {
                try {
                    return new Literal(LiteralKind.NUMBER, Long.parseLong(text.startsWith("+") ? text.substring(1) : text), position);
                } catch (NumberFormatException tooLong) {
                    // beyond a long: a double
                }
            }
            double d = Double.parseDouble(text);
            if (!Double.isFinite(d)) {
                throw new NumberFormatException();
            }
            return new Literal(LiteralKind.NUMBER, d, position);
        } catch (NumberFormatException e) {
            throw new Cql2Exception(position, "nombre attendu, trouvé « " + Cql2Lexer.excerpt(text) + " »");
        }
    }

    /** {@code DATE('2024-09-02')}: that calendar day (UTC). */
    static Literal date(String text, int position) {
        if (!DATE.matcher(text).matches()) {
            throw new Cql2Exception(position, "date attendue, par exemple DATE('2024-09-02'), trouvé '" + Cql2Lexer.excerpt(text) + "'");
        }
        try {
            LocalDate d = LocalDate.parse(text);
            return new Literal(LiteralKind.DATE, new Expr.DateLiteral(text, d.atStartOfDay(), ChronoUnit.DAYS, ZoneOffset.UTC), position);
        } catch (DateTimeException e) {
            throw new Cql2Exception(position, "'" + text + "' n'est pas une date valide (AAAA-MM-JJ)");
        }
    }

    /** {@code TIMESTAMP('2024-09-02T08:00:00Z')}: that instant (the zone designator is required). */
    static Literal timestamp(String text, int position) {
        if (!TIMESTAMP.matcher(text).matches()) {
            throw new Cql2Exception(position, "horodatage avec fuseau attendu, par exemple TIMESTAMP('2024-09-02T08:00:00Z'), trouvé '"
                    + Cql2Lexer.excerpt(text) + "'");
        }
        try {
            OffsetDateTime t = OffsetDateTime.parse(text.toUpperCase(Locale.ROOT), DateTimeFormatter.ISO_OFFSET_DATE_TIME);
            return new Literal(LiteralKind.DATE, new Expr.DateLiteral(text, t.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime(),
                    ChronoUnit.NANOS, ZoneOffset.UTC), position);
        } catch (DateTimeException e) {
            throw new Cql2Exception(position, "'" + text + "' n'est pas un horodatage valide");
        }
    }

    /**
     * {@code BBOX(w, s, e, n)} or with heights {@code BBOX(w, s, zmin, e, n, zmax)} (heights ignored); west > east crosses the
     * antimeridian: two boxes.
     */
    static Literal bbox(List<Double> v, int position, UnaryOperator<Geometry> toWgs84) {
        if (v.size() != 4 && v.size() != 6) {
            throw new Cql2Exception(position, "4 nombres (ouest, sud, est, nord) ou 6 (avec les hauteurs) attendus dans BBOX, trouvé " + v.size());
        }
        boolean six = v.size() == 6;
        double w = v.get(0);
        double s = v.get(1);
        double e = v.get(six ? 3 : 2);
        double n = v.get(six ? 4 : 3);
        if (s > n) {
            throw new Cql2Exception(position, "le sud de la BBOX (" + s + ") est au nord de son nord (" + n + ")");
        }
        Geometry box = w <= e ? rectangle(w, s, e, n)
                : FACTORY.buildGeometry(List.of(rectangle(w, s, 180, n), rectangle(-180, s, e, n)));
        return geometry(box, position, toWgs84);
    }

    /** A box as a polygon (a line or a point when it is flat: a degenerate box is allowed). */
    static Geometry rectangle(double w, double s, double e, double n) {
        return FACTORY.toGeometry(new Envelope(w, e, s, n));
    }

    static Literal wkt(String text, int position, UnaryOperator<Geometry> toWgs84) {
        Geometry g;
        try {
            g = new WKTReader(FACTORY).read(text);
        } catch (Exception | StackOverflowError e) {
            throw new Cql2Exception(position, "géométrie WKT invalide : " + reason(e) + " ; attendu par exemple POINT(2.35 48.85) ou "
                    + "POLYGON((2.2 48.8, 2.4 48.8, 2.4 48.9, 2.2 48.8))");
        }
        return geometry(g, position, toWgs84);
    }

    static Literal geoJson(String json, int position, UnaryOperator<Geometry> toWgs84) {
        Geometry g;
        try {
            g = new GeoJsonReader(FACTORY).read(json);
        } catch (Exception | StackOverflowError e) {
            throw new Cql2Exception(position, "géométrie GeoJSON invalide : " + reason(e)
                    + " ; attendu par exemple {\"type\":\"Point\",\"coordinates\":[2.35,48.85]}");
        }
        return geometry(g, position, toWgs84);
    }

    private static Literal geometry(Geometry g, int position, UnaryOperator<Geometry> toWgs84) {
        if (g == null || g.isEmpty()) {
            throw new Cql2Exception(position, "la géométrie est vide : coordonnées attendues");
        }
        for (Coordinate c : g.getCoordinates()) {
            if (!Double.isFinite(c.x) || !Double.isFinite(c.y)) {
                throw new Cql2Exception(position, "les coordonnées de la géométrie doivent être des nombres finis");
            }
        }
        Geometry wgs84;
        try {
            wgs84 = toWgs84 == null ? g : toWgs84.apply(g);
        } catch (RuntimeException e) {
            throw new Cql2Exception(position, "la géométrie ne peut pas être convertie du filter-crs en WGS84 : " + reason(e));
        }
        if (wgs84 == null) {
            throw new Cql2Exception(position, "la géométrie ne peut pas être convertie du filter-crs en WGS84");
        }
        Envelope env = wgs84.getEnvelopeInternal();
        if (!(env.getMinX() >= -180 && env.getMaxX() <= 180 && env.getMinY() >= -90 && env.getMaxY() <= 90)) {
            throw new Cql2Exception(position, "la géométrie sort des longitudes -180..180 et des latitudes -90..90 "
                    + "(CRS84 donne la longitude d'abord ; pour d'autres coordonnées, indiquer filter-crs)");
        }
        wgs84.setSRID(4326);
        return new Literal(LiteralKind.GEOMETRY, wgs84, position);
    }

    static double metresPer(String units, int position) {
        if (units == null) {
            return 1.0;
        }
        Double f = UNITS.get(units.strip().toLowerCase(Locale.ROOT));
        if (f == null) {
            throw new Cql2Exception(position, "unité de distance inconnue '" + Cql2Lexer.excerpt(units)
                    + "' : meters, kilometers, feet, miles ou nautical miles attendu");
        }
        return f;
    }

    private static String reason(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().replaceAll("\\s+", " ");
        return m.length() > 160 ? m.substring(0, 160) + "…" : m;
    }
}
