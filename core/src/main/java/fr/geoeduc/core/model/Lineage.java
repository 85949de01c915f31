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

    /**
     * The source as it may be shown outside the server: a file's name without its directories (a server path tells an
     * attacker the layout of the machine), a URL without its query string or credentials; with {@link #sha256} it
     * identifies the file all the same.
     */
    public String publicSource() {
        if (source == null || source.isBlank()) {
            return source;
        }
        try {
            java.net.URI uri = java.net.URI.create(source.strip());
            if (uri.getScheme() != null && uri.getScheme().length() > 1 && uri.getHost() != null) {
                return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort()) + (uri.getRawPath() == null ? "" : uri.getRawPath());
            }
        } catch (IllegalArgumentException e) {
            // not a URL: a file path
        }
        String path = source.strip().replace('\\', '/');
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** This lineage with {@link #publicSource} as its source: what API answers may carry. */
    public Lineage published() {
        return new Lineage(publicSource(), sha256, bytes, format, ingestedAt, tool, parents);
    }
}
