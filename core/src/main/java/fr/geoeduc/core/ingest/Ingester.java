package fr.geoeduc.core.ingest;

import fr.geoeduc.core.model.AccessLevel;
import fr.geoeduc.core.model.DatasetDefinition;
import fr.geoeduc.core.model.DatasetVersion;
import fr.geoeduc.core.model.Field;
import fr.geoeduc.core.model.FieldType;
import fr.geoeduc.core.model.Lineage;
import fr.geoeduc.core.model.Names;
import fr.geoeduc.core.model.Schema;
import fr.geoeduc.core.quality.QualityCollector;
import fr.geoeduc.core.quality.QualityReport;
import fr.geoeduc.core.quality.Rule;
import fr.geoeduc.core.quality.Severity;
import fr.geoeduc.core.referentiel.CrsTransformer;
import fr.geoeduc.core.referentiel.Referentiels;
import fr.geoeduc.core.store.Store;
import fr.geoeduc.core.store.VersionWriter;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a file, maps it to its dataset's schema, normalises and checks every row, and publishes a new
 * immutable version with its quality report and lineage. Streams: memory does not grow with the file,
 * except for the keys kept for the duplicate rule. On any error nothing is published.
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
        DatasetDefinition definition = definitionFor(request, raw.header());
        if (request.synthetic()) {
            definition = definition.asSynthetic();
        }
        QualityCollector quality = new QualityCollector();
        HeaderMapping mapping = HeaderMapping.of(raw.header(), definition);
        if (definition.isDeclared()) {
            requireRecognisable(source, raw, mapping, definition);
        }
        Map<Integer, FieldType> inferred = inferTypes(raw, mapping.unmatchedColumns(), request.types(), progress);
        List<Field> candidates = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < raw.header().size(); i++) {
            Field f = mapping.declared().get(i);
            if (f == null) {
                String name = uniqueName(Names.fieldNameFor(raw.header().get(i), i), names);
                f = new Field(name, raw.header().get(i).isBlank() ? "(sans nom)" : raw.header().get(i), inferred.get(i),
                        null, null, List.of(), false, null, "inferred");
            }
            names.add(f.name());
            candidates.add(f);
        }
        if (!definition.isDeclared()) {
            definition = withGuessedRoles(definition, names);
        }
        Set<String> sourceNames = new HashSet<>(names);
        sourceNames.removeAll(DerivedFields.NAMES);
        List<Field> derived = DerivedFields.forVersion(definition, sourceNames);
        Set<String> derivedNames = new HashSet<>();
        derived.forEach(d -> derivedNames.add(d.name()));
        List<Field> fields = new ArrayList<>();
        List<Integer> columns = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            Field f = candidates.get(i);
            boolean fromSchema = "declared".equals(f.origin());
            if (!fromSchema && derivedNames.contains(f.name())) {
                quality.report(Rule.UNEXPECTED_COLUMN, 1, f.name(), raw.header().get(i), "column '" + raw.header().get(i)
                        + "' is computed by GéoÉduc: the file's values are ignored and recomputed");
                continue;
            }
            if (!fromSchema && definition.isDeclared()) {
                quality.report(Rule.UNEXPECTED_COLUMN, 1, f.name(), raw.header().get(i),
                        "column '" + raw.header().get(i) + "' is not in the declared schema; kept as " + f.type().apiName());
            }
            fields.add(f);
            columns.add(i);
        }
        if (definition.isDeclared()) {
            for (Field absent : mapping.absentFields()) {
                quality.report(Rule.ABSENT_FIELD, 1, absent.name(), null, "declared field absent from this file");
            }
        }
        for (Field d : derived) {
            fields.add(d);
            columns.add(-1);
        }
        Schema schema = new Schema(fields);
        Referentiels referentiels = Referentiels.from(store);
        noteReferentielCoverage(definition, referentiels, quality);
        RowProcessor processor = new RowProcessor(definition, schema, columns.stream().mapToInt(Integer::intValue).toArray(),
                referentiels, quality, crs);
        DatasetVersion version;
        try (VersionWriter writer = store.beginVersion(definition.id(), schema);
             BackgroundBlockWriter blocks = new BackgroundBlockWriter(writer)) {
            List<List<Object[]>> block = new ArrayList<>(List.of(new ArrayList<>(BLOCK_ROWS)));
            raw.forEach(row -> {
                Object[] record = processor.process(row);
                if (record == null) {
                    return;
                }
                block.get(0).add(record);
                if (block.get(0).size() == BLOCK_ROWS) {
                    blocks.write(block.get(0));
                    block.set(0, new ArrayList<>(BLOCK_ROWS));
                }
            });
            blocks.write(block.get(0));
            blocks.finish();
            if (processor.rows() == 0) {
                long empty = quality.count(Rule.EMPTY_ROW);
                throw new IngestException(source.displayName() + ": the file has a header but no data rows"
                        + (empty > 0 ? " (" + empty + " entirely empty rows)" : "") + "; nothing was published");
            }
            String sha256 = source.sha256() != null ? source.sha256() : raw.sha256() != null ? raw.sha256() : SourceResolver.sha256(source.path());
            noteSameFile(definition.id(), sha256, quality);
            QualityReport report = quality.toReport(definition.id(), processor.rows());
            if (request.refuseOnError() && report.count(Severity.ERROR) > 0) {
                throw new IngestRefused(source.displayName(), report);
            }
            Lineage lineage = new Lineage(source.origin(), sha256, source.bytes(), raw.format(), Instant.now(),
                    request.tool(), List.of());
            DatasetDefinition catalogued = definition.isDeclared() ? definition : definition.withFields(schema.fields());
            version = writer.publish(catalogued, schema, lineage, report);
            return new IngestResult(version, report);
        }
    }

    /** A file identical to the current version's still makes a new version (the schema may have changed), said in a note. */
    private void noteSameFile(String datasetId, String sha256, QualityCollector quality) {
        store.latest(datasetId).filter(v -> sha256.equals(v.lineage().sha256())).ifPresent(v -> quality.note(
                "Fichier identique à la version " + v.number() + " (même SHA-256 " + sha256.substring(0, 16) + "…) : "
                        + "cette version n'apporte aucune donnée nouvelle. / Same file as version " + v.number()
                        + " (same SHA-256): this version brings no new data."));
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

    private Map<Integer, FieldType> inferTypes(RawSource raw, List<Integer> unmatched, Map<String, FieldType> known, ProgressListener progress) {
        Map<Integer, FieldType> types = new HashMap<>();
        List<Integer> columns = new ArrayList<>();
        for (int c : unmatched) {
            FieldType t = c == raw.geometryColumn() ? null : known.get(raw.header().get(c).strip());
            if (t != null) {
                types.put(c, t);
            } else {
                columns.add(c);
            }
        }
        if (columns.isEmpty()) {
            return types;
        }
        ValueParser parser = new ValueParser();
        Map<Integer, TypeInference> inference = new LinkedHashMap<>();
        for (int c : columns) {
            inference.put(c, new TypeInference(raw.header().get(c), parser));
        }
        raw.forEach(row -> inference.forEach((c, inf) -> inf.accept(row.cells()[c])));
        inference.forEach((c, inf) -> types.put(c, c == raw.geometryColumn() ? FieldType.GEO_SHAPE : inf.result()));
        return types;
    }

    /** For a dataset without a declared schema, recognise the usual coordinate and UAI column names. */
    private static DatasetDefinition withGuessedRoles(DatasetDefinition def, Set<String> names) {
        Map<String, String> roles = new LinkedHashMap<>(def.roles());
        guess(roles, "latitude", names, "latitude", "lat", "y_wgs84");
        guess(roles, "longitude", names, "longitude", "lon", "lng", "x_wgs84");
        guess(roles, "uai", names, "uai", "numero_uai", "code_uai", "identifiant_de_l_etablissement", "code_rne");
        guess(roles, "commune", names, "code_commune", "code_insee", "code_insee_de_la_commune", "com");
        guess(roles, "position", names, "position", "geo_point_2d", "geo_point");
        return new DatasetDefinition(def.id(), def.title(), def.description(), def.producer(), def.licence(), def.keywords(),
                def.themes(), def.frequency(), def.temporalCoverage(), def.spatialCoverage(), def.accessLevel(), def.key(),
                def.multiRowFlag(), roles, def.totals(), def.fields());
    }

    private static void guess(Map<String, String> roles, String role, Set<String> names, String... candidates) {
        if (roles.containsKey(role)) {
            return;
        }
        for (String c : candidates) {
            if (names.contains(c)) {
                roles.put(role, c);
                return;
            }
        }
    }

    private static void noteReferentielCoverage(DatasetDefinition def, Referentiels referentiels, QualityCollector quality) {
        if (def.role("commune").isPresent() && referentiels.departementsWithCommunes().isEmpty()) {
            quality.note("Aucun référentiel des communes chargé : codes communes et coordonnées non vérifiés contre les "
                    + "polygones (geoeduc referentiel load communes …). / No commune référentiel loaded: commune codes and "
                    + "coordinates were not checked against polygons.");
        }
        if (def.role("commune").isPresent() && referentiels.history().isEmpty()) {
            quality.note("Aucun historique du COG chargé : les communes fusionnées ne sont pas détectées "
                    + "(geoeduc referentiel load cog-mouvements …). / No COG history loaded: merged communes are not detected.");
        }
    }

    private static String uniqueName(String base, Set<String> taken) {
        String name = base;
        for (int k = 2; taken.contains(name); k++) {
            name = base + "_" + k;
        }
        return name;
    }
}
