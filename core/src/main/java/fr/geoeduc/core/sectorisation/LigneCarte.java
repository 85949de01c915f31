package fr.geoeduc.core.sectorisation;

import java.util.Locale;
import java.util.Map;

/**
 * One row of the carte scolaire as the query service streams it: a whole commune ({@code secteur_unique = O}) or
 * a range of numbers of one street (or hamlet) with its parity, pointing to one collège.
 */
public record LigneCarte(String codeInsee, String libelleCommune, String codePostal, String lieuDit, String voie,
                         Numero debut, Numero fin, Parite parite, String uai, boolean communeEntiere) {

    /** {@code 9999} and {@code 9998} mean "to the end of the street". */
    static final int FIN_DE_VOIE = 9998;

    public enum Parite {
        PAIRS_ET_IMPAIRS("PI"), PAIRS("P"), IMPAIRS("I");

        public final String code;

        Parite(String code) {
            this.code = code;
        }

        static Parite of(String code) {
            if (code == null || code.isBlank()) {
                return PAIRS_ET_IMPAIRS;
            }
            return switch (code.strip().toUpperCase(Locale.ROOT)) {
                case "P" -> PAIRS;
                case "I" -> IMPAIRS;
                default -> PAIRS_ET_IMPAIRS;
            };
        }

        boolean accepts(int numero) {
            return this == PAIRS_ET_IMPAIRS || (this == PAIRS) == (numero % 2 == 0);
        }
    }

    /** A streamed row (field names of the declared schema) to a line; null for a row without a UAI or commune. */
    static LigneCarte of(Map<String, Object> row) {
        String uai = text(row.get("code_rne"));
        String commune = text(row.get("code_insee"));
        if (uai.isEmpty() || commune.isEmpty()) {
            return null;
        }
        String voie = text(row.get("type_et_libelle"));
        boolean entiere = "O".equalsIgnoreCase(text(row.get("secteur_unique"))) || voie.isEmpty();
        Integer d = integer(row.get("n_de_voie_debut"));
        Integer f = integer(row.get("n_de_voie_fin"));
        return new LigneCarte(commune, text(row.get("libelle_commune")), text(row.get("code_postal")), text(row.get("lieu_dit")),
                voie, new Numero(d == null ? 0 : d, text(row.get("indice_de_repetition_debut"))),
                new Numero(f == null ? 9999 : f, text(row.get("indice_de_repetition_fin"))),
                Parite.of(text(row.get("parite"))), uai.toUpperCase(Locale.ROOT), entiere);
    }

    public boolean ouverteEnFin() {
        return fin.numero() >= FIN_DE_VOIE;
    }

    /** Whether the range and parity hold this number. */
    public boolean contient(Numero n) {
        return parite.accepts(n.numero()) && n.compareTo(debut) >= 0 && (ouverteEnFin() || n.compareTo(fin) <= 0);
    }

    /** Whether a match of {@code n} was decided at a bound carrying a suffix (the suffix order is an assumption). */
    public boolean decideeParUnIndice(Numero n) {
        return (n.numero() == debut.numero() && !(debut.rep().isEmpty() && n.rep().isEmpty()))
                || (!ouverteEnFin() && n.numero() == fin.numero() && !(fin.rep().isEmpty() && n.rep().isEmpty()));
    }

    /** The whole street, both sides: what an address without a number may match. */
    public boolean couvreToutLaVoie() {
        return parite == Parite.PAIRS_ET_IMPAIRS && debut.numero() <= 1 && debut.rep().isEmpty() && ouverteEnFin();
    }

    /** {@code 1–103 impairs}, {@code 2 A–18 pairs}, {@code 12–fin pairs et impairs}. */
    public String plage() {
        String p = switch (parite) {
            case PAIRS -> "pairs";
            case IMPAIRS -> "impairs";
            case PAIRS_ET_IMPAIRS -> "pairs et impairs";
        };
        return debut.toString().toUpperCase(Locale.ROOT) + "–" + (ouverteEnFin() ? "fin" : fin.toString().toUpperCase(Locale.ROOT)) + " " + p;
    }

    private static String text(Object v) {
        return v == null ? "" : v.toString().strip();
    }

    private static Integer integer(Object v) {
        if (v instanceof Number n) {
            return n.intValue();
        }
        String s = text(v);
        if (s.isEmpty()) {
            return null;
        }
        try {
            return (int) Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
