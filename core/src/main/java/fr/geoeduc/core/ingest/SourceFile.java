package fr.geoeduc.core.ingest;

import java.nio.file.Path;

/**
 * A local copy of the input with its identity: where it came from ({@code origin}: path or URL), its size
 * and SHA-256, and the name used in error messages. A local file's SHA-256 is null here: it is computed while the
 * file is parsed (one read instead of two), see {@link RawSource#sha256()}.
 */
public record SourceFile(Path path, String origin, String displayName, long bytes, String sha256) {
}
