package fr.geoeduc.core.query.exec;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Case and accent folding of CQL2's CASEI and ACCENTI (also callable from ODSQL as casei() and accenti()), and the
 * whole-string SQL LIKE pattern of CQL2.
 */
public final class TextFolds {

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");

    private TextFolds() {
    }

    /** Case folding: upper then lower case in the root locale, so that ß and SS, ς and σ fold alike. */
    public static String caseFold(String s) {
        return s.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
    }

    /** Accent folding: canonical decomposition (NFD) then without the combining marks (é → e, ç → c, ô → o). */
    public static String accentFold(String s) {
        return MARKS.matcher(Normalizer.normalize(s, Normalizer.Form.NFD)).replaceAll("");
    }

    /** {@code casei} or {@code accenti} applied to a text. */
    static String apply(String function, String s) {
        return function.equals("casei") ? caseFold(s) : accentFold(s);
    }

    static boolean isFold(String function) {
        return function.equals("casei") || function.equals("accenti");
    }

    /**
     * A LIKE pattern as a regular expression over the whole string: {@code %} any run of characters (also none),
     * {@code _} exactly one, a backslash makes the next character literal; everything else is literal.
     */
    public static Pattern likePattern(String pattern) {
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\' && i + 1 < pattern.length()) {
                literal.append(pattern.charAt(++i));
            } else if (c == '%' || c == '_') {
                if (!literal.isEmpty()) {
                    regex.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                regex.append(c == '%' ? ".*" : ".");
            } else {
                literal.append(c);
            }
        }
        if (!literal.isEmpty()) {
            regex.append(Pattern.quote(literal.toString()));
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
}
