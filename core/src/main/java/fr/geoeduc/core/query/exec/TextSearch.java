package fr.geoeduc.core.query.exec;

import fr.geoeduc.core.engine.Snapshot;
import fr.geoeduc.core.engine.TextTokens;
import fr.geoeduc.core.query.odsql.Expr;
import fr.geoeduc.core.query.odsql.Expr.FieldRef;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;

/**
 * Full-text search of a where clause (search(), suggest(), a bare string), for the {@link Compiler} of one snapshot:
 * through the snapshot's word indexes, fuzzy for search(); each search is compiled once per clause.
 */
final class TextSearch {

    private static final int MAX_SEARCH_WORDS = Compiler.MAX_SEARCH_WORDS;
    private final Compiler compiler;
    private final Snapshot snapshot;
    /** Full-text searches already compiled in this clause, and the number of words looked up in the word indexes. */
    private final Map<String, Filter> searches = new java.util.HashMap<>();
    private int searchWords;

    TextSearch(Compiler compiler, Snapshot snapshot) {
        this.compiler = compiler;
        this.snapshot = snapshot;
    }

    /** search/suggest/bare string: every word of the text must match a word of one of the fields (fuzzy for search). */
    Filter search(List<Expr> fieldArgs, String text, Expr at, boolean prefixOnly) {
        List<Integer> fields = new ArrayList<>();
        if (fieldArgs.isEmpty() || (fieldArgs.size() == 1 && fieldArgs.get(0) instanceof Expr.Star)) {
            for (int i = 0; i < snapshot.schema().size(); i++) {
                if (snapshot.isText(i) && !"derived".equals(snapshot.field(i).origin())) {
                    fields.add(i);
                }
            }
        } else {
            for (Expr a : fieldArgs) {
                if (!(a instanceof FieldRef f)) {
                    throw compiler.error(a, "search() expects field names, found " + Compiler.describe(a));
                }
                int i = compiler.field(f);
                if (!snapshot.isText(i)) {
                    throw compiler.error(a, "search() works on text fields; " + f.name() + " is " + snapshot.field(i).type().apiName());
                }
                fields.add(i);
            }
        }
        List<String> words = TextTokens.words(text, true);
        if (words.isEmpty()) {
            return Filter.ALL;
        }
        String memo = fields + "\u0001" + prefixOnly + "\u0001" + String.join(" ", words);
        Filter known = searches.get(memo);
        if (known != null) {
            return known;
        }
        int[] result = null;
        java.util.Set<String> done = new java.util.HashSet<>();
        for (int k = 0; k < words.size(); k++) {
            String w = words.get(k);
            boolean last = k == words.size() - 1;
            boolean prefix = prefixOnly || last || w.endsWith("*");
            String stem = w.replace("*", "");
            if (!done.add(stem + (prefix ? "*" : ""))) {
                continue; // a repeated word adds nothing to the AND (and would cost a scan of the word index)
            }
            if (++searchWords > MAX_SEARCH_WORDS) {
                throw compiler.error(at, "full-text search is limited to " + MAX_SEARCH_WORDS + " distinct words per clause");
            }
            // the rows of every matching word, gathered in a bit set (a short stem or "*" matches thousands of words)
            BitSet matching = new BitSet(snapshot.rows());
            for (int f : fields) {
                for (Map.Entry<String, int[]> e : snapshot.words(f).entrySet()) {
                    if (matches(e.getKey(), stem, prefix, !prefixOnly)) {
                        for (int r : e.getValue()) {
                            matching.set(r);
                        }
                    }
                }
            }
            int[] rows = matching.stream().toArray();
            result = result == null ? rows : Compiler.intersect(result, rows);
            if (result.length == 0) {
                break;
            }
        }
        BitSet set = new BitSet(snapshot.rows());
        for (int r : result) {
            set.set(r);
        }
        Filter filter = new Filter(result, set::get);
        searches.put(memo, filter);
        return filter;
    }

    private static boolean matches(String word, String stem, boolean prefix, boolean fuzzy) {
        if (stem.isEmpty()) {
            return true;
        }
        if (prefix ? word.startsWith(stem) : word.equals(stem)) {
            return true;
        }
        if (!fuzzy) {
            return false;
        }
        int allowed = stem.length() > 5 ? 2 : stem.length() > 2 ? 1 : 0;
        if (allowed == 0) {
            return false;
        }
        if (prefix && word.length() > stem.length()) {
            return boundedLevenshtein(word.substring(0, Math.min(word.length(), stem.length())), stem, allowed) <= allowed;
        }
        return Math.abs(word.length() - stem.length()) <= allowed && boundedLevenshtein(word, stem, allowed) <= allowed;
    }

    /** Levenshtein distance, giving up (returning max+1) as soon as it exceeds {@code max}. */
    static int boundedLevenshtein(String a, String b, int max) {
        int n = a.length();
        int m = b.length();
        if (Math.abs(n - m) > max) {
            return max + 1;
        }
        int[] prev = new int[m + 1];
        int[] cur = new int[m + 1];
        for (int j = 0; j <= m; j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= n; i++) {
            cur[0] = i;
            int best = cur[0];
            for (int j = 1; j <= m; j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
                best = Math.min(best, cur[j]);
            }
            if (best > max) {
                return max + 1;
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[m];
    }
}
