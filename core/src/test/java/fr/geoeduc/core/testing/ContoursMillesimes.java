package fr.geoeduc.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Two millésimes of the départements, régions and académies as generated GeoJSON squares (they run on every checkout):
 * the older one has two features, the newer one only the first, redrawn larger and renamed. Loaded one after the
 * other, the older millésime keeps both, the newer holds one, and the current one is the first code at the newer
 * millésime beside the second code at the older one.
 */
public final class ContoursMillesimes {

    /** One kind's two millésimes: the codes and names of its two features, and the names of the millésimes. */
    public record Kind(String kind, String plural, String ancien, String recent, String premier, String nomPremier, String second,
                       String nomSecond) {
        /** The name of the first feature in the newer millésime. */
        public String nomRecent() {
            return nomPremier + " (contour " + recent + ")";
        }

        /** The GeoJSON file of the older millésime (both features, squares of 0.8°). */
        public Path ancienFichier(Path dir) {
            return write(dir.resolve(plural + "-" + ancien + ".geojson"), List.of(
                    feature(premier, nomPremier, -2.0, 47.6, 0.8), feature(second, nomSecond, -3.4, 47.6, 0.8)));
        }

        /** The GeoJSON file of the newer millésime (the first feature only, a square of 1.2° from the same corner). */
        public Path recentFichier(Path dir) {
            return write(dir.resolve(plural + "-" + recent + ".geojson"), List.of(feature(premier, nomRecent(), -2.0, 47.6, 1.2)));
        }
    }

    public static final List<Kind> KINDS = List.of(
            new Kind("departement", "departements", "2018", "2024", "35", "Ille-et-Vilaine", "22", "Côtes-d'Armor"),
            new Kind("region", "regions", "2016", "2024", "53", "Bretagne", "52", "Pays de la Loire"),
            new Kind("academie", "academies", "2020", "2025", "14", "Rennes", "17", "Nantes"));

    private ContoursMillesimes() {
    }

    public static Kind kind(String kind) {
        return KINDS.stream().filter(k -> k.kind().equals(kind)).findFirst().orElseThrow();
    }

    private static String feature(String code, String nom, double lon, double lat, double side) {
        String ring = String.format(Locale.ROOT, "[[%f,%f],[%f,%f],[%f,%f],[%f,%f],[%f,%f]]", lon, lat, lon + side, lat, lon + side,
                lat + side, lon, lat + side, lon, lat);
        return "{\"type\":\"Feature\",\"properties\":{\"code\":\"" + code + "\",\"nom\":\"" + nom.replace("\"", "\\\"")
                + "\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[" + ring + "]}}";
    }

    private static Path write(Path file, List<String> features) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, "{\"type\":\"FeatureCollection\",\"features\":[" + String.join(",", features) + "]}");
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
