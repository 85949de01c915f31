package fr.geoeduc.server.explore;

import fr.geoeduc.core.engine.Column;
import fr.geoeduc.core.engine.Snapshot;
import fr.geoeduc.core.model.DatasetDefinition;
import fr.geoeduc.core.model.DatasetVersion;
import fr.geoeduc.core.model.Field;
import fr.geoeduc.core.model.FieldType;
import fr.geoeduc.core.model.Lineage;
import fr.geoeduc.core.model.Schema;
import fr.geoeduc.core.query.Facets;
import fr.geoeduc.core.query.exec.Json;
import fr.geoeduc.core.store.DatasetSummary;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The dataset objects of the catalogue endpoints, and the catalogue as a queryable snapshot. */
final class CatalogDocuments {

    static final List<String> CATALOG_FIELDS = List.of("dataset_id", "title", "description", "publisher", "keyword", "theme",
            "license", "modified", "records_count", "features", "language", "has_records");

    private CatalogDocuments() {
    }

    static Map<String, Object> dataset(DatasetSummary s, List<String> facetFields) {
        DatasetDefinition d = s.definition();
        DatasetVersion v = s.latest().orElseThrow();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("visibility", "domain");
        m.put("dataset_id", d.id());
        m.put("dataset_uid", "da_" + shortHash(d.id()));
        m.put("has_records", v.rowCount() > 0);
        m.put("data_visible", true);
        m.put("features", features(v));
        m.put("attachments", List.of());
        m.put("alternative_exports", List.of());
        List<Map<String, Object>> fields = new ArrayList<>();
        for (Field f : v.schema().fields()) {
            Map<String, Object> fm = new LinkedHashMap<>();
            fm.put("name", f.name());
            fm.put("label", f.label());
            fm.put("type", f.type().apiName());
            fm.put("description", f.description());
            Map<String, Object> annotations = new LinkedHashMap<>();
            if (facetFields.contains(f.name())) {
                annotations.put("facet", List.of());
                annotations.put("disjunctive", List.of());
            }
            if (f.type() == FieldType.DATE || f.type() == FieldType.DATETIME) {
                annotations.put("timerangeFilter", List.of());
            }
            if (d.key().contains(f.name())) {
                annotations.put("sortable", List.of());
            }
            if (f.unit() != null) {
                annotations.put("unit", List.of(f.unit()));
            }
            fm.put("annotations", annotations);
            fields.add(fm);
        }
        m.put("fields", fields);
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("title", d.title());
        meta.put("description", d.description());
        meta.put("records_count", v.rowCount());
        meta.put("modified", Json.instant(v.publishedAt(), ZoneOffset.UTC));
        meta.put("data_processed", Json.instant(v.publishedAt(), ZoneOffset.UTC));
        meta.put("publisher", d.producer());
        meta.put("keyword", d.keywords());
        meta.put("theme", d.themes());
        meta.put("license", d.licence());
        meta.put("language", "fr");
        meta.put("timezone", null);
        meta.put("territory", d.spatialCoverage() == null ? List.of() : List.of(d.spatialCoverage()));
        meta.put("version", v.number());
        meta.put("source", v.lineage().publicSource());
        meta.put("source_sha256", v.lineage().sha256());
        m.put("metas", Map.of("default", meta));
        return m;
    }

    static List<String> features(DatasetVersion v) {
        List<String> out = new ArrayList<>();
        if (v.schema().fields().stream().anyMatch(f -> f.type().isGeo())) {
            out.add("geo");
        }
        out.add("analyze");
        if (v.schema().fields().stream().anyMatch(f -> f.type() == FieldType.DATE || f.type() == FieldType.DATETIME)) {
            out.add("timeserie");
        }
        return out;
    }

    /** The catalogue as a snapshot, so that catalog where/refine/order_by use the same engine as records. */
    static Snapshot snapshot(List<DatasetSummary> catalogue) {
        List<Field> fields = new ArrayList<>();
        for (String name : CATALOG_FIELDS) {
            FieldType type = switch (name) {
                case "modified" -> FieldType.DATETIME;
                case "records_count" -> FieldType.INT;
                case "has_records" -> FieldType.BOOLEAN;
                default -> FieldType.TEXT;
            };
            fields.add(new Field(name, name, type, null, null, List.of(), false, null, "declared"));
        }
        Schema schema = new Schema(fields);
        List<List<Object>> values = new ArrayList<>();
        for (int i = 0; i < fields.size(); i++) {
            values.add(new ArrayList<>());
        }
        for (DatasetSummary s : catalogue) {
            DatasetDefinition d = s.definition();
            DatasetVersion v = s.latest().orElseThrow();
            Object[] row = {d.id(), d.title(), d.description(), d.producer(), String.join(", ", d.keywords()),
                    d.themes().isEmpty() ? null : String.join(", ", d.themes()), d.licence(), v.publishedAt(), v.rowCount(),
                    String.join(", ", features(v)), "fr", v.rowCount() > 0};
            for (int i = 0; i < row.length; i++) {
                values.get(i).add(row[i]);
            }
        }
        Column[] columns = new Column[fields.size()];
        for (int i = 0; i < columns.length; i++) {
            columns[i] = Column.build(fields.get(i).type(), values.get(i));
        }
        DatasetVersion version = new DatasetVersion("catalog", 0, Instant.now(), catalogue.size(), schema,
                new Lineage("catalogue", "", 0, "catalogue", Instant.now(), "geoeduc", List.of()), "catalog");
        return new Snapshot(version, columns, catalogue.size());
    }

    static List<String> facetFields(Snapshot s) {
        return Facets.defaultFacets(s);
    }

    private static String shortHash(String id) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(id.getBytes(StandardCharsets.UTF_8)), 0, 3);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
