package fr.geoeduc.core.query.exec;

import java.util.ArrayList;
import java.util.List;

/** The source text of each comma-separated item of a clause (for the keys of unaliased select expressions). */
final class ClauseText {

    private ClauseText() {
    }

    static List<String> items(String clause) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        char quote = 0;
        int start = 0;
        for (int i = 0; i < clause.length(); i++) {
            char c = clause.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'' || c == '`') {
                quote = c;
            } else if (c == '(' || c == '[') {
                depth++;
            } else if (c == ')' || c == ']') {
                depth--;
            } else if (c == ',' && depth == 0) {
                out.add(clause.substring(start, i).strip());
                start = i + 1;
            }
        }
        out.add(clause.substring(start).strip());
        return out;
    }

    /** The expression part of an item, without a trailing {@code AS alias}. */
    static String withoutAlias(String item) {
        return item.replaceAll("(?i)\\s+as\\s+[`A-Za-z0-9_]+`?\\s*$", "").strip();
    }
}
