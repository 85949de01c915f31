package fr.geoeduc.core.referentiel;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** Brings the ministry's code spellings to their COG (INSEE) form. */
public final class CodeNormaliser {

    private static final Pattern METROPOLE = Pattern.compile("0?(?:[0-9]{2}|2[AB])");
    private static final Pattern ONE_DIGIT = Pattern.compile("[0-9]");
    private static final Pattern OVERSEAS = Pattern.compile("9[78][0-9]");
    private static final Pattern FOUR_DIGITS = Pattern.compile("[0-9]{4}");
    private static final Pattern COMMUNE = Pattern.compile("[0-9]{5}|2[AB][0-9]{3}");
    private static final Pattern TWO_DIGITS = Pattern.compile("[0-9]{2}");

    private CodeNormaliser() {
    }

    /**
     * Département code to the COG form: {@code 035 → 35}, {@code 02A → 2A}, {@code 971 → 971}, {@code 5 → 05}.
     * Empty for a value that cannot be a département code.
     */
    public static Optional<String> departement(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String s = raw.strip().toUpperCase(Locale.ROOT);
        if (METROPOLE.matcher(s).matches()) {
            return Optional.of(s.length() == 3 ? s.substring(1) : s);
        }
        if (ONE_DIGIT.matcher(s).matches()) {
            return Optional.of("0" + s);
        }
        if (OVERSEAS.matcher(s).matches()) {
            return Optional.of(s);
        }
        return Optional.empty();
    }

    /** Commune code to 5 characters, upper case (Corse {@code 2a004 → 2A004}); restores a lost leading zero. */
    public static Optional<String> commune(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String s = raw.strip();
        if (s.length() == 5 && allDigits(s, 0)) { // the usual case, without regex or copy
            return Optional.of(s);
        }
        s = s.toUpperCase(Locale.ROOT);
        if (FOUR_DIGITS.matcher(s).matches()) {
            s = "0" + s;
        }
        return COMMUNE.matcher(s).matches() ? Optional.of(s) : Optional.empty();
    }

    /** Académie code to 2 digits ({@code 1 → 01}). */
    public static Optional<String> academie(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String s = raw.strip();
        if (ONE_DIGIT.matcher(s).matches()) {
            return Optional.of("0" + s);
        }
        return TWO_DIGITS.matcher(s).matches() ? Optional.of(s) : Optional.empty();
    }

    private static boolean allDigits(String s, int from) {
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** The département part of a COG commune code ({@code 35238 → 35}, {@code 97411 → 974}). */
    public static String departementOfCommune(String communeCode) {
        return communeCode.startsWith("97") || communeCode.startsWith("98")
                ? communeCode.substring(0, 3) : communeCode.substring(0, 2);
    }
}
