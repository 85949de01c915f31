package fr.geoeduc.core.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.NamedCsvRecord;
import fr.geoeduc.core.referentiel.CodeNormaliser;
import fr.geoeduc.core.referentiel.CommuneEvent;
import fr.geoeduc.core.referentiel.ReferentielFeature;
import fr.geoeduc.core.store.Json;
import fr.geoeduc.core.store.Store;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.operation.valid.IsValidOp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Loads territorial référentiels into the store: boundaries from GeoJSON (communes, départements, régions,
 * académies) and the commune history from INSEE's COG events file ({@code v_mvt_commune_YYYY.csv}).
 */
public final class ReferentielLoader {

    public static final Set<String> BOUNDARY_KINDS = Set.of("commune", "departement", "region", "academie");
    private static final List<String> CODE_KEYS = List.of("code", "code_academie", "code_commune", "code_insee", "insee", "codgeo", "com");
    private static final List<String> NAME_KEYS = List.of("nom", "name", "libelle", "libelle_academie", "libgeo", "nom_commune");
    /** The width of the store's millésime column. */
    public static final int MAX_MILLESIME = 20;
    private final Store store;

    public ReferentielLoader(Store store) {
        this.store = store;
    }

    /**
     * Loads the features of a GeoJSON FeatureCollection as boundaries of {@code kind} at {@code millesime} (null:
     * "non renseigné"); they replace the features of that millésime with the same codes, and for communes the whole
     * département(s) of the file at that millésime. The other millésimes stay.
     *
     * @return the number of features loaded
     */
    public int loadBoundaries(String kind, Path file, String millesime) {
        return load(kind, file, millesime).count();
    }

    /**
     * As {@link #loadBoundaries}, with what was repaired. A file with a coordinate outside WGS84 bounds, a feature
     * without a code or a geometry that is not one is refused whole (nothing loaded); an invalid polygon
     * (self-intersection…) is repaired and said in {@link BoundaryLoad#repairs()}.
     */
    public BoundaryLoad load(String kind, Path file, String millesime) {
        if (!BOUNDARY_KINDS.contains(kind)) {
            throw new IngestException("unknown référentiel '" + kind + "' (expected commune, departement, region or academie)");
        }
        if (!Files.isRegularFile(file)) {
            throw new IngestException(file + " : fichier introuvable / file not found");
        }
        if (millesime != null && (millesime.isBlank() || millesime.length() > MAX_MILLESIME)) {
            throw new IngestException("millésime « " + millesime + " » : de 1 à " + MAX_MILLESIME + " caractères attendus (ex. 2024) "
                    + "/ a millésime has 1 to " + MAX_MILLESIME + " characters");
        }
        Map<String, List<ReferentielFeature>> byScope = new LinkedHashMap<>();
        List<String> repairs = new ArrayList<>();
        new GeoJsonFeatures(file, file.toString()).forEach(true, ProgressListener.NONE, f -> {
            JsonNode props = f.properties() == null ? Json.MAPPER.createObjectNode() : f.properties();
            String code = first(props, CODE_KEYS);
            String where = file + ", objet/feature " + f.index() + (code == null ? "" : " (" + code + ")")
                    + (f.line() > 1 ? ", ligne/line " + f.line() : "");
            if (code == null) {
                throw new IngestException(where + " : pas de propriété code (attendu : une de " + CODE_KEYS + ") ; rien n'a été "
                        + "chargé / no code property; nothing was loaded");
            }
            if (f.geometryProblem() != null) {
                throw new IngestException(where + " : " + f.geometryProblem() + " ; rien n'a été chargé / nothing was loaded");
            }
            Geometry g = f.geometry();
            if (g != null) {
                WgsBounds.firstOutside(g).ifPresent(outside -> {
                    throw new IngestException(where + " : " + outside + " ; ce ne sont pas des longitudes/latitudes WGS84 "
                            + "(coordonnées inversées, ou dans une autre projection comme Lambert 93 ? reprojetez en EPSG:4326) ; "
                            + "rien n'a été chargé / not WGS84 longitude/latitude; nothing was loaded");
                });
                if (!g.isValid()) {
                    Geometry repaired = g.buffer(0);
                    repairs.add(where + " : " + new IsValidOp(g).getValidationError() + " — contour corrigé (surface "
                            + change(g, repaired) + ") ; vérifiez la source / invalid polygon repaired (area " + change(g, repaired) + ")");
                    g = repaired;
                }
            }
            String normalised = switch (kind) {
                case "commune" -> CodeNormaliser.commune(code).orElse(code);
                case "departement" -> CodeNormaliser.departement(code).orElse(code);
                case "academie" -> CodeNormaliser.academie(code).orElse(code);
                default -> code;
            };
            String scope = kind.equals("commune") ? CodeNormaliser.departementOfCommune(normalised) : normalised;
            byScope.computeIfAbsent(scope, s -> new ArrayList<>())
                    .add(new ReferentielFeature(kind, normalised, first(props, NAME_KEYS), millesime, g));
        });
        int count = 0;
        for (Map.Entry<String, List<ReferentielFeature>> e : byScope.entrySet()) {
            store.replaceReferentiel(kind, kind.equals("commune") ? e.getKey() : "all:" + e.getKey(), e.getValue());
            count += e.getValue().size();
        }
        return new BoundaryLoad(count, repairs);
    }

