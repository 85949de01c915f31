package fr.geoeduc.core.model;

import java.text.Normalizer;
import java.util.Locale;

/** Field-name spelling rules shared by header matching and schema inference. */
public final class Names {

    private Names() {
    }

    /**
     * The comparison key of a header or a field name: lower case, accents removed, every run of other
     * characters turned into one {@code _}. {@code "Nom de l'établissment"} → {@code nom_de_l_etablissment}.
     */
    public static String normalise(String text) {
        String s = Normalizer.normalize(text.strip(), Normalizer.Form.NFKD).replaceAll("\\p{M}+", "");
        s = s.replace("œ", "oe").replace("Œ", "OE").replace("æ", "ae");
        s = s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
        return s.replaceAll("^_+|_+$", "");
    }

    /** A field name for a header that matches no declared field (the Explore API's own rule). */
    public static String fieldNameFor(String header, int columnIndex) {
        String n = normalise(header);
        return n.isEmpty() ? "colonne_" + (columnIndex + 1) : n;
    }
}
