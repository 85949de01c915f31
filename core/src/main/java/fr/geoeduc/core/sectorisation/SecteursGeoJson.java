package fr.geoeduc.core.sectorisation;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fr.geoeduc.core.store.Json;
import org.locationtech.jts.io.geojson.GeoJsonWriter;

import java.util.LinkedHashMap;
import java.util.Map;

/** Sector polygons as a GeoJSON FeatureCollection (WGS84, display geometry) and the coverage report as a document. */
public final class SecteursGeoJson {

    private SecteursGeoJson() {
    }

    public static ObjectNode featureCollection(SecteursBuilder.Resultat r) {
        GeoJsonWriter writer = new GeoJsonWriter(6);
        writer.setEncodeCRS(false);
        ObjectNode fc = Json.MAPPER.createObjectNode();
        fc.put("type", "FeatureCollection");
        ArrayNode features = fc.putArray("features");
        for (SecteurPolygone p : r.polygones()) {
            ObjectNode f = features.addObject();
            f.put("type", "Feature");
            ObjectNode props = f.putObject("properties");
            props.put("code_commune", p.codeCommune());
            props.put("commune", p.nomCommune());
            props.put("secteur", p.libelle());
            ArrayNode uais = props.putArray("uais");
            p.uais().forEach(uais::add);
            props.put("nature", p.nature().name());
            props.put("multi_college", p.uais().size() > 1);
            props.put("adresses", p.adresses());
            props.put("taux_appariement", Math.round(p.tauxAppariement() * 1000) / 1000.0);
            props.put("carte_version", r.carte().version());
            try {
                f.set("geometry", Json.MAPPER.readTree(writer.write(p.wgs84())));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        return fc;
    }

    public static Map<String, Object> couverture(SecteursBuilder.Resultat r, java.util.List<String> departements) {
        Couverture c = r.couverture();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("carte", Map.of("dataset", r.carte().dataset(), "version", r.carte().version()));
        m.put("departements_ban", departements);
        m.put("adresses", c.adresses());
        m.put("adresses_appariees", c.adressesAppariees());
        m.put("adresses_sans_secteur", c.adressesSansSecteur());
        m.put("adresses_en_conflit", c.adressesEnConflit());
        m.put("positions_partagees", c.positionsPartagees());
        m.put("seuil_appariement", SecteursBuilder.SEUIL_APPARIEMENT);
        m.put("communes", c.communes());
        m.put("voies_sans_adresse", c.voiesSansAdresse());
        m.put("desaccords", c.desaccords());
        return m;
    }
}
