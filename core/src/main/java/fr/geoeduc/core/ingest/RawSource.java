package fr.geoeduc.core.ingest;

import java.util.List;
import java.util.function.Consumer;

/** A file read as a header and rows of raw cells; can be read several times (type inference, then ingest). */
public interface RawSource {

    /** Column names as the file spells them (labels or field names). */
    List<String> header();

    /** Reads every row in order; throws {@link IngestException} naming file and line on a malformed row. */
    void forEach(Consumer<RawRow> consumer);

    /** e.g. "csv, UTF-8 with BOM, delimiter ';', CRLF". */
    String format();

    /** The SHA-256 (hex) of the file's bytes as read by the last complete {@link #forEach}, or null when not computed. */
    default String sha256() {
        return null;
    }

    /** Index of a column holding parsed geometries (GeoJSON), or -1. */
    default int geometryColumn() {
        return -1;
    }
}