    /** The features loaded from one file, and what was repaired in them (one sentence each, with feature and code). */
    public record BoundaryLoad(int count, List<String> repairs) {
        public BoundaryLoad {
            repairs = List.copyOf(repairs);
        }
    }

    private static String change(Geometry before, Geometry after) {
        double a = before.getArea();
        return a == 0 ? "0" : String.format(java.util.Locale.ROOT, "%+.2f %%", 100 * (after.getArea() - a) / a);
    }

    /** Loads INSEE's COG events file (columns MOD, DATE_EFF, TYPECOM_AV, COM_AV, …, LIBELLE_AP); replaces the history. */
    public int loadCommuneEvents(Path file) {
        List<CommuneEvent> events = new ArrayList<>();
        try (CsvReader<NamedCsvRecord> reader = CsvReader.builder().fieldSeparator(sniff(file)).detectBomHeader(true)
                .ofNamedCsvRecord(file, StandardCharsets.UTF_8)) {
            for (NamedCsvRecord r : reader) {
                long line = r.getStartingLineNumber();
                try {
                    events.add(new CommuneEvent(Integer.parseInt(field(r, "MOD")), date(field(r, "DATE_EFF")),
                            field(r, "TYPECOM_AV"), field(r, "COM_AV"), field(r, "LIBELLE_AV"),
                            field(r, "TYPECOM_AP"), field(r, "COM_AP"), field(r, "LIBELLE_AP")));
                } catch (NumberFormatException | DateTimeParseException e) {
                    throw new IngestException(file + ", line " + line + ": expected MOD as a number and DATE_EFF as a date: " + e.getMessage(), e);
                } catch (java.util.NoSuchElementException e) {
                    throw new IngestException(file + ": not an INSEE COG events file (expected columns MOD, DATE_EFF, "
                            + "TYPECOM_AV, COM_AV, LIBELLE_AV, TYPECOM_AP, COM_AP, LIBELLE_AP): " + e.getMessage(), e);
                }
            }
        } catch (IOException e) {
            throw new IngestException(file + ": cannot read: " + e.getMessage(), e);
        }
        store.replaceCommuneEvents(events);
        return events.size();
    }

    private static String field(NamedCsvRecord r, String name) {
        return r.findField(name).or(() -> r.findField(name.toLowerCase(java.util.Locale.ROOT)))
                .orElseThrow(() -> new java.util.NoSuchElementException("missing column " + name));
    }

    private static LocalDate date(String s) {
        if (s.length() == 8 && s.charAt(2) == '/') {
            return LocalDate.parse(s, DateTimeFormatter.ofPattern("dd/MM/yy"));
        }
        if (s.length() == 10 && s.charAt(2) == '/') {
            return LocalDate.parse(s, DateTimeFormatter.ofPattern("dd/MM/yyyy"));
        }
        return LocalDate.parse(s);
    }

    private static char sniff(Path file) throws IOException {
        String header = Files.readAllLines(file, StandardCharsets.UTF_8).stream().findFirst().orElse("");
        return header.chars().filter(c -> c == ';').count() > header.chars().filter(c -> c == ',').count() ? ';' : ',';
    }

    private static String first(JsonNode props, List<String> keys) {
        for (String k : keys) {
            JsonNode v = props.get(k);
            if (v != null && !v.isNull() && !v.asText().isBlank()) {
                return v.asText().strip();
            }
        }
        return null;
    }
}
