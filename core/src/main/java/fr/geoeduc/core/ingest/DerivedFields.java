package fr.geoeduc.core.ingest;

import fr.geoeduc.core.model.DatasetDefinition;
import fr.geoeduc.core.model.Field;
import fr.geoeduc.core.model.FieldType;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Fields GéoÉduc adds to a version so that datasets join: the COG forms of codes, the rentrée as a start
 * year, a WGS84 position. The source fields stay exactly as published (Explore API clients expect them).
 */
final class DerivedFields {

    static final String DEPARTEMENT_COG = "departement_cog";
    static final String COMMUNE_COG = "commune_cog";
    static final String ANNEE_RENTREE = "annee_rentree";
    static final String POSITION = "position";
    static final String UAI_VALIDE = "uai_valide";
    /** The names GéoÉduc computes itself; a file column with one of them is recomputed, not trusted. */
    static final Set<String> NAMES = Set.of(DEPARTEMENT_COG, COMMUNE_COG, ANNEE_RENTREE, UAI_VALIDE);

    private DerivedFields() {
    }

    static List<Field> forVersion(DatasetDefinition def, Set<String> presentFields) {
        List<Field> out = new ArrayList<>();
        if (present(def, "uai", presentFields) && !presentFields.contains(UAI_VALIDE)) {
            out.add(Field.derived(UAI_VALIDE, "UAI valide", FieldType.BOOLEAN,
                    "Vrai si l'UAI a la bonne lettre clé (calculé par GéoÉduc)."));
        }
        if (present(def, "departement", presentFields) && !presentFields.contains(DEPARTEMENT_COG)) {
            out.add(Field.derived(DEPARTEMENT_COG, "Département (code COG)", FieldType.TEXT,
                    "Code du département au format COG de l'INSEE (035 → 35, 02A → 2A), calculé par GéoÉduc."));
        }
        if (present(def, "commune", presentFields) && !presentFields.contains(COMMUNE_COG)) {
            out.add(Field.derived(COMMUNE_COG, "Commune (code COG actuel)", FieldType.TEXT,
                    "Code de la commune actuelle : arrondissement de Paris, Lyon, Marseille rattaché à sa commune, "
                            + "commune fusionnée remplacée par la commune nouvelle (historique du COG), calculé par GéoÉduc."));
        }
        if (present(def, "rentree", presentFields) && !presentFields.contains(ANNEE_RENTREE)) {
            out.add(Field.derived(ANNEE_RENTREE, "Année de rentrée", FieldType.INT,
                    "Année de début de l'année scolaire (2022 pour 2022-2023), calculée par GéoÉduc."));
        }
        boolean latLon = present(def, "latitude", presentFields) && present(def, "longitude", presentFields);
        boolean xy = present(def, "x", presentFields) && present(def, "y", presentFields) && present(def, "epsg", presentFields);
        if ((latLon || xy) && !presentFields.contains(POSITION) && def.role("position").map(p -> !presentFields.contains(p)).orElse(true)) {
            out.add(Field.derived(POSITION, "Position", FieldType.GEO_POINT_2D,
                    "Position WGS84 (latitude, longitude), calculée par GéoÉduc à partir des coordonnées du fichier."));
        }
        return out;
    }

    private static boolean present(DatasetDefinition def, String role, Set<String> presentFields) {
        return def.role(role).map(presentFields::contains).orElse(false);
    }
}
