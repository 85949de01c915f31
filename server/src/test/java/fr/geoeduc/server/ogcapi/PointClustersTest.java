package fr.geoeduc.server.ogcapi;

import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.GeometryFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Groups of points at low zoom keep what a map needs to size and colour them: sums and (weighted) means. */
class PointClustersTest {

    private static final GeometryFactory FACTORY = new GeometryFactory();
    private static final Envelope TILE = new Envelope(0, 4096, 0, 4096); // one tile unit = one metre here

    private static TileSource.Feature school(double x, double y, Object pupils, Object ips, String uai) {
        Map<String, Object> a = new LinkedHashMap<>();
        if (pupils != null) {
            a.put("eleves", pupils);
        }
        if (ips != null) {
            a.put("ips", ips);
        }
        a.put("uai", uai);
        return new TileSource.Feature(FACTORY.createPoint(new Coordinate(x, y)), a);
    }

    // three schools in one 64-unit cell, one alone in another
    private static final List<TileSource.Feature> SCHOOLS = List.of(
            school(10, 4000, 100L, 80.0, "0350001A"),
            school(20, 4010, 300L, 120.0, "0350002B"),
            school(30, 4020, null, 150.0, "0350003C"),
            school(2000, 2000, 50L, 90.0, "0350004D"));

    @Test
    void aGroupCarriesTheSumsAndTheMeansWeightedByTheNamedAttribute() {
        List<TileSource.Feature> out = PointClusters.cluster(SCHOOLS, TILE, 4096, "eleves");
        assertThat(out).hasSize(2);
        Map<String, Object> group = out.get(0).attributes();
        assertThat(group).containsEntry("count", 3L).containsEntry("sum(eleves)", 400L).doesNotContainKey("uai");
        // IPS weighted by pupils: (80×100 + 120×300) / 400 = 110; the school without pupils is left out of the mean
        assertThat((Double) group.get("ips")).isCloseTo(110.0, within(1e-9));
        assertThat((Double) group.get("sum(ips)")).isCloseTo(350.0, within(1e-9));
        // the weight's own mean is a plain mean (of the members that have it)
        assertThat((Double) group.get("eleves")).isCloseTo(200.0, within(1e-9));
        Map<String, Object> alone = out.get(1).attributes();
        assertThat(alone).containsEntry("count", 1L).containsEntry("eleves", 50L).containsEntry("ips", 90.0).containsEntry("uai", "0350004D")
                .doesNotContainKey("sum(eleves)");
    }

    @Test
    void withoutAWeightTheMeansArePlain() {
        Map<String, Object> group = PointClusters.cluster(SCHOOLS, TILE, 4096, null).get(0).attributes();
        assertThat((Double) group.get("ips")).isCloseTo((80.0 + 120.0 + 150.0) / 3, within(1e-9));
        assertThat(group).containsEntry("sum(eleves)", 400L);
    }

    @Test
    void withoutAnyPositiveWeightTheMeanFallsBackToPlain() {
        List<TileSource.Feature> none = List.of(school(10, 4000, 0L, 80.0, "A"), school(20, 4010, null, 100.0, "B"));
        Map<String, Object> group = PointClusters.cluster(none, TILE, 4096, "eleves").get(0).attributes();
        assertThat((Double) group.get("ips")).isCloseTo(90.0, within(1e-9));
    }
}
