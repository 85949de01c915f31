package fr.geoeduc.core.sectorisation;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fr.geoeduc.core.store.Json;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.io.geojson.GeoJsonWriter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;

import java.util.LinkedHashMap;
import java.util.Map;

/** Sector polygons as a GeoJSON FeatureCollection (WGS84, display geometry) and the coverage report as a document. */
public final class SecteursGeoJson {

    private SecteursGeoJson() {
    }

    /** The FeatureCollection as a tree (for a response that adds to it); the same document as {@link #ecrire}. */
    public static ObjectNode featureCollection(SecteursBuilder.Resultat r) {
        java.io.StringWriter out = new java.io.StringWriter();
        try {
            ecrire(r, out);
            return (ObjectNode) Json.MAPPER.readTree(out.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Streams the FeatureCollection: polygons' coordinates are written as they are read, without a document in
     * memory (a national build has tens of thousands of polygons and millions of vertices).
     */
    public static void ecrire(SecteursBuilder.Resultat r, Writer writer) throws IOException {
        GeoJsonWriter autres = new GeoJsonWriter(6);
        autres.setEncodeCRS(false);
        try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(writer)) {
            g.writeStartObject();
            g.writeStringField("type", "FeatureCollection");
            g.writeArrayFieldStart("features");
            for (SecteurPolygone p : r.polygones()) {
                g.writeStartObject();
                g.writeStringField("type", "Feature");
                g.writeObjectFieldStart("properties");
                g.writeStringField("code_commune", p.codeCommune());
                g.writeStringField("commune", p.nomCommune());
                g.writeStringField("secteur", p.libelle());
                g.writeArrayFieldStart("uais");
                for (String uai : p.uais()) {
                    g.writeString(uai);
                }
                g.writeEndArray();
                g.writeStringField("nature", p.nature().name());
                g.writeBooleanField("multi_college", p.uais().size() > 1);
                g.writeNumberField("adresses", p.adresses());
                g.writeNumberField("taux_appariement", Math.round(p.tauxAppariement() * 1000) / 1000.0);
                g.writeNumberField("carte_version", r.carte().version());
                g.writeEndObject();
                g.writeFieldName("geometry");
                geometrie(g, p.wgs84(), autres);
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
    }

    private static void geometrie(JsonGenerator g, Geometry geometry, GeoJsonWriter autres) throws IOException {
        if (geometry instanceof Polygon polygon) {
            g.writeStartObject();
            g.writeStringField("type", "Polygon");
            g.writeFieldName("coordinates");
            anneaux(g, polygon);
            g.writeEndObject();
        } else if (geometry instanceof MultiPolygon multi) {
            g.writeStartObject();
            g.writeStringField("type", "MultiPolygon");
            g.writeArrayFieldStart("coordinates");
            for (int i = 0; i < multi.getNumGeometries(); i++) {
                anneaux(g, (Polygon) multi.getGeometryN(i));
            }
            g.writeEndArray();
            g.writeEndObject();
        } else {
            g.writeRawValue(autres.write(geometry));
        }
    }

    private static void anneaux(JsonGenerator g, Polygon polygon) throws IOException {
        g.writeStartArray();
        anneau(g, polygon.getExteriorRing().getCoordinateSequence());
        for (int i = 0; i < polygon.getNumInteriorRing(); i++) {
            anneau(g, polygon.getInteriorRingN(i).getCoordinateSequence());
        }
        g.writeEndArray();
    }

    private static void anneau(JsonGenerator g, CoordinateSequence seq) throws IOException {
        g.writeStartArray();
        for (int i = 0; i < seq.size(); i++) {
            g.writeStartArray();
            ordonnee(g, seq.getX(i));
            ordonnee(g, seq.getY(i));
            g.writeEndArray();
        }
        g.writeEndArray();
    }

    /** Six decimals at most (about 0.1 m), as the display geometry is rounded; whole values without a fraction. */
    private static void ordonnee(JsonGenerator g, double v) throws IOException {
        double r = Math.round(v * 1e6) / 1e6;
        if (r == Math.rint(r) && Math.abs(r) < 1e15) {
            g.writeNumber((long) r);
        } else {
            g.writeNumber(r);
        }
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
