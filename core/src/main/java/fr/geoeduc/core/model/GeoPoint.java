package fr.geoeduc.core.model;

/** A WGS84 point as the Explore API's geo_point_2d: latitude and longitude in degrees. */
public record GeoPoint(double lat, double lon) {

    /** The mean Earth radius (IUGG) of every geodesic distance in GéoÉduc. */
    public static final double EARTH_RADIUS_M = 6_371_008.8;

    public GeoPoint {
        if (!Double.isFinite(lat) || !Double.isFinite(lon) || lat < -90 || lat > 90 || lon < -180 || lon > 180) {
            throw new IllegalArgumentException("not a WGS84 point: lat=" + lat + ", lon=" + lon);
        }
    }

    /** Great-circle distance in metres (haversine). */
    public double distanceTo(GeoPoint other) {
        double dLat = Math.toRadians(other.lat - lat);
        double dLon = Math.toRadians(other.lon - lon);
        double a = Math.sin(dLat / 2) * Math.sin(dLat / 2)
                + Math.cos(Math.toRadians(lat)) * Math.cos(Math.toRadians(other.lat)) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
        return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(a)));
    }

    @Override
    public String toString() {
        return lat + ", " + lon;
    }
}
