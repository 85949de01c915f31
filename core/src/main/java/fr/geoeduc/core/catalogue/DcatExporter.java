package fr.geoeduc.core.catalogue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fr.geoeduc.core.model.AccessLevel;
import fr.geoeduc.core.model.DatasetDefinition;
import fr.geoeduc.core.model.DatasetVersion;
import fr.geoeduc.core.model.Field;
import fr.geoeduc.core.store.DatasetSummary;
import fr.geoeduc.core.store.Json;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The catalogue as DCAT-AP 2 JSON-LD: one dcat:Dataset per dataset, with its distributions when a base URL is
 * known, and the fields described with the CSV on the Web vocabulary (csvw:tableSchema) so a harvester
 * (data.gouv.fr, the European data portal) gets labels, types and units too.
 */
public final class DcatExporter {

    private static final Map<String, String> FREQUENCIES = Map.of(
            "daily", "DAILY", "weekly", "WEEKLY", "monthly", "MONTHLY", "quarterly", "QUARTERLY",
            "annual", "ANNUAL", "irregular", "IRREG", "never", "NEVER");
    private final String baseUrl;

    /** @param baseUrl public URL of this GéoÉduc (e.g. {@code https://geoeduc.example.fr}), or null */
    public DcatExporter(String baseUrl) {
        this.baseUrl = baseUrl == null ? null : baseUrl.replaceAll("/+$", "");
    }

    public ObjectNode catalogue(List<DatasetSummary> datasets) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        ObjectNode ctx = root.putObject("@context");
        ctx.put("dcat", "http://www.w3.org/ns/dcat#");
        ctx.put("dct", "http://purl.org/dc/terms/");
        ctx.put("foaf", "http://xmlns.com/foaf/0.1/");
        ctx.put("csvw", "http://www.w3.org/ns/csvw#");
        ctx.put("xsd", "http://www.w3.org/2001/XMLSchema#");
        ctx.put("owl", "http://www.w3.org/2002/07/owl#");
        ctx.put("geoeduc", id("vocabulaire#"));
        root.put("@id", id("catalogue"));
        root.put("@type", "dcat:Catalog");
        root.put("dct:title", "Catalogue GéoÉduc");
        root.put("dct:description", "Données géolocalisées de l'éducation : établissements, effectifs, IPS, résultats, carte scolaire.");
        root.put("dct:language", "http://publications.europa.eu/resource/authority/language/FRA");
        ArrayNode list = root.putArray("dcat:dataset");
        for (DatasetSummary s : datasets) {
            list.add(dataset(s));
        }
        return root;
    }

    public ObjectNode dataset(DatasetSummary summary) {
        DatasetDefinition d = summary.definition();
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("@id", id("datasets/" + d.id()));
        n.put("@type", "dcat:Dataset");
        n.put("dct:identifier", d.id());
        lang(n, "dct:title", d.title());
        if (d.description() != null) {
            lang(n, "dct:description", d.description());
        }
        if (d.producer() != null) {
            ObjectNode publisher = n.putObject("dct:publisher");
            publisher.put("@type", "foaf:Agent");
            publisher.put("foaf:name", d.producer());
        }
        if (d.licence() != null) {
            n.put("dct:license", d.licence().toLowerCase(Locale.ROOT).contains("ouverte")
                    ? "https://www.etalab.gouv.fr/licence-ouverte-open-licence/" : d.licence());
        }
        n.put("dct:accessRights", d.accessLevel() == AccessLevel.OPEN
                ? "http://publications.europa.eu/resource/authority/access-right/PUBLIC"
                : "http://publications.europa.eu/resource/authority/access-right/RESTRICTED");
        ArrayNode keywords = n.putArray("dcat:keyword");
        d.keywords().forEach(keywords::add);
        ArrayNode themes = n.putArray("dcat:theme");
        d.themes().forEach(themes::add);
        if (d.frequency() != null && FREQUENCIES.containsKey(d.frequency())) {
            n.put("dct:accrualPeriodicity", "http://publications.europa.eu/resource/authority/frequency/" + FREQUENCIES.get(d.frequency()));
        }
        if (d.temporalCoverage() != null) {
            n.putObject("dct:temporal").put("dct:description", d.temporalCoverage());
        }
        if (d.spatialCoverage() != null) {
            n.putObject("dct:spatial").put("dct:description", d.spatialCoverage());
        }
        summary.latest().ifPresent(v -> describeVersion(n, d, v));
        return n;
    }

    private void describeVersion(ObjectNode n, DatasetDefinition d, DatasetVersion v) {
        n.put("dct:modified", v.publishedAt().toString());
        n.put("owl:versionInfo", String.valueOf(v.number()));
        ObjectNode schema = n.putObject("csvw:tableSchema");
        ArrayNode columns = schema.putArray("csvw:column");
        for (Field f : v.schema().fields()) {
            ObjectNode c = columns.addObject();
            c.put("csvw:name", f.name());
            c.put("csvw:titles", f.label());
            c.put("csvw:datatype", datatype(f));
            if (f.description() != null) {
                c.put("dct:description", f.description());
            }
            if (f.unit() != null) {
                c.put("geoeduc:unit", f.unit());
            }
        }
        if (baseUrl != null) {
            ArrayNode distributions = n.putArray("dcat:distribution");
            for (String format : List.of("csv", "json", "geojson")) {
                ObjectNode dist = distributions.addObject();
                dist.put("@type", "dcat:Distribution");
                dist.put("dcat:accessURL", baseUrl + "/api/datasets/" + d.id() + "/export." + format);
                dist.put("dct:format", format.toUpperCase(Locale.ROOT));
            }
        }
    }

    private static String datatype(Field f) {
        return switch (f.type()) {
            case TEXT -> "string";
            case INT -> "integer";
            case DOUBLE -> "double";
            case BOOLEAN -> "boolean";
            case DATE -> "date";
            case DATETIME -> "dateTime";
            case GEO_POINT_2D, GEO_SHAPE -> "json";
        };
    }

    private static void lang(ObjectNode n, String property, String value) {
        ObjectNode v = n.putObject(property);
        v.put("@value", value);
        v.put("@language", "fr");
    }

    private String id(String path) {
        return (baseUrl == null ? "urn:geoeduc:" : baseUrl + "/") + path;
    }
}
