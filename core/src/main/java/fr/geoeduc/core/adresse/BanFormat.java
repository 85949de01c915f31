package fr.geoeduc.core.adresse;

import fr.geoeduc.core.ingest.IngestException;
import fr.geoeduc.core.model.FieldType;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * The BAN per-département CSV layout ({@code adresses-{dep}.csv.gz}): 23 columns separated by {@code ;}, UTF-8, gzip
 * or plain. A file in another layout (the BAL flavour, a lieux-dits file, a comma-separated export) is refused with
 * the columns it lacks.
 */
public final class BanFormat {

    public static final List<String> COLUMNS = List.of("id", "id_fantoir", "numero", "rep", "nom_voie", "code_postal",
            "code_insee", "nom_commune", "code_insee_ancienne_commune", "nom_ancienne_commune", "x", "y", "lon", "lat",
            "type_position", "alias", "nom_ld", "libelle_acheminement", "nom_afnor", "source_position", "source_nom_voie",
            "certification_commune", "cad_parcelles");
    /** The columns the carte scolaire reads; the others may be absent (older exports have no {@code cad_parcelles}). */
    public static final List<String> REQUIRED = List.of("id", "numero", "rep", "nom_voie", "code_postal", "code_insee",
            "nom_commune", "code_insee_ancienne_commune", "nom_ancienne_commune", "x", "y", "lon", "lat");

    /**
     * The columns' types, as inference finds them on the BAN's files (coordinates decimal; codes, numbers, flags and
     * names text: their column names read as codes): given to the ingest, the file is read once.
     */
    public static final Map<String, FieldType> TYPES = types();

    private static Map<String, FieldType> types() {
        Map<String, FieldType> t = new LinkedHashMap<>();
        COLUMNS.forEach(c -> t.put(c, FieldType.TEXT));
        List.of("x", "y", "lon", "lat").forEach(c -> t.put(c, FieldType.DOUBLE));
        return Collections.unmodifiableMap(t);
    }

    private BanFormat() {
    }

    /** Opens the file, gunzipping when it starts with the gzip magic bytes (whatever its name). */
    public static InputStream open(Path file) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        in.mark(2);
        int b1 = in.read();
        int b2 = in.read();
        in.reset();
        return b1 == 0x1f && b2 == 0x8b ? new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16) : in;
    }

    /** Refuses a header that is not the BAN layout, saying which columns are missing and what the file looks like. */
    public static void check(String where, String headerLine) {
        String h = headerLine.startsWith("\uFEFF") ? headerLine.substring(1) : headerLine;
        List<String> columns = new ArrayList<>();
        for (String c : h.split(";", -1)) {
            columns.add(c.strip().toLowerCase(Locale.ROOT));
        }
        List<String> missing = REQUIRED.stream().filter(c -> !columns.contains(c)).toList();
        if (missing.isEmpty()) {
            return;
        }
        String hint;
        if (columns.contains("cle_interop") || columns.contains("voie_nom")) {
            hint = "c'est un fichier BAL (csv-bal) ; prenez le fichier « adresses-{dep}.csv.gz » du dossier csv/ / this is a BAL file";
        } else if (columns.contains("nom_lieu_dit")) {
            hint = "c'est un fichier de lieux-dits ; prenez « adresses-{dep}.csv.gz » / this is a lieux-dits file";
        } else if (columns.size() == 1 && h.contains(",")) {
            hint = "séparateur « , » : le format BAN sépare par « ; » / comma-separated, BAN uses ';'";
        } else {
            hint = "en-tête attendu : " + String.join(";", COLUMNS);
        }
        throw new IngestException(where + ", ligne 1 : pas au format BAN (adresses-{dep}.csv) ; colonnes absentes : "
                + String.join(", ", missing) + " — " + hint + " ; rien n'a été chargé / not the BAN layout, nothing was loaded");
    }
}
