package fr.geoeduc.server.ogcapi;

import com.fasterxml.jackson.databind.JsonNode;
import fr.geoeduc.core.store.Json;
import fr.geoeduc.core.testing.SharedData;
import io.github.sebasbaumh.mapbox.vectortile.adapt.jts.GeomMinSizeFilter;
import io.github.sebasbaumh.mapbox.vectortile.adapt.jts.JtsAdapter;
import io.github.sebasbaumh.mapbox.vectortile.adapt.jts.MvtReader;
import io.github.sebasbaumh.mapbox.vectortile.adapt.jts.TagKeyValueMapConverter;
import io.github.sebasbaumh.mapbox.vectortile.adapt.jts.model.JtsLayer;
import io.github.sebasbaumh.mapbox.vectortile.build.MvtLayerParams;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.io.geojson.GeoJsonReader;
import org.locationtech.jts.simplify.TopologyPreservingSimplifier;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Polygons simplified once per level and cut by a rectangle clip ({@link TileShapes}) draw the same communes as the
 * former build of each tile (a general overlay with the tile box, then JTS's topology-preserving simplifier on the
 * clipped part, then the MVT library's transform and half-pixel size filter), with the same attributes and nearly the
 * same area; a second build from the kept forms gives the same bytes; the 500 kB budget holds. Real communes of
 * Ille-et-Vilaine and its neighbours (2018).
 */
class TileShapesTest {

    private static final String LAYER = "communes";
    private static final GeometryFactory FACTORY = new GeometryFactory();
    private static final List<TileSource.Feature> COMMUNES = new ArrayList<>();

    @BeforeAll
    static void read() throws Exception {
        GeoJsonReader reader = new GeoJsonReader();
        for (String dep : List.of("35-ille-et-vilaine", "22-cotes-d-armor", "56-morbihan", "44-loire-atlantique", "53-mayenne", "50-manche")) {
            Path file = SharedData.file("geometry/communes-2018/communes-" + dep + ".geojson");
            JsonNode root = Json.MAPPER.readTree(Files.readString(file));
            for (JsonNode f : root.path("features")) {
                Map<String, Object> attributes = new LinkedHashMap<>();
                attributes.put("code", f.path("properties").path("code").asText());
                attributes.put("nom", f.path("properties").path("nom").asText());
                COMMUNES.add(new TileSource.Feature(null, attributes, reader.read(f.path("geometry").toString())));
            }
        }
        assertThat(COMMUNES).hasSizeGreaterThan(1_500);
    }

    /** The tiles of Rennes (48.1173 N, 1.6778 W) from the regional level to the street, and their eastern neighbours from z10. */
    private static List<TileAddress> tiles() {
        List<TileAddress> out = new ArrayList<>();
        for (int z : new int[]{6, 8, 10, 12, 14}) {
            long n = 1L << z;
            long col = (long) Math.floor((-1.6778 + 180) / 360 * n);
            double phi = Math.toRadians(48.1173);
            long row = (long) Math.floor((1 - Math.log(Math.tan(phi) + 1 / Math.cos(phi)) / Math.PI) / 2 * n);
            out.add(TileAddress.parse(String.valueOf(z), String.valueOf(row), String.valueOf(col)));
            if (z >= 10) {
                out.add(TileAddress.parse(String.valueOf(z), String.valueOf(row), String.valueOf(col + 1)));
            }
        }
        return out;
    }

    @Test
    void simplifiedTilesDrawTheSameCommunesWithTheSameAttributesAsTheFormerBuild() {
        TileShapes shapes = new TileShapes();
        for (TileAddress t : tiles()) {
            List<TileSource.Feature> in = COMMUNES.stream().filter(f -> intersects(f, t)).toList();
            byte[] cold = MvtTileBuilder.build(LAYER, t, in, shapes, null);
            byte[] warm = MvtTileBuilder.build(LAYER, t, in, shapes, null);
            assertThat(warm).as("a build from the kept forms").isEqualTo(cold);

            Map<String, Double> drawn = areas(cold);
            Map<String, Double> former = formerAreas(t, in);
            Set<String> lost = new TreeSet<>(former.keySet());
            lost.removeAll(drawn.keySet());
            Set<String> gained = new TreeSet<>(drawn.keySet());
            gained.removeAll(former.keySet());
            double total = former.values().stream().mapToDouble(Double::doubleValue).sum();
            double diff = 0;
            for (Map.Entry<String, Double> e : former.entrySet()) {
                diff += Math.abs(e.getValue() - drawn.getOrDefault(e.getKey(), 0.0));
            }
            System.out.printf("tile %s: %d communes (former build %d), %d bytes; lost %s, gained %s; area drawn differently %.3f %%%n", t,
                    drawn.size(), former.size(), cold.length, lost, gained, 100 * diff / total);
            // only a commune at the half-pixel size limit may fall on the other side of it
            for (String code : lost) {
                assertThat(former.get(code)).as("lost %s in %s", code, t).isLessThan(4 * TileShapes.MIN_AREA);
            }
            for (String code : gained) {
                assertThat(drawn.get(code)).as("gained %s in %s", code, t).isLessThan(4 * TileShapes.MIN_AREA);
            }
            assertThat(lost.size() + gained.size()).as("communes changed in %s", t).isLessThanOrEqualTo(Math.max(1, former.size() / 100));
            assertThat(diff / total).as("area drawn differently in %s", t).isLessThan(0.02);
        }
        assertThat(shapes.size()).as("shapes kept simplified").isGreaterThan(100);
    }

    @Test
    void theAttributesOfEachCommuneComeWithItsShape() {
        TileAddress t = tiles().get(3); // z10, east of Rennes
        List<TileSource.Feature> in = COMMUNES.stream().filter(f -> intersects(f, t)).toList();
        Map<String, String> names = new HashMap<>();
        in.forEach(f -> names.put((String) f.attributes().get("code"), (String) f.attributes().get("nom")));
        List<Geometry> decoded = decode(MvtTileBuilder.build(LAYER, t, in, new TileShapes(), null));
        assertThat(decoded).isNotEmpty();
        for (Geometry g : decoded) {
            @SuppressWarnings("unchecked") Map<String, Object> a = (Map<String, Object>) g.getUserData();
            assertThat(a.get("nom")).isEqualTo(names.get((String) a.get("code")));
            Envelope e = g.getEnvelopeInternal(); // clipped with the buffer
            assertThat(e.getMinX()).isGreaterThanOrEqualTo(-MvtTileBuilder.BUFFER);
            assertThat(e.getMaxX()).isLessThanOrEqualTo(MvtTileBuilder.EXTENT + MvtTileBuilder.BUFFER);
            assertThat(e.getMinY()).isGreaterThanOrEqualTo(-MvtTileBuilder.BUFFER);
            assertThat(e.getMaxY()).isLessThanOrEqualTo(MvtTileBuilder.EXTENT + MvtTileBuilder.BUFFER);
        }
    }

    @Test
    void aLowLevelTileOfManyCommunesStaysUnderTheBudget() {
        TileAddress z5 = TileAddress.parse("5", "11", "15"); // western France: 1,500+ communes of about a pixel
        List<TileSource.Feature> in = COMMUNES.stream().filter(f -> intersects(f, z5)).toList();
        byte[] tile = MvtTileBuilder.build(LAYER, z5, in, new TileShapes(), null);
        assertThat(tile.length).isLessThan(TileBudget.MAX_BYTES);
        assertThat(decode(tile)).hasSizeGreaterThan(500);
    }

    private static boolean intersects(TileSource.Feature f, TileAddress t) {
        double[] box = WebMercatorQuad.lonLat(MvtTileBuilder.readExtent(t));
        return f.shape().getEnvelopeInternal().intersects(new Envelope(box[0], box[2], box[1], box[3]));
    }

    /** The former build of a tile's polygons: overlay with the buffered tile, simplify, the library's transform and filter. */
    private static Map<String, Double> formerAreas(TileAddress t, List<TileSource.Feature> in) {
        Envelope tile = t.bounds();
        Envelope clip = MvtTileBuilder.readExtent(t);
        Map<String, Double> out = new TreeMap<>();
        for (TileSource.Feature f : in) {
            Geometry g = WebMercatorQuad.project(f.shape());
            if (!clip.contains(g.getEnvelopeInternal())) {
                g = g.intersection(FACTORY.toGeometry(clip));
            }
            if (g.isEmpty()) {
                continue;
            }
            g = TopologyPreservingSimplifier.simplify(g, WebMercatorQuad.cellSize(t.z()) / 2);
            Geometry inTile = JtsAdapter.createTileGeom(g, tile, clip, FACTORY, new MvtLayerParams(MvtTileBuilder.EXTENT),
                    new GeomMinSizeFilter(64, 8));
            if (inTile != null && !inTile.isEmpty()) {
                out.merge((String) f.attributes().get("code"), inTile.getArea(), Double::sum);
            }
        }
        return out;
    }

    private static Map<String, Double> areas(byte[] tile) {
        Map<String, Double> out = new TreeMap<>();
        for (Geometry g : decode(tile)) {
            @SuppressWarnings("unchecked") Map<String, Object> a = (Map<String, Object>) g.getUserData();
            out.merge((String) a.get("code"), g.getArea(), Double::sum);
        }
        return out;
    }

    private static List<Geometry> decode(byte[] tile) {
        try {
            JtsLayer l = MvtReader.loadMvt(new ByteArrayInputStream(tile), FACTORY, new TagKeyValueMapConverter(), MvtReader.RING_CLASSIFIER_V2_1)
                    .getLayer(LAYER);
            return l == null ? List.of() : List.copyOf(l.getGeometries());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
