package fr.geoeduc.core.sectorisation;

import org.locationtech.jts.geom.Geometry;

import java.util.List;

/**
 * The part of one commune served by one set of collèges, built from the BAN (spec carte-scolaire §4):
 * {@link Nature#COMMUNE} a whole commune (its contour), {@link Nature#ADRESSES} dissolved Voronoi cells of the
 * addresses labelled with this set, {@link Nature#SANS_SECTEUR} cells of addresses the carte gives no collège (gaps of
 * the carte, unknown streets: kept so that holes stay visible). {@code lambert93} in metres (EPSG:2154), {@code wgs84}
 * in longitude/latitude.
 */
public record SecteurPolygone(String codeCommune, String nomCommune, List<String> uais, Nature nature, double tauxAppariement,
                              long adresses, Geometry lambert93, Geometry wgs84) {

    public enum Nature { COMMUNE, ADRESSES, SANS_SECTEUR }

    public SecteurPolygone {
        uais = List.copyOf(uais);
    }

    public String libelle() {
        return uais.isEmpty() ? "sans secteur" : String.join("+", uais);
    }
}
