package fr.geoeduc.core.join;

import fr.geoeduc.core.model.Field;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Finds the field a spec means in one dataset: the field of that name, else the field holding the same role (the UAI
 * is {@code numero_ecole} in the effectifs, {@code uai} in the IPS, {@code identifiant_de_l_etablissement} in the
 * annuaire), else the field known under that name as an alias. Refuses an ambiguous name with its candidates.
 */
final class FieldResolver {

    /** The names a spec may use for a role, besides the role's own name. */
    private static final Map<String, Set<String>> ROLE_NAMES = Map.of(
            "uai", Set.of("uai", "numero_uai", "code_uai", "numero_ecole", "numero_d_etablissement", "numero_college",
                    "identifiant_de_l_etablissement", "rne"),
            "rentree", Set.of("rentree", "rentree_scolaire", "annee_scolaire"),
            "commune", Set.of("commune", "code_commune", "code_insee", "code_insee_de_la_commune", "com", "codgeo"),
            "position", Set.of("position", "geo_point_2d", "coordonnees"));

    /** A resolved field, and how: {@code nom}, {@code rôle uai}, {@code alias}. */
    record Resolved(String field, String how) {
    }

    private FieldResolver() {
    }

    static Resolved resolve(JoinInput input, String name, String side) {
        String wanted = name.strip();
        if (input.schema().find(wanted).isPresent()) {
            return new Resolved(wanted, "nom");
        }
        String lower = wanted.toLowerCase(Locale.ROOT);
        for (Map.Entry<String, Set<String>> role : ROLE_NAMES.entrySet()) {
            String field = input.roles().get(role.getKey());
            if (role.getValue().contains(lower) && field != null && input.schema().find(field).isPresent()) {
                return new Resolved(field, "rôle " + role.getKey());
            }
        }
        Set<String> candidates = new LinkedHashSet<>();
        for (Field f : input.schema().fields()) {
            if (f.aliases().stream().anyMatch(a -> a.equalsIgnoreCase(wanted))
                    || ROLE_NAMES.getOrDefault(f.format() == null ? "" : f.format(), Set.of()).contains(lower)) {
                candidates.add(f.name());
            }
        }
        if (candidates.size() == 1) {
            return new Resolved(candidates.iterator().next(), "alias");
        }
        if (candidates.size() > 1) {
            throw new JoinException("champ ambigu '" + wanted + "' dans le jeu " + side + " " + input.datasetId()
                    + " : candidats " + candidates + " ; nommez-le (ex. " + candidates.iterator().next() + ")");
        }
        input.field(wanted, side); // the unknown-field error, listing the dataset's fields
        throw new IllegalStateException();
    }

    /** Whether the field holds the dataset's rentrée (its role), so two such fields meet on the rentrée's year. */
    static boolean isRentree(JoinInput input, String field) {
        return field.equals(input.roles().get("rentree"));
    }
}
