package fr.geoeduc.core.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.geojson.GeoJsonReader;
import org.locationtech.jts.io.geojson.GeoJsonWriter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Two millésimes of Ille-et-Vilaine's communes: the real 2018 boundaries of ../shared/data (a generated grid of squares
 * with the same codes when absent), and a "2024" made from them by the commune nouvelle of 2019 — Dompierre-du-Chemin
 * (35100) absorbed into Luitré (35163), which becomes Luitré-Dompierre over both polygons.
 */
public final class CommunesMillesimes {

    public static final String REAL_2018 = "geometry/communes-2018/communes-35-ille-et-vilaine.geojson";
    public static final String ABSORBED = "35100";
    public static final String NOUVELLE = "35163";
    public static final String NOUVELLE_NAME = "Luitré-Dompierre";
    private static final ObjectMapper JSON = new ObjectMapper();

    private CommunesMillesimes() {
    }

    /** The 2018 communes of Ille-et-Vilaine: the real file, or a generated one in {@code dir}. */
    public static Path communes2018(Path dir) {
        Path real = SharedData.root().resolve(REAL_2018);
        return Files.isRegularFile(real) ? real : generated2018(dir.resolve("communes-35-2018-genere.geojson"));
    }

    /** The 2024 communes: those of {@code communes2018} with 35100 merged into 35163. */
    public static Path communes2024(Path communes2018, Path dir) {
        try {
            JsonNode source = JSON.readTree(communes2018.toFile());
            GeoJsonReader reader = new GeoJsonReader();
            Geometry absorbed = null;
            for (JsonNode f : source.path("features")) {
                if (ABSORBED.equals(f.path("properties").path("code").asText())) {
                    absorbed = reader.read(f.path("geometry").toString());
                }
            }
            if (absorbed == null) {
                throw new IllegalStateException(communes2018 + " has no commune " + ABSORBED);
            }
            ObjectNode out = JSON.createObjectNode().put("type", "FeatureCollection");
            ArrayNode features = out.putArray("features");
            GeoJsonWriter writer = new GeoJsonWriter(6);
            writer.setEncodeCRS(false);
            for (JsonNode f : source.path("features")) {
                String code = f.path("properties").path("code").asText();
                if (code.equals(ABSORBED)) {
                    continue;
                }
                ObjectNode copy = f.deepCopy();
                if (code.equals(NOUVELLE)) {
                    Geometry union = reader.read(f.path("geometry").toString()).union(absorbed);
                    copy.set("geometry", JSON.readTree(writer.write(union)));
                    ((ObjectNode) copy.path("properties")).put("nom", NOUVELLE_NAME);
                }
                features.add(copy);
            }
            Path target = dir.resolve("communes-35-2024.geojson");
            JSON.writeValue(target.toFile(), out);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A 20 × 18 grid of 0.05° squares over Ille-et-Vilaine, coded 35001…35360 (35100 and 35163 are then two squares apart, merged all the same). */
    private static Path generated2018(Path target) {
        ObjectNode out = JSON.createObjectNode().put("type", "FeatureCollection");
        ArrayNode features = out.putArray("features");
        for (int i = 0; i < 360; i++) {
            double x = -2.2 + (i % 20) * 0.05;
            double y = 47.7 + (i / 20) * 0.05;
            ObjectNode f = features.addObject().put("type", "Feature");
            f.putObject("properties").put("code", String.format("35%03d", i + 1)).put("nom", "Commune " + (i + 1));
            ObjectNode g = f.putObject("geometry").put("type", "Polygon");
            ArrayNode ring = g.putArray("coordinates").addArray();
            double[][] corners = {{x, y}, {x + 0.05, y}, {x + 0.05, y + 0.05}, {x, y + 0.05}, {x, y}};
            for (double[] c : corners) {
                ring.addArray().add(c[0]).add(c[1]);
            }
        }
        try {
            JSON.writeValue(target.toFile(), out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return target;
    }
}
