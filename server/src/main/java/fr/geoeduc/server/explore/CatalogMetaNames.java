package fr.geoeduc.server.explore;

import java.util.List;

/**
 * Catalogue metadata names as the catalogue API documents them: {@code default.modified} is the basic template's
 * {@code modified}, and may be written either way. Quoted strings and backquoted names are left as they are.
 */
final class CatalogMetaNames {

    private static final String PREFIX = "default.";

    private CatalogMetaNames() {
    }

    static List<String> withoutPrefix(List<String> clauses) {
        return clauses.stream().map(CatalogMetaNames::withoutPrefix).toList();
    }

    static String withoutPrefix(String clause) {
        if (clause == null || !clause.toLowerCase(java.util.Locale.ROOT).contains(PREFIX)) {
            return clause;
        }
        StringBuilder out = new StringBuilder(clause.length());
        char quote = 0;
        for (int i = 0; i < clause.length(); i++) {
            char c = clause.charAt(i);
            if (quote != 0) {
                out.append(c);
                if (c == '\\' && i + 1 < clause.length()) {
                    out.append(clause.charAt(++i));
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'' || c == '`') {
                quote = c;
                out.append(c);
            } else if (clause.regionMatches(true, i, PREFIX, 0, PREFIX.length()) && startsName(clause, i)) {
                i += PREFIX.length() - 1;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean startsName(String s, int i) {
        return (i == 0 || !Character.isLetterOrDigit(s.charAt(i - 1)) && s.charAt(i - 1) != '_' && s.charAt(i - 1) != '.')
                && i + PREFIX.length() < s.length() && Character.isLetter(s.charAt(i + PREFIX.length()));
    }
}
