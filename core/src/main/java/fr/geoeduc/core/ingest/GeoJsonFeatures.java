package fr.geoeduc.core.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.locationtech.jts.geom.Geometry;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Streams the features of a GeoJSON FeatureCollection (or a single Feature) one at a time, whatever the order of
 * the members: properties as a small tree, the geometry straight into JTS (or skipped). Every error names the file,
 * the feature (index and id) and the line and column, in French and English, and says what to do.
 */
public final class GeoJsonFeatures {

    /**
     * The most vertices one geometry may have; beyond, the file is refused before anything is published. Measured:
     * a 999,990-vertex polygon (27 MB) ingests with {@code -Xmx1g} at 480 MB resident. The 4-million-vertex polygon
     * of issue 22 would need the engine and tiles to hold it too, which was not measured.
     */
    public static final long MAX_VERTICES = 1_000_000;
    /** Properties that identify a feature in messages when it has no {@code id} member, first present wins. */
    private static final List<String> ID_PROPERTIES = List.of("id", "code", "uai", "numero_uai", "identifiant_de_l_etablissement",
            "code_insee", "insee", "codgeo", "com", "code_commune", "code_academie", "nom");
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFactory JSON = new JsonFactory();

    /**
     * One feature: its 1-based index in the file, the line where it starts, its id (or null), its properties
     * (null when absent), and its geometry: a JTS geometry, null when absent, or the reason it is not one in
     * {@code geometryProblem}.
     */
    public record Feature(long index, long line, String id, JsonNode properties, Geometry geometry, String geometryProblem) {
    }

    public interface Handler {
        void accept(Feature feature);
    }

    private final Path path;
    private final String displayName;
    private final long maxVertices;

    public GeoJsonFeatures(Path path, String displayName) {
        this(path, displayName, MAX_VERTICES);
    }

    public GeoJsonFeatures(Path path, String displayName, long maxVertices) {
        this.path = path;
        this.displayName = displayName;
        this.maxVertices = maxVertices;
    }

