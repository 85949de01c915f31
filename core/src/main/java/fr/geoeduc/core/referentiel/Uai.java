package fr.geoeduc.core.referentiel;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The UAI (ex-RNE) identifier of an établissement: 7 digits and a check letter,
 * {@code "ABCDEFGHJKLMNPRSTUVWXYZ"[first7 mod 23]} (23 letters: no I, O or Q).
 */
public final class Uai {

    private static final String CHECK_LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ";
    private static final Pattern SHAPE = Pattern.compile("\\d{1,7}[A-Za-z]");

    private Uai() {
    }

    /** Trims, upper-cases and left-pads lost leading zeros ({@code 352072M} → {@code 0352072M}); empty if not UAI-shaped. */
    public static Optional<String> normalise(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String s = raw.strip();
        if (!SHAPE.matcher(s).matches()) {
            return Optional.empty();
        }
        String digits = "0".repeat(8 - s.length()) + s.substring(0, s.length() - 1);
        return Optional.of(digits + Character.toUpperCase(s.charAt(s.length() - 1)));
    }

    public static char checkLetter(String sevenDigits) {
        return CHECK_LETTERS.charAt((int) (Long.parseLong(sevenDigits) % 23));
    }

    /** True when the value is 7 digits followed by the right check letter. */
    public static boolean isValid(String value) {
        if (value == null || value.length() != 8) {
            return false;
        }
        long number = 0;
        for (int i = 0; i < 7; i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
            number = number * 10 + (c - '0');
        }
        return CHECK_LETTERS.charAt((int) (number % 23)) == value.charAt(7);
    }

    /** Why a value is not a valid UAI, in words a data team understands. */
    public static String explain(String value) {
        Optional<String> normalised = normalise(value);
        if (normalised.isEmpty()) {
            return "not shaped like a UAI (7 digits and a letter)";
        }
        String n = normalised.get();
        char expected = checkLetter(n.substring(0, 7));
        char found = n.charAt(7);
        if (found == expected) {
            return "valid once normalised to " + n;
        }
        String letter = CHECK_LETTERS.indexOf(found) < 0
                ? "'" + found + "' is not a check letter (I, O and Q are never used)"
                : "check letter '" + found + "'";
        return letter + ", expected '" + expected + "' for " + n.substring(0, 7);
    }

    public static String format(String digits, Locale locale) {
        return digits + checkLetter(digits);
    }
}
