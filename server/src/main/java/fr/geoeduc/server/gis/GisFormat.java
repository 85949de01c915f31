package fr.geoeduc.server.gis;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/** The GIS download formats: GeoPackage (NGA geopackage-java) and FlatGeobuf (flatgeobuf-java). */
public enum GisFormat {
    GPKG("gpkg", "application/geopackage+sqlite3", "GeoPackage"),
    FGB("fgb", "application/flatgeobuf", "FlatGeobuf");

    public final String extension;
    public final String mediaType;
    public final String title;

    GisFormat(String extension, String mediaType, String title) {
        this.extension = extension;
        this.mediaType = mediaType;
        this.title = title;
    }

    /** The format named by an extension, a name or a media type ({@code gpkg}, {@code geopackage}, {@code application/flatgeobuf}…). */
    public static Optional<GisFormat> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "gpkg", "geopackage", "application/geopackage+sqlite3" -> Optional.of(GPKG);
            case "fgb", "flatgeobuf", "application/flatgeobuf" -> Optional.of(FGB);
            default -> Optional.empty();
        };
    }

    /** A new empty file of this format for {@code layer}, under {@code dir}. */
    LayerFile open(Layer layer, Path dir) throws IOException {
        return switch (this) {
            case GPKG -> new GeoPackageFile(layer, dir);
            case FGB -> new FlatGeobufFile(layer, dir);
        };
    }
}
