package fr.geoeduc.core.sectorisation;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import fr.geoeduc.core.adresse.VoieNormaliser;
import fr.geoeduc.core.ingest.GeoJsonGeometryReader;
import fr.geoeduc.core.store.Json;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Polygonal;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.operation.union.UnaryUnionOp;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A draft sectorisation's edits (spec §5): communes moved (applied to the carte), then streets or numbered ranges of a
 * street, then drawn areas, each sending its addresses to other collège(s); a later edit overrides an earlier one on the
 * addresses they share. Read from their text forms, shared by the CLI and the API:
 * <ul>
 *   <li>commune: {@code 35001:0350707D[+UAI]};</li>
 *   <li>street: {@code COMMUNE:VOIE[:DEBUT-FIN[:P|I|PI]]=UAI[+UAI]}, e.g. {@code 35238:Rue d'Antrain:1-131:I=0350913C}
 *       ({@code FIN} may be {@code fin}); without a range, every address of the street;</li>
 *   <li>area: {@code GEOJSON=UAI[+UAI]}, a WGS84 Polygon or MultiPolygon (a Feature or FeatureCollection of them too).</li>
 * </ul>
 */
public record Brouillon(List<Simulation.Deplacement> communes, List<Voie> voies, List<Zone> zones) {

    /** A street, or the range of its numbers with a parity, sent to other collège(s). */
    public record Voie(String commune, String voie, Integer debut, Integer fin, LigneCarte.Parite parite, List<String> uais) {
        public Voie {
            uais = colleges(uais);
        }

        /** Whether a pupil's address (commune code, street as written, number) lies in this edit. */
        boolean contient(String codeCommune, String cleVoie, Integer numero) {
            if (!commune.equals(codeCommune) || !cle().equals(cleVoie)) {
                return false;
            }
            if (debut == null) {
                return true;
            }
            return numero != null && numero >= debut && (fin == null || numero <= fin)
                    && (parite == LigneCarte.Parite.PAIRS_ET_IMPAIRS || (parite == LigneCarte.Parite.PAIRS) == (numero % 2 == 0));
        }

        String cle() {
            return VoieNormaliser.voie(voie).key();
        }

        public String libelle() {
            String plage = debut == null ? "toute la voie" : "n° " + debut + "–" + (fin == null ? "fin" : fin) + " " + switch (parite) {
                case PAIRS -> "pairs";
                case IMPAIRS -> "impairs";
                case PAIRS_ET_IMPAIRS -> "pairs et impairs";
            };
            return voie + " (" + commune + "), " + plage + " → " + String.join("+", uais);
        }
    }

    /** A drawn area (WGS84 polygon): the addresses inside go to other collège(s). */
    public record Zone(Geometry geometrie, List<String> uais) {
        public Zone {
            uais = colleges(uais);
        }

        public String libelle() {
            var e = geometrie.getEnvelopeInternal();
            return String.format(Locale.ROOT, "zone dessinée (%d sommets, %.4f,%.4f – %.4f,%.4f) → %s", geometrie.getNumPoints(),
                    e.getMinX(), e.getMinY(), e.getMaxX(), e.getMaxY(), String.join("+", uais));
        }
    }

    private static final Pattern PLAGE = Pattern.compile("(\\d{1,4})\\s*[-–]\\s*(\\d{1,4}|fin)", Pattern.CASE_INSENSITIVE);
    private static final GeometryFactory WGS84 = new GeometryFactory();

    public Brouillon {
        communes = List.copyOf(communes);
        voies = List.copyOf(voies);
        zones = List.copyOf(zones);
        if (communes.isEmpty() && voies.isEmpty() && zones.isEmpty()) {
            throw new Simulation.BrouillonInvalide("brouillon vide : indiquez au moins un déplacement (commune, voie ou zone)");
        }
    }

    public static Brouillon communes(List<Simulation.Deplacement> communes) {
        return new Brouillon(communes, List.of(), List.of());
    }

    /** The draft from the text forms of its edits; a malformed one: {@link Simulation.BrouillonInvalide} naming it. */
    public static Brouillon lire(List<String> communes, List<String> voies, List<String> zones) {
        List<Simulation.Deplacement> c = new ArrayList<>();
        for (String d : communes) {
            int colon = d.indexOf(':');
            if (colon < 1) {
                throw new Simulation.BrouillonInvalide("déplacement de commune « " + d + " » : forme attendue COMMUNE:UAI[+UAI] (ex. 35001:0350707D)");
            }
            c.add(new Simulation.Deplacement(d.substring(0, colon).strip(), split(d.substring(colon + 1))));
        }
        List<Voie> v = new ArrayList<>();
        for (String d : voies) {
            v.add(voie(d));
        }
        List<Zone> z = new ArrayList<>();
        for (String d : zones) {
            int eq = d.lastIndexOf('=');
            if (eq < 1) {
                throw new Simulation.BrouillonInvalide("zone : forme attendue GEOJSON=UAI[+UAI] (un Polygon ou MultiPolygon WGS84, puis les collèges)");
            }
            z.add(new Zone(polygone(d.substring(0, eq)), split(d.substring(eq + 1))));
        }
        return new Brouillon(c, v, z);
    }

    /** Capacities given by the user, {@code UAI:PLACES} (or {@code UAI=PLACES}). */
    public static java.util.Map<String, Integer> capacites(List<String> textes) {
        java.util.Map<String, Integer> out = new java.util.TreeMap<>();
        for (String t : textes) {
            String[] p = t.split("[:=]", 2);
            Integer places = null;
            try {
                places = p.length == 2 ? Integer.valueOf(p[1].strip()) : null;
            } catch (NumberFormatException e) {
                // said below
            }
            String uai = p[0].strip().toUpperCase(Locale.ROOT);
            if (places == null || places <= 0 || !uai.matches("\\d{7}[A-Z]")) {
                throw new Simulation.BrouillonInvalide("capacité « " + t + " » : forme attendue UAI:PLACES (ex. 0350707D:600)");
            }
            out.put(uai, places);
        }
        return out;
    }

    private static Voie voie(String d) {
        String forme = " : forme attendue COMMUNE:VOIE[:DEBUT-FIN[:P|I|PI]]=UAI[+UAI] (ex. 35238:Rue d'Antrain:1-131:I=0350913C)";
        int eq = d.lastIndexOf('=');
        String[] parts = eq < 1 ? new String[0] : d.substring(0, eq).split(":", -1);
        if (parts.length < 2 || parts.length > 4 || parts[0].isBlank() || parts[1].isBlank()) {
            throw new Simulation.BrouillonInvalide("déplacement de voie « " + d + " »" + forme);
        }
        Integer debut = null;
        Integer fin = null;
        LigneCarte.Parite parite = LigneCarte.Parite.PAIRS_ET_IMPAIRS;
        if (parts.length >= 3) {
            Matcher m = PLAGE.matcher(parts[2].strip());
            if (!m.matches()) {
                throw new Simulation.BrouillonInvalide("déplacement de voie « " + d + " » : plage « " + parts[2] + " » illisible" + forme);
            }
            debut = Integer.parseInt(m.group(1));
            fin = m.group(2).equalsIgnoreCase("fin") ? null : Integer.parseInt(m.group(2));
            if (fin != null && fin < debut) {
                throw new Simulation.BrouillonInvalide("déplacement de voie « " + d + " » : la plage finit avant de commencer");
            }
        }
        if (parts.length == 4) {
            String p = parts[3].strip().toUpperCase(Locale.ROOT);
            if (!p.equals("P") && !p.equals("I") && !p.equals("PI")) {
                throw new Simulation.BrouillonInvalide("déplacement de voie « " + d + " » : parité « " + parts[3] + " » (P, I ou PI)");
            }
            parite = LigneCarte.Parite.of(p);
        }
        return new Voie(parts[0].strip(), parts[1].strip(), debut, fin, parite, split(d.substring(eq + 1)));
    }

    /** A WGS84 polygon from GeoJSON text: a geometry, a Feature or a FeatureCollection (their polygons united). */
    static Geometry polygone(String geojson) {
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(geojson);
        } catch (IOException e) {
            throw new Simulation.BrouillonInvalide("zone : GeoJSON illisible (" + e.getMessage() + ")");
        }
        List<Geometry> parts = new ArrayList<>();
        collect(node, parts);
        if (parts.isEmpty()) {
            throw new Simulation.BrouillonInvalide("zone : aucun Polygon ni MultiPolygon dans le GeoJSON donné");
        }
        Geometry g = parts.size() == 1 ? parts.get(0) : UnaryUnionOp.union(parts);
        Coordinate c = g.getCoordinate();
        if (Math.abs(c.x) > 180 || Math.abs(c.y) > 90) {
            throw new Simulation.BrouillonInvalide("zone : coordonnées hors WGS84 (longitude, latitude en degrés attendues)");
        }
        return g.isValid() ? g : g.buffer(0);
    }

    private static void collect(JsonNode node, List<Geometry> out) {
        if (node == null || !node.isObject()) {
            return;
        }
        String type = node.path("type").asText("");
        switch (type) {
            case "FeatureCollection" -> node.path("features").forEach(f -> collect(f, out));
            case "Feature" -> collect(node.get("geometry"), out);
            default -> {
                try (JsonParser p = Json.MAPPER.treeAsTokens(node)) {
                    p.nextToken();
                    Geometry g = new GeoJsonGeometryReader(1_000_000).read(p);
                    if (!(g instanceof Polygonal)) {
                        throw new Simulation.BrouillonInvalide("zone : « " + type + " » n'est pas une surface (Polygon ou MultiPolygon attendu)");
                    }
                    out.add(WGS84.createGeometry(g));
                } catch (IOException | GeoJsonGeometryReader.BadGeometry e) {
                    throw new Simulation.BrouillonInvalide("zone : géométrie GeoJSON invalide (" + e.getMessage() + ")");
                }
            }
        }
    }

    static PreparedGeometry prepare(Zone z) {
        return PreparedGeometryFactory.prepare(z.geometrie());
    }

    private static List<String> split(String uais) {
        return List.of(uais.split("[+ ,]"));
    }

    private static List<String> colleges(List<String> uais) {
        List<String> out = uais.stream().map(u -> u.strip().toUpperCase(Locale.ROOT)).filter(u -> !u.isEmpty()).distinct().sorted().toList();
        for (String u : out) {
            if (!u.matches("\\d{7}[A-Z]")) {
                throw new Simulation.BrouillonInvalide("« " + u + " » n'est pas un UAI (7 chiffres et une lettre)");
            }
        }
        if (out.isEmpty()) {
            throw new Simulation.BrouillonInvalide("déplacement sans collège : ses adresses n'auraient plus de collège de secteur");
        }
        return out;
    }
}
