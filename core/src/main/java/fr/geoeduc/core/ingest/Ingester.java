package fr.geoeduc.core.ingest;

import fr.geoeduc.core.model.AccessLevel;
import fr.geoeduc.core.model.DatasetDefinition;
import fr.geoeduc.core.model.FieldType;
import fr.geoeduc.core.referentiel.CrsTransformer;
import fr.geoeduc.core.referentiel.Referentiels;
import fr.geoeduc.core.store.Store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads a file, maps it to its dataset's schema, normalises and checks every row, and publishes a new
 * immutable version with its quality report and lineage. Streams: memory does not grow with the file,
 * except for the keys kept for the duplicate rule. On any error nothing is published. The types of columns that
 * no schema declares are inferred from all their values in the same read, on a guess checked at the end
 * ({@link GuessedTypesRead}); a file that contradicts the guess is read a second time.
 */
public final class Ingester {

    static final int BLOCK_ROWS = 4096;
    private final Store store;
    private final SchemaRegistry registry;
    private final Path downloadDir;
    private final CrsTransformer crs = new CrsTransformer();

    public Ingester(Store store, SchemaRegistry registry, Path downloadDir) {
        this.store = store;
        this.registry = registry;
        this.downloadDir = downloadDir;
    }

    public IngestResult ingest(IngestRequest request, ProgressListener progress) {
        SourceFile source = new SourceResolver(downloadDir).resolve(request.location(), progress);
        return ingest(source, request, progress);
    }

    public IngestResult ingest(SourceFile source, IngestRequest request, ProgressListener progress) {
        RawSource raw = open(source, request, progress);
        DatasetDefinition definition = definitionFor(request, raw.header()).withTitle(request.title(), request.description());
        if (request.synthetic()) {
            definition = definition.asSynthetic();
        }
        HeaderMapping mapping = HeaderMapping.of(raw.header(), definition);
        if (definition.isDeclared()) {
            requireRecognisable(source, raw, mapping, definition);
        }
        Referentiels referentiels = Referentiels.from(store);
        DatasetDefinition def = definition;
        Function<Map<Integer, FieldType>, VersionBuild> builds = types -> new VersionBuild(store, source, request, raw, def,
                mapping, types, referentiels, crs);
        ColumnTypes types = ColumnTypes.of(raw, mapping.unmatchedColumns(), request.types());
        if (types.needsInference()) {
            // one read when the first rows tell the types right; a second read otherwise
            try (GuessedTypesRead read = new GuessedTypesRead(types, builds)) {
                raw.forEach(read::accept);
                Optional<VersionBuild> built = read.finish();
                if (built.isPresent()) {
                    return built.get().publish();
                }
            }
        }
        try (VersionBuild build = builds.apply(types.types())) {
            raw.forEach(build::accept);
            return build.publish();
        }
    }

    private RawSource open(SourceFile source, IngestRequest request, ProgressListener progress) {
        if (looksLikeJson(source)) {
            return new GeoJsonSource(source, progress);
        }
        CsvDialect dialect = CsvDialect.detect(source, request.charset(), request.delimiter());
        return new PrefetchingSource(new CsvSource(source, dialect, progress));
    }

    private static boolean looksLikeJson(SourceFile source) {
        String name = source.displayName().toLowerCase(Locale.ROOT);
        if (name.endsWith(".geojson") || name.endsWith(".json")) {
            return true;
        }
        try (InputStream in = Files.newInputStream(source.path())) {
            int b;
            do {
                b = in.read();
            } while (b == ' ' || b == '\n' || b == '\r' || b == '\t' || b == 0xEF || b == 0xBB || b == 0xBF);
            return b == '{';
        } catch (IOException e) {
            return false;
        }
    }

    private DatasetDefinition definitionFor(IngestRequest request, List<String> header) {
        DatasetDefinition existing = store.dataset(request.datasetId()).orElse(null);
        AccessLevel level = request.accessLevel() != null ? request.accessLevel()
                : existing != null ? existing.accessLevel() : AccessLevel.OPEN;
        DatasetDefinition declared = registry.find(request.datasetId()).orElse(null);
        if (declared != null) {
            return declared.withAccessLevel(level);
        }
        if (existing != null) {
            // keep the catalogue entry (title, description…) but infer the fields again from this file
            return existing.withAccessLevel(level).withFields(List.of());
        }
        return DatasetDefinition.inferred(request.datasetId(), level);
    }

    private static void requireRecognisable(SourceFile source, RawSource raw, HeaderMapping mapping, DatasetDefinition def) {
        int columns = raw.header().size();
        if (mapping.matchedCount() * 2 < columns || mapping.matchedCount() == 0) {
            String unknown = mapping.unmatchedColumns().stream().limit(3).map(i -> "'" + raw.header().get(i) + "'")
                    .reduce((a, b) -> a + ", " + b).orElse("");
            throw new IngestException(source.displayName() + ", line 1: only " + mapping.matchedCount() + " of " + columns
                    + " columns are fields of " + def.id() + " (unknown: " + unknown + "). Is it the right --dataset? "
                    + "Read as " + raw.format() + "; if the delimiter is wrong, pass --delimiter. Nothing was published.");
        }
    }
}
