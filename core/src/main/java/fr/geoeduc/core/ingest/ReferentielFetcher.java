package fr.geoeduc.core.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import fr.geoeduc.core.ingest.GeoJsonFeatures;
import fr.geoeduc.core.ingest.IngestException;
import fr.geoeduc.core.ingest.ProgressListener;
import fr.geoeduc.core.ingest.SourceFile;
import fr.geoeduc.core.ingest.SourceResolver;
import fr.geoeduc.core.model.DatasetVersion;
import fr.geoeduc.core.model.Field;
import fr.geoeduc.core.model.FieldType;
import fr.geoeduc.core.referentiel.Referentiels;
import fr.geoeduc.core.referentiel.Territoire;
import fr.geoeduc.core.store.Store;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * {@code geoeduc referentiel fetch}: downloads what joins and quality checks need and records each file as a
 * versioned référentiel (a catalogue dataset per référentiel and millésime, see {@link ReferentielPublisher}), then
 * loads the territory the engine reads (commune history, commune/département/région/académie contours).
 * <ul>
 *   <li>INSEE's COG of {@link ReferentielSources#cogMillesime()}: communes, communes déléguées and associées and
 *   municipal arrondissements (split from {@code v_commune} by TYPECOM), arrondissements, départements, régions, and
 *   the commune events since 1943 ({@code v_mvt_commune});</li>
 *   <li>the contours of {@link ReferentielSources#contoursMillesime()}: communes (of one département, or all),
 *   départements and régions, overseas included;</li>
 *   <li>the académies and their contours.</li>
 * </ul>
 * Several millésimes live side by side: each is its own dataset. A source whose SHA-256 did not change publishes no
 * new version.
 */
public final class ReferentielFetcher {

    /** One référentiel recorded: its dataset, the version now current, whether it was new, its row count. */
    public record Fetched(String datasetId, int version, boolean published, long rows, String millesime, String source,
                          String sha256) {
    }

    private static final Set<String> COMMUNE_TYPES = Set.of("COM");
    private static final Set<String> DELEGUEE_TYPES = Set.of("COMD", "COMA");
    private static final Set<String> ARM_TYPES = Set.of("ARM");

    private final Store store;
    private final SourceResolver resolver;
    private final ReferentielPublisher publisher;
    private final ReferentielLoader loader;

    public ReferentielFetcher(Store store, Path downloadDir) {
        this.store = store;
        this.resolver = new SourceResolver(downloadDir);
        this.publisher = new ReferentielPublisher(store);
        this.loader = new ReferentielLoader(store);
    }

    /**
     * Fetches everything; {@code departement} (COG code, e.g. {@code 35}) limits the commune contours to one
     * département, null for all. A download or format failure stops the fetch with the file named; what was
     * recorded before stays (each référentiel is published whole or not at all).
     */
    public List<Fetched> fetch(ReferentielSources sources, String departement, ProgressListener progress) {
        List<Fetched> out = new ArrayList<>();
        String m = sources.cogMillesime();
        SourceFile communes = download(sources.cogFile("commune"), progress);
        out.add(publishCsv(communes, "referentiel-cog-communes-" + m, "COG — communes (INSEE)", m, typecom(COMMUNE_TYPES), " (TYPECOM COM)"));
        out.add(publishCsv(communes, "referentiel-cog-communes-deleguees-associees-" + m,
                "COG — communes déléguées et associées (INSEE)", m, typecom(DELEGUEE_TYPES), " (TYPECOM COMD, COMA)"));
        out.add(publishCsv(communes, "referentiel-cog-arrondissements-municipaux-" + m,
                "COG — arrondissements municipaux de Paris, Lyon et Marseille (INSEE)", m, typecom(ARM_TYPES), " (TYPECOM ARM)"));
        out.add(publishCsv(download(sources.cogFile("arrondissement"), progress), "referentiel-cog-arrondissements-" + m,
                "COG — arrondissements (INSEE)", m, r -> true, ""));
        out.add(publishCsv(download(sources.cogFile("departement"), progress), "referentiel-cog-departements-" + m,
                "COG — départements (INSEE)", m, r -> true, ""));
        out.add(publishCsv(download(sources.cogFile("region"), progress), "referentiel-cog-regions-" + m,
                "COG — régions (INSEE)", m, r -> true, ""));
        SourceFile events = download(sources.cogFile("mvt_commune"), progress);
        out.add(publishCsv(events, "referentiel-cog-mouvements-" + m, "COG — événements sur les communes depuis 1943 (INSEE)", m,
                r -> true, ""));
        loader.loadCommuneEvents(events.path());

        String c = sources.contoursMillesime();
        String communesUrl = departement == null ? sources.contoursBase() + "/communes-avec-outre-mer.geojson"
                : sources.contoursBase() + "/departements/" + departementFolder(departement) + "/communes-"
                + departementFolder(departement) + ".geojson";
        String communesId = "referentiel-contours-communes-" + (departement == null ? "" : departement.toLowerCase(Locale.ROOT) + "-") + c;
        out.add(contours(communesUrl, communesId, "Contours des communes" + (departement == null ? "" : " du " + departement)
                + " (IGN/INSEE, france-geojson)", "commune", c, progress));
        out.add(contours(sources.contoursBase() + "/departements-avec-outre-mer.geojson", "referentiel-contours-departements-" + c,
                "Contours des départements (IGN/INSEE, france-geojson)", "departement", c, progress));
        out.add(contours(sources.contoursBase() + "/regions-avec-outre-mer.geojson", "referentiel-contours-regions-" + c,
                "Contours des régions (IGN/INSEE, france-geojson)", "region", c, progress));
        out.add(contours(sources.academiesUrl(), "referentiel-contours-academies-" + sources.academiesMillesime(),
                "Académies et leurs contours (MENJ)", "academie", sources.academiesMillesime(), progress));
        return out;
    }

    /** france-geojson's folder of a département: {@code 35-ille-et-vilaine}, {@code 2A-corse-du-sud}, {@code 974-la-reunion}. */
    static String departementFolder(String code) {
        Territoire.Departement d = Referentiels.builtIn().departement(code)
                .orElseThrow(() -> new IngestException("département inconnu / unknown département: " + code));
        String ascii = Normalizer.normalize(d.nom(), Normalizer.Form.NFD).replaceAll("\\p{M}", "").toLowerCase(Locale.ROOT);
        return d.code() + "-" + ascii.replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
    }

    private SourceFile download(String url, ProgressListener progress) {
        SourceFile f = resolver.resolve(url, progress);
        return f.sha256() != null ? f : new SourceFile(f.path(), f.origin(), f.displayName(), f.bytes(), SourceResolver.sha256(f.path()));
    }

    private static Predicate<CsvRecord> typecom(Set<String> types) {
        return r -> r.getFieldCount() > 0 && types.contains(r.getField(0).strip());
    }

    private Fetched publishCsv(SourceFile file, String datasetId, String title, String millesime, Predicate<CsvRecord> keep,
                               String selection) {
        ReferentielPublisher.Entry entry = new ReferentielPublisher.Entry(datasetId, title, "INSEE", millesime,
                file.origin() + selection, file.sha256(), file.bytes(), "csv");
        var unchanged = publisher.unchanged(entry);
        if (unchanged.isPresent()) {
            return fetched(entry, unchanged.get(), false);
        }
        List<Field> fields = new ArrayList<>();
        List<Object[]> rows = new ArrayList<>();
        try (CsvReader<CsvRecord> reader = CsvReader.builder().fieldSeparator(separator(file.path())).detectBomHeader(true)
                .ofCsvRecord(file.path(), StandardCharsets.UTF_8)) {
            Iterator<CsvRecord> it = reader.iterator();
            if (!it.hasNext()) {
                throw new IngestException(file.origin() + " : fichier vide / empty file");
            }
            for (String h : it.next().getFields()) {
                fields.add(text(h.strip().toLowerCase(Locale.ROOT), h.strip()));
            }
            if (!selection.isEmpty() && !"typecom".equals(fields.get(0).name())) {
                throw new IngestException(file.origin() + " : pas un fichier v_commune du COG (première colonne TYPECOM attendue) / "
                        + "not a COG v_commune file (first column TYPECOM expected)");
            }
            while (it.hasNext()) {
                CsvRecord r = it.next();
                if (r.getFieldCount() == 1 && r.getField(0).isBlank() || !keep.test(r)) {
                    continue;
                }
                Object[] row = new Object[fields.size()];
                for (int i = 0; i < row.length && i < r.getFieldCount(); i++) {
                    String v = r.getField(i).strip();
                    row[i] = v.isEmpty() ? null : v;
                }
                rows.add(row);
            }
        } catch (IOException e) {
            throw new IngestException(file.origin() + " : lecture impossible / cannot read: " + e.getMessage(), e);
        }
        if (rows.isEmpty()) {
            throw new IngestException(file.origin() + selection + " : aucune ligne / no rows; rien n'a été publié pour " + datasetId);
        }
        return fetched(entry, publisher.publish(entry, fields, rows), true);
    }

    private Fetched contours(String url, String datasetId, String title, String kind, String millesime, ProgressListener progress) {
        SourceFile file = download(url, progress);
        ReferentielPublisher.Entry entry = new ReferentielPublisher.Entry(datasetId, title,
                kind.equals("academie") ? "MENJ" : "IGN/INSEE (france-geojson)", millesime, file.origin(), file.sha256(),
                file.bytes(), "geojson");
        loader.load(kind, file.path(), millesime);
        var unchanged = publisher.unchanged(entry);
        if (unchanged.isPresent()) {
            return fetched(entry, unchanged.get(), false);
        }
        Map<String, Integer> columns = new LinkedHashMap<>();
        List<Map<String, String>> properties = new ArrayList<>();
        List<org.locationtech.jts.geom.Geometry> geometries = new ArrayList<>();
        new GeoJsonFeatures(file.path(), file.origin()).forEach(true, ProgressListener.NONE, f -> {
            Map<String, String> values = new LinkedHashMap<>();
            if (f.properties() != null) {
                for (Iterator<Map.Entry<String, JsonNode>> it = f.properties().fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> p = it.next();
                    if (p.getValue().isValueNode() && !p.getValue().isNull()) {
                        columns.putIfAbsent(p.getKey(), columns.size());
                        values.put(p.getKey(), p.getValue().asText());
                    }
                }
            }
            properties.add(values);
            geometries.add(f.geometry());
        });
        List<Field> fields = new ArrayList<>();
        columns.keySet().forEach(k -> fields.add(text(fieldName(k), k)));
        fields.add(new Field("geo_shape", "Contour", FieldType.GEO_SHAPE, null, null, List.of(), false, null, "declared"));
        List<Object[]> rows = new ArrayList<>(properties.size());
        for (int i = 0; i < properties.size(); i++) {
            Object[] row = new Object[fields.size()];
            for (Map.Entry<String, String> v : properties.get(i).entrySet()) {
                row[columns.get(v.getKey())] = v.getValue();
            }
            row[row.length - 1] = geometries.get(i);
            rows.add(row);
        }
        return fetched(entry, publisher.publish(entry, fields, rows), true);
    }

    private static Fetched fetched(ReferentielPublisher.Entry entry, DatasetVersion v, boolean published) {
        return new Fetched(entry.datasetId(), v.number(), published, v.rowCount(), entry.millesime(), entry.source(), entry.sha256());
    }

    private static Field text(String name, String label) {
        return new Field(name, label, FieldType.TEXT, null, null, List.of(), false, null, "declared");
    }

    private static String fieldName(String key) {
        String n = Normalizer.normalize(key, Normalizer.Form.NFD).replaceAll("\\p{M}", "").toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9_]+", "_");
        return n.equals("geo_shape") ? "geo_shape_source" : n;
    }

    private static char separator(Path file) throws IOException {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = r.readLine();
            header = header == null ? "" : header;
            return header.chars().filter(ch -> ch == ';').count() > header.chars().filter(ch -> ch == ',').count() ? ';' : ',';
        }
    }
}
