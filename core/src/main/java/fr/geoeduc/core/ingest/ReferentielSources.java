package fr.geoeduc.core.ingest;

/**
 * Where {@code referentiel fetch} downloads from, and the millésime of each source. The defaults are the public
 * publications: INSEE's COG files ({@code v_commune_2024.csv}…), the IGN/INSEE contours as republished by
 * france-geojson (per département: {@code departements/35-ille-et-vilaine/communes-35-ille-et-vilaine.geojson}),
 * the académies' contours from data.education.gouv.fr. Tests point the bases at a local server with the same layouts.
 *
 * @param cogBase       the folder of INSEE's COG files of {@code cogMillesime} ({@code v_commune_AAAA.csv}…)
 * @param contoursBase  the root of the france-geojson layout
 * @param academiesUrl  the académies' contours (GeoJSON)
 */
public record ReferentielSources(String cogBase, String cogMillesime, String contoursBase, String contoursMillesime,
                                 String academiesUrl, String academiesMillesime) {

    public static final String COG_2024 = "https://www.insee.fr/fr/statistiques/fichier/7766585";
    public static final String FRANCE_GEOJSON = "https://raw.githubusercontent.com/gregoiredavid/france-geojson/master";
    public static final String ACADEMIES_2020 = "https://data.education.gouv.fr/api/explore/v2.1/catalog/datasets/"
            + "fr-en-contour-academies-2020/exports/geojson";

    public ReferentielSources {
        cogBase = trim(cogBase);
        contoursBase = trim(contoursBase);
        if (!cogMillesime.matches("\\d{4}") || !contoursMillesime.matches("\\d{4}") || !academiesMillesime.matches("\\d{4}")) {
            throw new IllegalArgumentException("un millésime s'écrit AAAA / a millésime is a year: " + cogMillesime + ", "
                    + contoursMillesime + ", " + academiesMillesime);
        }
    }

    public static ReferentielSources defaults() {
        return new ReferentielSources(COG_2024, "2024", FRANCE_GEOJSON, "2018", ACADEMIES_2020, "2020");
    }

    /** One of INSEE's COG files of this millésime: {@code commune}, {@code mvt_commune}, {@code departement}… */
    String cogFile(String name) {
        return cogBase + "/v_" + name + "_" + cogMillesime + ".csv";
    }

    private static String trim(String base) {
        return base == null ? null : base.replaceAll("/+$", "");
    }
}
