package fr.geoeduc.server.gis;

import mil.nga.geopackage.GeoPackage;
import mil.nga.geopackage.GeoPackageException;
import mil.nga.geopackage.srs.SpatialReferenceSystem;
import mil.nga.geopackage.srs.SpatialReferenceSystemDao;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The row of {@code gpkg_spatial_ref_sys} for an EPSG code: NGA's own definition when it has one (WGS84, Web
 * Mercator…), else the WKT of {@code srs-wkt.properties} (Lambert-93 and the overseas CRSs), else the GeoPackage's
 * {@code undefined} definition with the EPSG organisation and code, which GDAL and QGIS resolve by the code.
 */
final class GeoPackageSrs {

    private static final Properties WKT = load();
    private static final Pattern NAME = Pattern.compile("^[A-Z]+CS\\[\"([^\"]+)\"");

    private GeoPackageSrs() {
    }

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = GeoPackageSrs.class.getResourceAsStream("srs-wkt.properties")) {
            if (in == null) {
                throw new IllegalStateException("srs-wkt.properties missing from the classpath");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    static SpatialReferenceSystem of(GeoPackage gpkg, int epsg) throws SQLException {
        SpatialReferenceSystemDao dao = gpkg.getSpatialReferenceSystemDao();
        String wkt = WKT.getProperty(String.valueOf(epsg));
        if (wkt == null) {
            try {
                return dao.getOrCreateFromEpsg(epsg);
            } catch (GeoPackageException unknownToNga) {
                // written below with the undefined definition
            }
        }
        SpatialReferenceSystem srs = new SpatialReferenceSystem();
        Matcher name = NAME.matcher(wkt == null ? "" : wkt);
        srs.setSrsName(name.find() ? name.group(1) : "EPSG:" + epsg);
        srs.setSrsId(epsg);
        srs.setOrganization("EPSG");
        srs.setOrganizationCoordsysId(epsg);
        srs.setDefinition(wkt == null ? "undefined" : wkt);
        dao.create(srs);
        return srs;
    }
}
