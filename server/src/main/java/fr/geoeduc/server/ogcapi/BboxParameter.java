package fr.geoeduc.server.ogcapi;

import fr.geoeduc.core.model.Field;
import fr.geoeduc.core.query.cql2.Cql2;
import fr.geoeduc.core.query.cql2.Cql2Exception;
import fr.geoeduc.core.query.odsql.Expr;

/**
 * The {@code bbox} parameter (with {@code bbox-crs}): read and checked here in the CRS's axis order, then turned into
 * the expression tree by {@link Cql2#bbox} (features whose geometry intersects the box, boundaries included, and
 * features without geometry, as Part 1 says). In CRS84 a box whose west is east of its east crosses the antimeridian;
 * in EPSG:4326 the numbers are south, west, north, east; in a projected CRS the box's outline, densified, is
 * reprojected to WGS84 and tested as a polygon.
 */
final class BboxParameter {

    private BboxParameter() {
    }

    static Expr parse(String text, OgcCrs.Ref crs, Field geometry, OgcCrs transforms) {
        String[] parts = text.split(",", -1);
        if (parts.length != 4 && parts.length != 6) {
            throw OgcException.badParameter("bbox", "4 nombres attendus (ou 6 avec les altitudes), séparés par des virgules ; reçu « " + text + " »");
        }
        double[] v = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                v[i] = Double.parseDouble(parts[i].strip());
            } catch (NumberFormatException e) {
                throw OgcException.badParameter("bbox", "« " + parts[i] + " » n'est pas un nombre");
            }
            if (!Double.isFinite(v[i])) {
                throw OgcException.badParameter("bbox", "« " + parts[i] + " » n'est pas un nombre fini");
            }
        }
        // the two horizontal corners, in the CRS's axis order
        double a1 = v[0], b1 = v[1], a2 = parts.length == 4 ? v[2] : v[3], b2 = parts.length == 4 ? v[3] : v[4];
        if (crs.geographic()) {
            double west = crs.latitudeFirst() ? b1 : a1, south = crs.latitudeFirst() ? a1 : b1;
            double east = crs.latitudeFirst() ? b2 : a2, north = crs.latitudeFirst() ? a2 : b2;
            if (south > north) {
                throw OgcException.badParameter("bbox", "le sud (" + south + ") est au nord du nord (" + north + ")");
            }
            if (south < -90 || north > 90) {
                throw OgcException.badParameter("bbox", "latitudes hors de [-90, 90]");
            }
            if (west < -180 || west > 180 || east < -180 || east > 180) {
                throw OgcException.badParameter("bbox", "longitudes hors de [-180, 180]");
            }
            return Cql2.bbox(geometry.name(), west, south, east, north); // west > east: across the antimeridian
        }
        if (a1 > a2 || b1 > b2) {
            throw OgcException.badParameter("bbox", "le coin minimum (" + a1 + ", " + b1 + ") dépasse le coin maximum (" + a2 + ", " + b2 + ")");
        }
        try {
            return Cql2.bbox(geometry.name(), a1, b1, a2, b2, box -> transforms.toWgs84AlongEdges(crs, box));
        } catch (Cql2Exception e) {
            throw OgcException.badParameter("bbox", "la boîte n'est pas dans le domaine de " + crs.uri() + " (" + e.getMessage() + ")");
        }
    }
}
