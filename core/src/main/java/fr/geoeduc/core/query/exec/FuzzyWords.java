package fr.geoeduc.core.query.exec;

import java.util.Arrays;
import java.util.function.IntConsumer;

/**
 * The words of a sorted word list that a search word matches ({@link #matches}): equal to it, or starting with it for
 * a prefix search; for a fuzzy search also within one edit (search words of 3 to 5 letters) or two (longer), the
 * beginning of a longer word being compared when the search is by prefix. The sorted list is walked as a trie: the
 * edit-distance rows of a beginning are shared by every word that has it, and the words of a beginning already too far
 * are skipped at once, instead of computing a distance for each word of the vocabulary on every search.
 */
final class FuzzyWords {

    private FuzzyWords() {
    }

    /** The edits a fuzzy search allows for a search word of this length. */
    static int allowed(int length) {
        return length > 5 ? 2 : length > 2 ? 1 : 0;
    }

    /** Calls {@code action} with the index of each word of {@code sorted} that {@code stem} matches, ascending. */
    static void forEach(String[] sorted, String stem, boolean prefix, boolean fuzzy, IntConsumer action) {
        int m = stem.length();
        int k = fuzzy ? allowed(m) : 0;
        if (m == 0) { // every word
            for (int i = 0; i < sorted.length; i++) {
                action.accept(i);
            }
            return;
        }
        if (k == 0) {
            int at = Arrays.binarySearch(sorted, stem);
            for (int i = at >= 0 ? at : -at - 1; i < sorted.length && (prefix ? sorted[i].startsWith(stem) : sorted[i].equals(stem)); i++) {
                action.accept(i);
            }
            return;
        }
        int maxDepth = m + k;
        int[][] rows = new int[maxDepth + 1][m + 1];
        for (int j = 0; j <= m; j++) {
            rows[0][j] = j;
        }
        String previous = "";
        int computed = 0; // rows 0..computed hold the distances of previous's beginning
        int i = 0;
        while (i < sorted.length) {
            String w = sorted[i];
            int length = w.length();
            boolean beginning = prefix && length > m; // a longer word of a prefix search: its first m letters are compared
            int target = beginning ? m : Math.min(length, maxDepth);
            int d = Math.min(computed, commonPrefix(previous, w));
            boolean tooFar = false;
            while (d < target) {
                d++;
                int[] above = rows[d - 1];
                int[] row = rows[d];
                char c = w.charAt(d - 1);
                row[0] = d;
                int best = d;
                for (int j = 1; j <= m; j++) {
                    int v = Math.min(Math.min(row[j - 1] + 1, above[j] + 1), above[j - 1] + (c == stem.charAt(j - 1) ? 0 : 1));
                    row[j] = v;
                    best = Math.min(best, v);
                }
                if (best > k) { // every word beginning with these d letters is too far: skip them all
                    tooFar = true;
                    break;
                }
            }
            previous = w;
            computed = d;
            if (tooFar) {
                i = firstNotStartingWith(sorted, i, w.substring(0, d));
                continue;
            }
            if (beginning ? rows[m][m] <= k : Math.abs(length - m) <= k && rows[length][m] <= k) {
                action.accept(i);
            }
            i++;
        }
    }

    private static int commonPrefix(String a, String b) {
        int n = Math.min(a.length(), b.length());
        int i = 0;
        while (i < n && a.charAt(i) == b.charAt(i)) {
            i++;
        }
        return i;
    }

    /** The first index after {@code from} whose word does not start with {@code beginning} (the words are sorted). */
    private static int firstNotStartingWith(String[] sorted, int from, String beginning) {
        int lo = from + 1;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid].startsWith(beginning)) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Whether {@code stem} matches {@code word}: the definition {@link #forEach} follows, one word at a time. */
    static boolean matches(String word, String stem, boolean prefix, boolean fuzzy) {
        if (stem.isEmpty()) {
            return true;
        }
        if (prefix ? word.startsWith(stem) : word.equals(stem)) {
            return true;
        }
        if (!fuzzy) {
            return false;
        }
        int allowed = allowed(stem.length());
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