    /** Reads every feature in order; with {@code geometries} false, geometries are skipped without being read. */
    public void forEach(boolean geometries, ProgressListener progress, Handler handler) {
        long[] index = {0};
        Member current = new Member();
        try (InputStream in = new CountingInputStream(Files.newInputStream(path), progress);
             JsonParser parser = JSON.createParser(in)) {
            parser.setCodec(MAPPER);
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IngestException(displayName + " : pas un objet GeoJSON (« { » attendu au début du fichier) / "
                        + "not a GeoJSON object (expected '{' at the start)");
            }
            GeoJsonGeometryReader reader = new GeoJsonGeometryReader(maxVertices);
            FeatureFields root = readObject(parser, geometries, reader, current, index, handler);
            if (!root.collection) {
                if (!"Feature".equals(root.type)) {
                    throw new IngestException(displayName + " : GeoJSON sans « features » (FeatureCollection ou Feature attendu) / "
                            + "GeoJSON without 'features' (expected a FeatureCollection or a Feature)");
                }
                index[0] = 1;
                handler.accept(root.toFeature(1, 1));
            }
        } catch (GeoJsonGeometryReader.TooManyVertices e) {
            String fr = String.format(Locale.FRANCE, "%,d", e.limit()).replace('\u202f', ' ').replace('\u00a0', ' ');
            throw new IngestException(String.format(Locale.ROOT, "%s, %s : géométrie de plus de %s sommets, la limite de GéoÉduc ; "
                    + "simplifiez-la avant de la charger (ogr2ogr -simplify 0.00001, mapshaper -simplify) ; rien n'a été publié / "
                    + "geometry with more than %,d vertices, GéoÉduc's limit; simplify it first; nothing was published",
                    displayName, current.where(), fr, e.limit()), e);
        } catch (JsonEOFException e) {
            throw new IngestException(displayName + ", ligne/line " + e.getLocation().getLineNr() + " : fin de fichier au milieu "
                    + current.afterOrIn() + " (fichier tronqué ? téléchargez-le à nouveau) ; rien n'a été publié / "
                    + "malformed JSON: unexpected end of file (truncated file?); nothing was published", e);
        } catch (JsonParseException e) {
            throw new IngestException(displayName + ", ligne/line " + e.getLocation().getLineNr() + ", colonne/column "
                    + e.getLocation().getColumnNr() + " : JSON mal formé " + current.afterOrIn() + " — " + plain(e)
                    + " ; corrigez le fichier ; rien n'a été publié / malformed JSON; nothing was published", e);
        } catch (IOException e) {
            throw new IngestException(displayName + " : lecture impossible / cannot read: " + e.getMessage(), e);
        }
    }

    /** The feature being read, for messages. */
    private static final class Member {
        long index;
        String id;

        String where() {
            return index == 0 ? "objet/feature 1" : "objet/feature " + index + (id == null ? "" : " (" + id + ")");
        }

        String afterOrIn() {
            return index == 0 ? "" : "(dans ou après l'objet " + index + (id == null ? "" : " « " + id + " »") + ")";
        }
    }

    /** The members of one object that matter: of a feature, or of the root (which may itself be a Feature). */
    private static final class FeatureFields {
        String type;
        String id;
        JsonNode properties;
        Geometry geometry;
        String problem;
        boolean collection;

        Feature toFeature(long index, long line) {
            return new Feature(index, line, id != null ? id : idProperty(properties), properties, geometry, problem);
        }
    }

    private FeatureFields readObject(JsonParser parser, boolean geometries, GeoJsonGeometryReader reader, Member current,
                                     long[] index, Handler handler) throws IOException {
        FeatureFields fields = new FeatureFields();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if (handler != null && "features".equals(name) && value == JsonToken.START_ARRAY) {
                fields.collection = true;
                JsonToken t;
                while ((t = parser.nextToken()) == JsonToken.START_OBJECT) {
                    long line = parser.currentTokenLocation().getLineNr();
                    current.index = ++index[0];
                    current.id = null;
                    FeatureFields f = readObject(parser, geometries, reader, current, index, null);
                    handler.accept(f.toFeature(index[0], line));
                }
                if (t != JsonToken.END_ARRAY) {
                    throw new IngestException(displayName + ", ligne/line " + parser.currentTokenLocation().getLineNr()
                            + " : « features » doit être une liste d'objets Feature, trouvé " + parser.getText()
                            + " / 'features' must be an array of Feature objects");
                }
            } else if ("type".equals(name)) {
                fields.type = value == JsonToken.VALUE_STRING ? parser.getText() : null;
            } else if ("id".equals(name) && value.isScalarValue()) {
                fields.id = parser.getText();
                current.id = fields.id;
            } else if ("properties".equals(name)) {
                fields.properties = value == JsonToken.START_OBJECT ? parser.readValueAsTree() : null;
                if (fields.properties != null && current.id == null) {
                    current.id = idProperty(fields.properties);
                }
            } else if ("geometry".equals(name) && value == JsonToken.START_OBJECT && geometries) {
                try {
                    fields.geometry = reader.read(parser);
                } catch (GeoJsonGeometryReader.BadGeometry e) {
                    fields.problem = "invalid GeoJSON geometry: " + e.getMessage();
                }
            } else if ("geometry".equals(name) && value != JsonToken.START_OBJECT && value != JsonToken.VALUE_NULL) {
                fields.problem = "invalid GeoJSON geometry: not an object";
                parser.skipChildren();
            } else {
                parser.skipChildren();
            }
        }
        return fields;
    }

    static String idProperty(JsonNode properties) {
        if (properties == null) {
            return null;
        }
        for (String k : ID_PROPERTIES) {
            JsonNode v = properties.get(k);
            if (v != null && v.isValueNode() && !v.isNull() && !v.asText().isBlank()) {
                return v.asText().strip();
            }
        }
        return null;
    }

    /** Jackson's reason without its internals (the source description, the location: said otherwise). */
    private static String plain(JsonParseException e) {
        String m = e.getOriginalMessage();
        if (m == null) {
            return "syntaxe invalide";
        }
        int cut = m.indexOf('\n');
        m = cut >= 0 ? m.substring(0, cut) : m;
        return m.replaceAll("\\s*\\(code \\d+\\)", "").replaceAll("\\(JSON String, Number, Array, Object or token 'null', 'true' or 'false'\\)", "(une valeur JSON)");
    }
}
