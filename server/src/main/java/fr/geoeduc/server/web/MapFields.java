package fr.geoeduc.server.web;

import fr.geoeduc.core.model.Field;
import fr.geoeduc.core.model.FieldType;
import fr.geoeduc.core.model.Schema;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which fields of a dataset the map uses: the numeric fields that can size or colour the points, the ones chosen by
 * default (pupils for the size, an IPS for the colour), and the établissement's UAI, name and address for its card.
 */
public record MapFields(List<Field> numeric, String size, String colour, String uai, String name, List<String> address,
                        String geometry) {

    private static final List<String> SIZE = List.of("nombre_d_eleves", "nombre_eleves_total", "nombre_total_eleves",
            "nombre_eleves_total_mean", "effectifs", "effectif");
    private static final List<String> UAI = List.of("numero_uai", "identifiant_de_l_etablissement", "uai", "numero_d_etablissement",
            "numero_college", "code_etablissement");
    private static final List<String> NAME = List.of("appellation_officielle", "nom_etablissement", "nom_de_l_etablissement",
            "patronyme_uai", "patronyme", "denomination_principale");
    private static final List<String> ADDRESS = List.of("adresse_uai", "adresse_1", "code_postal_uai", "code_postal",
            "libelle_commune", "nom_commune", "localite_acheminement_uai");
    /** Coordinates and codes are numbers that mean nothing as a size or a colour. */
    private static final List<String> NOT_MEASURES = List.of("latitude", "longitude", "coordonnee_x", "coordonnee_y", "epsg",
            "coordx_origine", "coordy_origine", "annee_rentree", "rentree_scolaire", "session");

    /**
     * The fields of {@code schema}; a requested size or colour field when numeric (an empty request: none), the
     * defaults when nothing is requested (null).
     */
    public static MapFields of(Schema schema, String wantedSize, String wantedColour) {
        List<Field> numeric = schema.fields().stream()
                .filter(f -> f.type() == FieldType.INT || f.type() == FieldType.DOUBLE)
                .filter(f -> !NOT_MEASURES.contains(f.name().toLowerCase(Locale.ROOT)))
                .toList();
        String size = wantedSize != null ? chosen(numeric, wantedSize).orElse("") : first(numeric, SIZE).orElse("");
        String colour = wantedColour != null ? chosen(numeric, wantedColour).orElse("")
                : numeric.stream().map(Field::name).filter(MapFields::isIps).findFirst().orElse("");
        List<String> names = schema.fields().stream().map(Field::name).toList();
        int geo = fr.geoeduc.server.api.Exports.geometryField(schema);
        return new MapFields(numeric, size, colour, firstName(names, UAI), firstName(names, NAME),
                ADDRESS.stream().filter(names::contains).toList(), geo < 0 ? "" : schema.fields().get(geo).name());
    }

    /** The size field's label for the legend (as the dataset page's field list shows it), "" without size field. */
    public String sizeLabel() {
        return label(size);
    }

    /** The colour field's label for the legend, "" without colour field. */
    public String colourLabel() {
        return label(colour);
    }

    /** A numeric field's label (its name when it has none, or one that only repeats the name); "" for no field. */
    String label(String name) {
        if (name.isEmpty()) {
            return "";
        }
        return numeric.stream().filter(f -> f.name().equals(name)).findFirst()
                .map(f -> f.label() == null || f.label().isBlank() || f.label().equalsIgnoreCase(name) ? name : f.label()).orElse(name);
    }

    /** Whether a field holds an IPS (indice de position sociale), whose caveat must be shown where it is mapped. */
    public static boolean isIps(String field) {
        String f = field == null ? "" : field.toLowerCase(Locale.ROOT);
        return f.equals("ips") || f.startsWith("ips_") || f.endsWith("_ips") || f.contains("_ips_");
    }

    public boolean mapsIps() {
        return isIps(size) || isIps(colour);
    }

    /** The attributes the vector tiles must carry for the map: card, size and colour. */
    public List<String> tileProperties() {
        java.util.LinkedHashSet<String> p = new java.util.LinkedHashSet<>();
        for (String f : List.of(uai, name, size, colour)) {
            if (!f.isEmpty()) {
                p.add(f);
            }
        }
        p.addAll(address);
        return List.copyOf(p);
    }

    private static Optional<String> chosen(List<Field> numeric, String wanted) {
        return numeric.stream().map(Field::name).filter(wanted::equals).findFirst();
    }

    private static Optional<String> first(List<Field> fields, List<String> candidates) {
        return candidates.stream().filter(c -> fields.stream().anyMatch(f -> f.name().equals(c))).findFirst();
    }

    private static String firstName(List<String> names, List<String> candidates) {
        return candidates.stream().filter(names::contains).findFirst().orElse("");
    }
}
