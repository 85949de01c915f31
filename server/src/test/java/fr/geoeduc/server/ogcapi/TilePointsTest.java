package fr.geoeduc.server.ogcapi;

import io.github.sebasbaumh.mapbox.vectortile.adapt.jts.JtsAdapter;
import io.github.sebasbaumh.mapbox.vectortile.build.MvtLayerParams;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.util.AffineTransformation;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A tile's points placed by {@link MvtTileBuilder#tilePoint} (one transform and a rounding) land on the same tile units
 * as through the MVT library's {@code createTileGeom} (overlay with the tile, transform, rounding, simplifier), for
 * points drawn at random in tiles of every level used, their corners and edges included.
 */
class TilePointsTest {

    private static final GeometryFactory FACTORY = new GeometryFactory();
    private static final MvtLayerParams PARAMS = new MvtLayerParams(MvtTileBuilder.EXTENT);

    @Test
    void samePlaceAsTheLibrary() {
        Random random = new Random(18);
        int compared = 0;
        for (int z = 0; z <= 18; z++) {
            for (int i = 0; i < 40; i++) {
                int n = 1 << z;
                TileAddress address = new TileAddress(z, random.nextInt(n), random.nextInt(n));
                Envelope tile = address.bounds();
                AffineTransformation toTile = MvtTileBuilder.toTile(tile);
                for (int k = 0; k < 25; k++) {
                    double fx = k == 0 ? 0 : k == 1 ? 0.999999 : random.nextDouble();
                    double fy = k == 0 ? 1e-9 : k == 2 ? 1 : random.nextDouble();
                    Coordinate c = new Coordinate(tile.getMinX() + fx * tile.getWidth(), tile.getMinY() + fy * tile.getHeight());
                    if (!PointClusters.owns(tile, c)) {
                        continue;
                    }
                    Geometry expected = JtsAdapter.createTileGeom(FACTORY.createPoint(c), tile, tile, FACTORY, PARAMS, null);
                    assertThat(MvtTileBuilder.tilePoint(c, toTile).getCoordinate())
                            .as("z%d tile %s point %s", z, address, c).isEqualTo(expected.getCoordinate());
                    compared++;
                }
            }
        }
        assertThat(compared).isGreaterThan(15_000);
    }
}
