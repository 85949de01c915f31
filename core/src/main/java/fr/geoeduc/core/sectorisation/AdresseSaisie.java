package fr.geoeduc.core.sectorisation;

/**
 * An address as given: structured ({@code commune=35238&voie=…&numero=12&rep=bis}) or read from free text by
 * {@link AdresseParser}. {@code commune} is an INSEE code or a name; {@code ancienneCommune} (optional) the
 * commune déléguée, as a code or a name.
 */
public record AdresseSaisie(String commune, String codePostal, String ancienneCommune, String voie, Integer numero,
                            String rep, String texte) {

    public AdresseSaisie {
        commune = blankToNull(commune);
        codePostal = blankToNull(codePostal);
        ancienneCommune = blankToNull(ancienneCommune);
        voie = blankToNull(voie);
        rep = blankToNull(rep);
    }

    public String numeroTexte() {
        return numero == null ? null : rep == null ? String.valueOf(numero) : numero + " " + rep;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
