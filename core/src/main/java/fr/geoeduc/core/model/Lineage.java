package fr.geoeduc.core.model;

import java.time.Instant;
import java.util.List;

/**
 * Where a version comes from.
 *
 * @param source   the path or URL the file was read from
 * @param sha256   hex SHA-256 of the source bytes
 * @param bytes    size of the source in bytes
 * @param format   {@code csv} or {@code geojson}, with the detected dialect (delimiter, BOM, line ending)
 * @param parents  versions this one was derived from ("dataset@version"), empty for a file ingest
 */
public record Lineage(String source, String sha256, long bytes, String format, Instant ingestedAt,
                      String tool, List<String> parents) {
    public Lineage {
        parents = parents == null ? List.of() : List.copyOf(parents);
    }
}
