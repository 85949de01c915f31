package fr.geoeduc.core.query.exec;

import fr.geoeduc.core.engine.Column;
import fr.geoeduc.core.engine.IntVec;
import fr.geoeduc.core.engine.Snapshot;
import fr.geoeduc.core.engine.RowBitmap;
import fr.geoeduc.core.engine.TextDictionary;
import fr.geoeduc.core.engine.WordCodes;
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
        Filter filter = fields.size() == 1 ? inOneField(fields.get(0), words, prefixOnly, at) : inFields(fields, words, prefixOnly, at);
        searches.put(memo, filter);
        return filter;
    }

    /**
     * The words of the search, each with whether it is matched as a prefix, without repeats (a repeated word adds
     * nothing to the AND, and would cost a look-up in the word index).
     */
    private static List<String[]> distinctStems(List<String> words, boolean prefixOnly) {
        List<String[]> out = new ArrayList<>();
        java.util.Set<String> done = new java.util.HashSet<>();
        for (int k = 0; k < words.size(); k++) {
            String w = words.get(k);
            boolean prefix = prefixOnly || k == words.size() - 1 || w.endsWith("*");
            String stem = w.replace("*", "");
            if (done.add(stem + (prefix ? "*" : ""))) {
                out.add(new String[]{stem, prefix ? "*" : ""});
            }
        }
        return out;
    }

    private void countWord(Expr at) {
        if (++searchWords > MAX_SEARCH_WORDS) {
            throw compiler.error(at, "full-text search is limited to " + MAX_SEARCH_WORDS + " distinct words per clause");
        }
    }

    /**
     * One field: whether a row matches depends on its value only, so the search is decided per dictionary value (the
     * values holding every word) and its rows are counted from the value index. A search matching many rows is then
     * tested row by row as the page is read (the first rows of a page are found after a few dozen rows), one matching
     * few rows lists them from the value index; neither builds a structure as long as the version.
     */
    private Filter inOneField(int field, List<String> words, boolean prefixOnly, Expr at) {
        Column.Text text = (Column.Text) snapshot.column(field);
        BitSet kept = null; // the dictionary codes of the values holding every word so far
        for (String[] w : distinctStems(words, prefixOnly)) {
            countWord(at);
            BitSet these = codesWithWord(field, w[0], !w[1].isEmpty(), !prefixOnly);
            if (kept != null) {
                these.and(kept);
            }
            kept = these;
            if (kept.isEmpty()) {
                break;
            }
        }
        int[] codes = kept.stream().toArray();
        long count = 0;
        for (int c : codes) {
            count += snapshot.rowsWithCode(field, c);
        }
        IntVec rowCodes = text.codes();
        BitSet values = kept;
        Filter.Test test = row -> {
            int c = rowCodes.get(row);
            return c >= 0 && values.get(c);
        };
        if (count * DENSE <= snapshot.rows()) {
            return new Filter(snapshot.rowsWithCodes(field, codes), test);
        }
        return new Filter(null, test, (int) count);
    }

    /**
     * The dictionary codes of a field's values holding a word that {@code stem} matches: from the field's word index, or,
     * for a dictionary too large to index on the heap (a near-unique field of millions of rows: INE, addresses), by
     * reading every value once, word by word, under the same definition of a match ({@link FuzzyWords#matches}).
     */
    private BitSet codesWithWord(int field, String stem, boolean prefix, boolean fuzzy) {
        BitSet out = new BitSet();
        if (snapshot.wordIndexed(field)) {
            WordCodes index = snapshot.wordCodes(field);
            FuzzyWords.forEach(index.words(), stem, prefix, fuzzy, i -> {
                for (int c : index.codes()[i]) {
                    out.set(c);
                }
            });
            return out;
        }
        TextDictionary dictionary = ((Column.Text) snapshot.column(field)).dictionary();
        for (int code = 0; code < dictionary.size(); code++) {
            for (String word : TextTokens.words(dictionary.get(code), false)) {
                if (FuzzyWords.matches(word, stem, prefix, fuzzy)) {
                    out.set(code);
                    break;
                }
            }
        }
        return out;
    }

    /** A search matching at least one row in {@value #DENSE} is tested row by row rather than listed. */
    private static final int DENSE = 64;

    /** Several fields: each word must be in one of them, the rows of each word marked in a bitmap, the words' bitmaps intersected. */
    private Filter inFields(List<Integer> fields, List<String> words, boolean prefixOnly, Expr at) {
        long[] result = null;
        for (String[] w : distinctStems(words, prefixOnly)) {
            countWord(at);
            // the rows of every matching word (a short stem or "*" matches thousands of words), in any row order
            long[] matching = RowBitmap.empty(snapshot.rows());
            for (int f : fields) {
                snapshot.markRowsWithCodes(f, codesWithWord(f, w[0], !w[1].isEmpty(), !prefixOnly), matching);
            }
            if (result == null) {
                result = matching;
            } else if (!RowBitmap.retainAll(result, matching)) {
                break;
            }
        }
        long[] rows = result;
        return new Filter(RowBitmap.rows(rows), row -> RowBitmap.contains(rows, row));
    }
}
