package fr.geoeduc.core.sectorisation;

import fr.geoeduc.core.adresse.VoieNormaliser;

import java.util.Arrays;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a free-text address ({@code 12 bis rue de Fougères 35700 Rennes}, {@code 3 Lieu-dit les 5 Chemins, Rennes},
 * {@code Bains-sur-Oust}) into number, suffix, street, postcode and commune. Without a postcode or a comma, the
 * commune is the longest run of last words that names a known commune.
 */
public final class AdresseParser {

    private static final Pattern NUMERO = Pattern.compile("^(\\d{1,5})\\s*(bis|ter|quater|quinquies|[a-dA-D])?(?=[\\s,]|$)[\\s,]*",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern CODE_POSTAL = Pattern.compile("(?<![0-9])([0-9]{5}|2[AB][0-9]{3})(?![0-9])");

    private final Predicate<String> estUneCommune;

    /** @param estUneCommune whether a name, normalised by {@link VoieNormaliser#commune}, is a commune's */
    public AdresseParser(Predicate<String> estUneCommune) {
        this.estUneCommune = estUneCommune;
    }

    public AdresseSaisie parse(String texte) {
        String s = texte == null ? "" : texte.strip().replaceAll("\\s+", " ");
        Integer numero = null;
        String rep = null;
        Matcher n = NUMERO.matcher(s);
        if (n.find()) {
            numero = Integer.parseInt(n.group(1));
            rep = n.group(2);
            s = s.substring(n.end());
        }
        String codePostal = null;
        String commune = null;
        Matcher cp = CODE_POSTAL.matcher(s);
        int last = -1;
        while (cp.find()) {
            last = cp.start();
        }
        if (last >= 0) {
            cp.find(last);
            codePostal = cp.group(1);
            commune = trim(s.substring(cp.end()));
            s = trim(s.substring(0, cp.start()));
        }
        if (commune == null || commune.isEmpty()) {
            int comma = s.lastIndexOf(',');
            if (comma >= 0) {
                commune = trim(s.substring(comma + 1));
                s = trim(s.substring(0, comma));
            } else {
                String[] words = s.isEmpty() ? new String[0] : s.split(" ");
                commune = null;
                for (int from = 0; from < words.length; from++) {
                    String candidate = String.join(" ", Arrays.copyOfRange(words, from, words.length));
                    if (estUneCommune.test(VoieNormaliser.commune(candidate))) {
                        commune = candidate;
                        s = String.join(" ", Arrays.copyOfRange(words, 0, from));
                        break;
                    }
                }
            }
        }
        return new AdresseSaisie(commune, codePostal, null, trim(s), numero, rep, texte);
    }

    private static String trim(String s) {
        String t = s.strip();
        while (!t.isEmpty() && (t.charAt(0) == ',' || t.charAt(t.length() - 1) == ',')) {
            t = (t.charAt(0) == ',' ? t.substring(1) : t.substring(0, t.length() - 1)).strip();
        }
        return t;
    }
}
