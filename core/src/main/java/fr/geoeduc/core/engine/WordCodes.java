package fr.geoeduc.core.engine;

/**
 * The words of a text field's dictionary, sorted, and for each the dictionary codes of the values that contain it
 * (ascending). Its size follows the distinct values, not the rows; sorted, so that the words of a prefix are a range
 * and a fuzzy look-up shares its work between words with a common beginning.
 */
public record WordCodes(String[] words, int[][] codes) {

    /** Bytes held on the heap (estimate). */
    long heapBytes() {
        long total = 32;
        for (int i = 0; i < words.length; i++) {
            total += 64 + 2L * words[i].length() + 4L * codes[i].length;
        }
        return total;
    }
}
