package fr.geoeduc.server.ogcapi;

import fr.geoeduc.core.model.GeoPoint;
import fr.geoeduc.core.access.Caller;
import fr.geoeduc.core.query.QueryService;
import fr.geoeduc.core.query.cql2.Cql2;
import fr.geoeduc.core.query.exec.QueryEngine;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The features of one tile, read through the policy door only: a {@link QueryService#export} with the caller and a
 * bbox condition ({@link Cql2#bbox}) on the tile's extent in longitude/latitude, selecting the geometry and the
 * chosen properties (those of the caller's view). Geometries come back in EPSG:3857, attributes as MVT scalars.
 */
final class TileSource {

    /**
     * A feature ready for a tile: its scalar attributes, and a point in Web Mercator metres ({@code metres}) or a line or
     * polygon as the query service answered it, in longitude/latitude ({@code shape}), projected and simplified by
     * {@link TileShapes} once per level.
     */
    record Feature(Geometry metres, Map<String, Object> attributes, Geometry shape) {
        Feature(Geometry metres, Map<String, Object> attributes) {
            this(metres, attributes, null);
        }
    }

    private static final GeometryFactory FACTORY = new GeometryFactory();
    private final QueryService queries;

    TileSource(QueryService queries) {
        this.queries = queries;
    }

    /**
     * The features of {@code c} that intersect {@code extent} (EPSG:3857); {@code properties} null for every property of
     * the caller's view. A 404 when the caller may not see the collection.
     */
    List<Feature> features(Caller caller, OgcCollection c, Envelope extent, List<String> properties) {
        return features(caller, c, extent, properties, List.of());
    }

    /** @param filters CQL2 filters (the tile's {@code filter} parameter) that the features must also meet */
    List<Feature> features(Caller caller, OgcCollection c, Envelope extent, List<String> properties,
                           List<fr.geoeduc.core.query.odsql.Expr> filters) {
        double[] box = WebMercatorQuad.lonLat(extent);
        double west = Math.max(-180, box[0]);
        double east = Math.min(180, box[2]);
        double south = Math.max(-90, box[1]);
        double north = Math.min(90, box[3]);
        String geo = c.geometry().name();
        String select = ItemsQuery.featureSelect(geo, properties);
        QueryEngine.Request request = new QueryEngine.Request(select, List.of(), null, null, -1, 0, List.of(), List.of(),
                OgcCatalogue.CONTEXT, java.util.stream.Stream.concat(java.util.stream.Stream.of(Cql2.bbox(geo, west, south, east, north)),
                filters.stream()).toList());
        List<Feature> out = new ArrayList<>();
        // instanceof tests rather than a pattern switch: its type-switch bootstrap cost about 5 % of a z10 tile's time
        long matched = queries.export(caller, c.id(), request, row -> {
            Object value = row.get(geo);
            if (value instanceof GeoPoint p) {
                out.add(new Feature(FACTORY.createPoint(new Coordinate(WebMercatorQuad.x(p.lon()), WebMercatorQuad.y(p.lat()))),
                        attributes(row, geo)));
            } else if (value instanceof Geometry g && !g.isEmpty()) {
                out.add(new Feature(null, attributes(row, geo), g));
            }
        });
        if (matched < 0) {
            throw OgcException.notFound("collection inconnue : " + c.id() + " (voir /ogc/collections)");
        }
        return out;
    }

    /** The row's values but geometries, as MVT scalars: strings, integers, doubles, booleans; nulls left out. */
    static Map<String, Object> attributes(Map<String, Object> row, String geo) {
        Map<String, Object> out = new LinkedHashMap<>();
        row.forEach((k, v) -> {
            if (k.equals(geo) || k.startsWith("_") || v == null || v instanceof Geometry || v instanceof GeoPoint) {
                return;
            }
            out.put(k, scalar(v));
        });
        return out;
    }

    /** A value as an MVT scalar (tested in the order they are most common: text first). */
    private static Object scalar(Object v) {
        if (v instanceof String || v instanceof Long || v instanceof Double || v instanceof Boolean) {
            return v;
        }
        if (v instanceof Integer i) {
            return i.longValue();
        }
        if (v instanceof Short s) {
            return s.longValue();
        }
        if (v instanceof Float f) {
            return f.doubleValue();
        }
        if (v instanceof BigDecimal b) {
            return b.doubleValue();
        }
        if (v instanceof List<?> list) {
            return String.join(", ", list.stream().map(String::valueOf).toList());
        }
        return v.toString();
    }
}
