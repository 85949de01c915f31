package fr.geoeduc.core.engine;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** How text is cut into words for full-text search and LIKE: lower case, accents removed, split on non-letters. */
public final class TextTokens {

    private TextTokens() {
    }

    public static String fold(String text) {
        String s = text;
        boolean ascii = true;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 127) {
                ascii = false;
                break;
            }
        }
        if (!ascii) {
            s = Normalizer.normalize(s, Normalizer.Form.NFKD).replaceAll("\\p{M}+", "").replace("œ", "oe").replace("Œ", "OE");
        }
        return s.toLowerCase(Locale.ROOT);
    }

    /** The words of a text, folded. {@code keepStar} keeps {@code *} inside words (LIKE and search patterns). */
    public static List<String> words(String text, boolean keepStar) {
        List<String> out = new ArrayList<>();
        String s = fold(text);
        int start = -1;
        for (int i = 0; i <= s.length(); i++) {
            char c = i < s.length() ? s.charAt(i) : ' ';
            boolean word = Character.isLetterOrDigit(c) || (keepStar && c == '*');
            if (word && start < 0) {
                start = i;
            } else if (!word && start >= 0) {
                out.add(s.substring(start, i));
                start = -1;
            }
        }
        return out;
    }
}
