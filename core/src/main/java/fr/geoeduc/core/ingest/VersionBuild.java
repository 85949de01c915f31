package fr.geoeduc.core.ingest;

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

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One new version being built from a file's rows once every column's type is known: the schema (declared fields,
 * the other columns under their given or inferred types, derived fields), each row typed and checked, blocks staged
 * in the store. {@link #publish} makes it a version; closing it unpublished discards what it staged.
 */
final class VersionBuild implements AutoCloseable {

    private final Store store;
    private final SourceFile source;
    private final IngestRequest request;
    private final RawSource raw;
    private final QualityCollector quality = new QualityCollector();
    private final DatasetDefinition definition;
    private final Schema schema;
    private final RowProcessor processor;
    private final VersionWriter writer;
    private final BackgroundBlockWriter blocks;
    private List<Object[]> block = new ArrayList<>(Ingester.BLOCK_ROWS);
    /** For each column of the file, the index of its field in the schema, or -1 when the version does not keep it. */
    private final int[] fieldOfColumn;

    /** @param types the type of every column of the file that {@code mapping} does not declare, by header index */
    VersionBuild(Store store, SourceFile source, IngestRequest request, RawSource raw, DatasetDefinition declared,
                 HeaderMapping mapping, Map<Integer, FieldType> types, Referentiels referentiels, CrsTransformer crs) {
        this.store = store;
        this.source = source;
        this.request = request;
        this.raw = raw;
        DatasetDefinition def = declared;
        List<String> header = raw.header();
        List<Field> candidates = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < header.size(); i++) {
            Field f = mapping.declared().get(i);
            if (f == null) {
                String name = uniqueName(Names.fieldNameFor(header.get(i), i), names);
                f = new Field(name, header.get(i).isBlank() ? "(sans nom)" : header.get(i), types.get(i),
                        null, null, List.of(), false, null, "inferred");
            }
            names.add(f.name());
            candidates.add(f);
        }
        if (!def.isDeclared()) {
            def = withGuessedRoles(def, names);
        }
        Set<String> sourceNames = new HashSet<>(names);
        sourceNames.removeAll(DerivedFields.NAMES);
        List<Field> derived = DerivedFields.forVersion(def, sourceNames);
        Set<String> derivedNames = new HashSet<>();
        derived.forEach(d -> derivedNames.add(d.name()));
        List<Field> fields = new ArrayList<>();
        List<Integer> columns = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            Field f = candidates.get(i);
            boolean fromSchema = "declared".equals(f.origin());
            if (!fromSchema && derivedNames.contains(f.name())) {
                quality.report(Rule.UNEXPECTED_COLUMN, 1, f.name(), header.get(i), "column '" + header.get(i)
                        + "' is computed by GéoÉduc: the file's values are ignored and recomputed");
                continue;
            }
            if (!fromSchema && def.isDeclared()) {
                quality.report(Rule.UNEXPECTED_COLUMN, 1, f.name(), header.get(i),
                        "column '" + header.get(i) + "' is not in the declared schema; kept as " + f.type().apiName());
            }
            fields.add(f);
            columns.add(i);
        }
        if (def.isDeclared()) {
            for (Field absent : mapping.absentFields()) {
                quality.report(Rule.ABSENT_FIELD, 1, absent.name(), null, "declared field absent from this file");
            }
        }
        for (Field d : derived) {
            fields.add(d);
            columns.add(-1);
        }
        this.definition = def;
        this.schema = new Schema(fields);
        this.fieldOfColumn = new int[header.size()];
        java.util.Arrays.fill(fieldOfColumn, -1);
        for (int f = 0; f < columns.size(); f++) {
            if (columns.get(f) >= 0) {
                fieldOfColumn[columns.get(f)] = f;
            }
        }
        noteReferentielCoverage(def, referentiels, quality);
        this.processor = new RowProcessor(def, schema, columns.stream().mapToInt(Integer::intValue).toArray(),
                referentiels, quality, crs);
        this.writer = store.beginVersion(def.id(), schema);
        BackgroundBlockWriter started;
        try {
            started = new BackgroundBlockWriter(writer);
        } catch (RuntimeException | Error e) {
            writer.close();
            throw e;
        }
        this.blocks = started;
    }

    /** Types and checks one row of the file, in file order. */
    void accept(RawRow row) {
        Object[] record = processor.process(row);
        if (record == null) {
            return;
        }
        block.add(record);
        if (block.size() == Ingester.BLOCK_ROWS) {
            blocks.write(block);
            block = new ArrayList<>(Ingester.BLOCK_ROWS);
        }
    }

    /** The type of a column of the file in this version, or null when the version does not keep the column. */
    FieldType typeOf(int column) {
        int f = fieldOfColumn[column];
        return f < 0 ? null : schema.field(f).type();
    }

    /**
     * Whether the cell of {@code column} in the last row given to {@link #accept} gave no value under
     * {@link #typeOf}: for a cell neither empty nor a null marker, that it does not parse as that type.
     */
    boolean hadNoValue(int column) {
        return processor.hadNoValue(fieldOfColumn[column]);
    }

    /** After the last row: publishes the version, or refuses it (empty file, --refuse-on-error) publishing nothing. */
    IngestResult publish() {
        blocks.write(block);
        blocks.finish();
        if (processor.rows() == 0) {
            long empty = quality.count(Rule.EMPTY_ROW);
            throw new IngestException(source.displayName() + ": the file has a header but no data rows"
                    + (empty > 0 ? " (" + empty + " entirely empty rows)" : "") + "; nothing was published");
        }
        String sha256 = source.sha256() != null ? source.sha256() : raw.sha256() != null ? raw.sha256() : SourceResolver.sha256(source.path());
        noteSameFile(definition.id(), sha256);
        QualityReport report = quality.toReport(definition.id(), processor.rows());
        if (request.refuseOnError() && report.count(Severity.ERROR) > 0) {
            throw new IngestRefused(source.displayName(), report);
        }
        Lineage lineage = new Lineage(source.origin(), sha256, source.bytes(), raw.format(), Instant.now(),
                request.tool(), List.of());
        DatasetDefinition catalogued = definition.isDeclared() ? definition : definition.withFields(schema.fields());
        DatasetVersion version = writer.publish(catalogued, schema, lineage, report);
        return new IngestResult(version, report);
    }

    /** Stops the block writer and discards what was staged, unless {@link #publish} succeeded. */
    @Override
    public void close() {
        try {
            blocks.close();
        } finally {
            writer.close();
        }
    }

    /** A file identical to the current version's still makes a new version (the schema may have changed), said in a note. */
    private void noteSameFile(String datasetId, String sha256) {
        store.latest(datasetId).filter(v -> sha256.equals(v.lineage().sha256())).ifPresent(v -> quality.note(
                "Fichier identique à la version " + v.number() + " (même SHA-256 " + sha256.substring(0, 16) + "…) : "
                        + "cette version n'apporte aucune donnée nouvelle. / Same file as version " + v.number()
                        + " (same SHA-256): this version brings no new data."));
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
