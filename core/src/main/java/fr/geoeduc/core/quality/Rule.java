package fr.geoeduc.core.quality;

/** The quality rules every version is checked against; the id is stable and appears in reports and the API. */
public enum Rule {
    UAI_CHECK_LETTER("uai-cle", Severity.ERROR, "UAI dont la lettre clé est fausse", "UAI with a wrong check letter"),
    DUPLICATE_KEY("cle-dupliquee", Severity.ERROR, "Clé en double", "Duplicate key"),
    MULTI_ROW_KEY("cle-multi-lignes", Severity.WARNING, "Clé sur plusieurs lignes déclarées (établissement multi-lignes)",
            "Key on several rows flagged as multi-row"),
    MANDATORY_EMPTY("champ-obligatoire-vide", Severity.ERROR, "Champ obligatoire vide", "Mandatory field empty"),
    INVALID_VALUE("valeur-invalide", Severity.ERROR, "Valeur qui ne correspond pas au type du champ",
            "Value does not match the field type"),
    NULL_MARKER("valeur-non-diffusee", Severity.INFO, "Valeur codée comme absente (NS, ND, NA, SANS OBJET…)",
            "Value coded as missing (NS, ND, NA, SANS OBJET…)"),
    OUTSIDE_FRANCE("coord-hors-france", Severity.ERROR, "Coordonnées hors de France", "Coordinates outside France"),
    OUTSIDE_COMMUNE("coord-hors-commune", Severity.WARNING, "Coordonnées hors du polygone de la commune indiquée",
            "Coordinates outside the stated commune's polygon"),
    XY_DISAGREE("coord-xy-desaccord", Severity.ERROR, "Latitude/longitude en désaccord avec x/y reprojetés",
            "Latitude/longitude disagree with the reprojected x/y"),
    UNKNOWN_EPSG("epsg-inconnu", Severity.ERROR, "Code EPSG inconnu ou illisible", "Unknown or unreadable EPSG code"),
    UNKNOWN_COMMUNE("commune-inconnue", Severity.ERROR, "Code commune inconnu", "Unknown commune code"),
    MERGED_COMMUNE("commune-fusionnee", Severity.WARNING, "Code commune qui n'existe plus (commune fusionnée)",
            "Commune code that no longer exists (merged commune)"),
    UNKNOWN_DEPARTEMENT("departement-inconnu", Severity.ERROR, "Code département inconnu", "Unknown département code"),
    UNKNOWN_ACADEMIE("academie-inconnue", Severity.ERROR, "Code académie inconnu", "Unknown académie code"),
    TOTAL_MISMATCH("total-incoherent", Severity.ERROR, "Total qui n'est pas la somme de ses parties",
            "Total that is not the sum of its parts"),
    DIGIT_FOR_LETTER("zero-pour-o", Severity.WARNING, "Chiffre 0 au milieu d'un mot (lettre O ?)",
            "Digit 0 inside a word (letter O?)"),
    CODE_WITHOUT_LABEL("code-sans-libelle", Severity.WARNING, "Code renseigné dont le libellé est vide",
            "Code whose label is empty"),
    INVALID_GEOMETRY("geometrie-invalide", Severity.ERROR, "Géométrie invalide", "Invalid geometry"),
    OUT_OF_RANGE("coord-hors-limites", Severity.ERROR, "Coordonnées hors des limites WGS84 (longitude −180…180, latitude −90…90)",
            "Coordinates outside WGS84 bounds (longitude −180…180, latitude −90…90)"),
    POSITION_DISAGREE("coord-position-desaccord", Severity.ERROR, "Position en désaccord avec latitude/longitude",
            "Position disagrees with latitude/longitude"),
    NO_COORDINATES("coord-absentes", Severity.WARNING, "Ligne sans coordonnées ni géométrie (absente de la carte)",
            "Row without coordinates or geometry (not on the map)"),
    EMPTY_ROW("ligne-vide", Severity.WARNING, "Ligne entièrement vide (non publiée)", "Entirely empty row (not published)"),
    UNEXPECTED_COLUMN("colonne-inattendue", Severity.INFO, "Colonne absente du schéma déclaré (gardée, type déduit)",
            "Column not in the declared schema (kept, type inferred)"),
    ABSENT_FIELD("champ-absent", Severity.INFO, "Champ déclaré absent du fichier", "Declared field absent from the file");

    private final String id;
    private final Severity severity;
    private final String titleFr;
    private final String titleEn;

    Rule(String id, Severity severity, String titleFr, String titleEn) {
        this.id = id;
        this.severity = severity;
        this.titleFr = titleFr;
        this.titleEn = titleEn;
    }

    public String id() {
        return id;
    }

    public Severity severity() {
        return severity;
    }

    public String titleFr() {
        return titleFr;
    }

    public String titleEn() {
        return titleEn;
    }

    public static Rule fromId(String id) {
        for (Rule r : values()) {
            if (r.id.equals(id)) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown quality rule '" + id + "'");
    }
}
