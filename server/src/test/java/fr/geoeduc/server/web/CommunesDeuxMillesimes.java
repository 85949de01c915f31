package fr.geoeduc.server.web;

import fr.geoeduc.core.ingest.ReferentielLoader;
import fr.geoeduc.server.TestServer;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A small generated commune référentiel in two millésimes (runs on every checkout): in 2018 four squares of 0.05°,
 * 35001…35004; in 2024 35002 is merged into 35001, which becomes « Val-Nouveau » over both squares. Beside it, a
 * geolocated dataset of rentrées 2018 and 2024, one établissement per 2018 commune, coded with 2018's communes.
 */
final class CommunesDeuxMillesimes {

    static final String DATASET = "ecoles-communes";
    static final String ABSORBEE = "35002";
    static final String NOUVELLE = "35001";

    private CommunesDeuxMillesimes() {
    }

    /** Loads both millésimes into the server's store and ingests the dataset. */
    static void load(TestServer server) throws IOException {
        ReferentielLoader loader = new ReferentielLoader(server.store);
        loader.loadBoundaries("commune", server.write("communes-2018.geojson", geojson(List.of(
                square("35001", "Val", 0, 0, 1), square("35002", "Nouveau", 1, 0, 1), square("35003", "Trois", 0, 1, 1),
                square("35004", "Quatre", 1, 1, 1)))), "2018");
        loader.loadBoundaries("commune", server.write("communes-2024.geojson", geojson(List.of(
                square("35001", "Val-Nouveau", 0, 0, 2), square("35003", "Trois", 0, 1, 1), square("35004", "Quatre", 1, 1, 1)))), "2024");
        StringBuilder csv = new StringBuilder("uai;nom;code_commune;rentree_scolaire;latitude;longitude;effectif\n");
        int n = 0;
        for (String rentree : List.of("2018", "2024")) {
            for (int i = 0; i < 4; i++) {
                String code = "3500" + (i + 1);
                // in 2024 the établissement of 35002 is coded with the commune nouvelle
                String coded = rentree.equals("2024") && code.equals(ABSORBEE) ? NOUVELLE : code;
                csv.append(String.format(Locale.ROOT, "03500%02dX;École %d;%s;%s;%.4f;%.4f;%d%n", n, n, coded, rentree,
                        48.0 + (i / 2) * 0.05 + 0.025, -1.7 + (i % 2) * 0.05 + 0.025, 100 + n));
                n++;
            }
        }
        server.ingest(server.write("ecoles-communes.csv", csv), DATASET);
    }

    /** A square of {@code side} × 0.05° at column {@code x}, row {@code y} of the grid from (-1.7, 48.0). */
    private static String square(String code, String nom, int x, int y, int side) {
        double lon = -1.7 + x * 0.05;
        double lat = 48.0 + y * 0.05;
        double w = side * 0.05;
        return String.format(Locale.ROOT, "{\"type\":\"Feature\",\"properties\":{\"code\":\"%s\",\"nom\":\"%s\"},\"geometry\":"
                        + "{\"type\":\"Polygon\",\"coordinates\":[[[%f,%f],[%f,%f],[%f,%f],[%f,%f],[%f,%f]]]}}", code, nom, lon, lat,
                lon + w, lat, lon + w, lat + 0.05, lon, lat + 0.05, lon, lat);
    }

    private static String geojson(List<String> features) {
        return "{\"type\":\"FeatureCollection\",\"features\":[" + String.join(",", new ArrayList<>(features)) + "]}";
    }
}
