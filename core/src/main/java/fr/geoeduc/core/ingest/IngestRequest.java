package fr.geoeduc.core.ingest;

import fr.geoeduc.core.model.AccessLevel;
import fr.geoeduc.core.model.FieldType;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * What to ingest: a file path or an http(s) URL, into which dataset; optionally the access level
 * (default: the dataset's current one, open for a new dataset), the encoding and a forced delimiter.
 * {@code synthetic} marks generated data: the catalogue entry then says so in its title and description.
 * {@code refuseOnError}: publish nothing when the quality report has an error-level finding.
 * {@code types}: the types of columns whose layout the caller knows (by header), not inferred from the values; when
 * every column of a dataset without a declared schema is given, the file is read once instead of twice.
 * {@code title}, {@code description}: the catalogue entry's, when given (a dataset without a declared schema is
 * otherwise titled by its id); null keeps what the entry has.
 */
public record IngestRequest(String location, String datasetId, AccessLevel accessLevel, Charset charset, Character delimiter,
                            boolean synthetic, String tool, boolean refuseOnError, java.util.Map<String, FieldType> types,
                            String title, String description) {

    public IngestRequest {
        if (location == null || location.isBlank()) {
            throw new IllegalArgumentException("a file path or URL is required");
        }
        if (datasetId == null || !datasetId.matches("[a-z0-9][a-z0-9_.-]{0,199}")) {
            throw new IllegalArgumentException("invalid dataset id '" + datasetId
                    + "': use lower-case letters, digits, '-', '_' or '.', as data.education.gouv.fr ids (fr-en-annuaire-education)");
        }
        charset = charset == null ? StandardCharsets.UTF_8 : charset;
        tool = tool == null ? "geoeduc ingest" : tool;
        types = types == null ? java.util.Map.of() : java.util.Map.copyOf(types);
        title = title == null || title.isBlank() ? null : title.strip();
        description = description == null || description.isBlank() ? null : description.strip();
    }

    public IngestRequest(String location, String datasetId, AccessLevel accessLevel, Charset charset, Character delimiter,
                         boolean synthetic, String tool, boolean refuseOnError, java.util.Map<String, FieldType> types) {
        this(location, datasetId, accessLevel, charset, delimiter, synthetic, tool, refuseOnError, types, null, null);
    }

    /** The same request, giving the catalogue entry this title and description (null keeps the entry's). */
    public IngestRequest titled(String newTitle, String newDescription) {
        return new IngestRequest(location, datasetId, accessLevel, charset, delimiter, synthetic, tool, refuseOnError, types, newTitle,
                newDescription);
    }

    public IngestRequest(String location, String datasetId, AccessLevel accessLevel, Charset charset, Character delimiter,
                         boolean synthetic, String tool, boolean refuseOnError) {
        this(location, datasetId, accessLevel, charset, delimiter, synthetic, tool, refuseOnError, null);
    }

    /** The same request with the types of the columns named (by header) instead of their inference. */
    public IngestRequest withTypes(java.util.Map<String, FieldType> columnTypes) {
        return new IngestRequest(location, datasetId, accessLevel, charset, delimiter, synthetic, tool, refuseOnError, columnTypes, title, description);
    }

    public IngestRequest(String location, String datasetId, AccessLevel accessLevel, Charset charset, Character delimiter,
                         boolean synthetic) {
        this(location, datasetId, accessLevel, charset, delimiter, synthetic, null, false);
    }

    /** The same request, recorded in the lineage as made by {@code tool} (e.g. a convention's delivery). */
    public IngestRequest withTool(String newTool) {
        return new IngestRequest(location, datasetId, accessLevel, charset, delimiter, synthetic, newTool, refuseOnError, types, title, description);
    }

    /** The same request, refused (nothing published) when an error-level finding exists. */
    public IngestRequest refusingOnError() {
        return new IngestRequest(location, datasetId, accessLevel, charset, delimiter, synthetic, tool, true, types, title, description);
    }

    public IngestRequest(String location, String datasetId, AccessLevel accessLevel, Charset charset, Character delimiter) {
        this(location, datasetId, accessLevel, charset, delimiter, false);
    }

    public IngestRequest asSynthetic() {
        return new IngestRequest(location, datasetId, accessLevel, charset, delimiter, true, tool, refuseOnError, types, title, description);
    }

    public static IngestRequest of(String location, String datasetId) {
        return new IngestRequest(location, datasetId, null, null, null, false);
    }
}
