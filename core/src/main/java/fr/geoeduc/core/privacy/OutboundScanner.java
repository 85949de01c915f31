package fr.geoeduc.core.privacy;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * The last check before restricted data leaves: refuses any value shaped like an INE (the national pupil
 * identifier: 10 digits and a letter, or 9 digits and 2 letters), whatever field it sits in.
 */
public final class OutboundScanner {

    public static final Pattern INE = Pattern.compile("(?<![0-9A-Za-z])(\\d{10}[A-Za-z]|\\d{9}[A-Za-z]{2})(?![0-9A-Za-z])");

    /** Thrown when a payload would carry an INE; the request is refused and audited. */
    public static final class LeakRefused extends RuntimeException {
        public LeakRefused(String field) {
            super("refused: an INE-shaped value was about to leave in field '" + field + "'");
        }
    }

    private OutboundScanner() {
    }

    public static boolean containsIne(String text) {
        return text != null && hasNineDigitRun(text) && INE.matcher(text).find();
    }

    /** Fast path: an INE holds at least 9 consecutive digits; most values (and every pseudonym) do not. */
    private static boolean hasNineDigitRun(String text) {
        int run = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                if (++run >= 9) {
                    return true;
                }
            } else {
                run = 0;
            }
        }
        return false;
    }

    public static void check(Map<String, Object> row) {
        check(row, java.util.Set.of());
    }

    /**
     * Checks every value except the pseudonyms the view itself computed ({@code pseudonyms}): a pseudonym (base32 or hex) is one
     * alphanumeric token, which the INE pattern (bounded by non-alphanumerics) can never match.
     */
    public static void check(Map<String, Object> row, java.util.Set<String> pseudonyms) {
        row.forEach((key, value) -> { // forEach: result rows are array-backed maps, entries would be allocated
            if (value instanceof String s && !pseudonyms.contains(key) && containsIne(s)) {
                throw new LeakRefused(key);
            }
        });
    }
}
