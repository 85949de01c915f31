package fr.geoeduc.core.query.exec;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The walk of the sorted vocabulary finds exactly the words that the word-by-word definition matches: exact, prefix,
 * fuzzy (one or two edits, by prefix or whole word), on a vocabulary full of shared beginnings.
 */
class FuzzyWordsTest {

    @Test
    void theWalkOfTheSortedWordsFindsExactlyTheWordsTheDefinitionMatches() {
        Random random = new Random(22);
        TreeSet<String> vocabulary = new TreeSet<>(List.of("jean", "jeanne", "jeannette", "jaures", "jules", "jea", "je", "j",
                "ecole", "ecoles", "ecloe", "elementaire", "maternelle", "mat", "college", "collge", "colleges", "lycee", "saint",
                "sainte", "st", "a", "ab", "abc", "abcd", "abcde", "abcdef", "abcdefg", "bacdefg"));
        String letters = "aaabceeeijlmnorstu";
        while (vocabulary.size() < 3000) {
            StringBuilder w = new StringBuilder();
            int n = 1 + random.nextInt(11);
            for (int i = 0; i < n; i++) {
                w.append(letters.charAt(random.nextInt(letters.length())));
            }
            vocabulary.add(w.toString());
        }
        String[] sorted = vocabulary.toArray(String[]::new);
        List<String> stems = new ArrayList<>(List.of("", "j", "je", "jea", "jean", "jeen", "jaen", "ecole", "ecloe", "ecol",
                "elementair", "elementaire", "colege", "college", "lyce", "xyz", "abcdef", "abdcef", "bacdef"));
        for (int s = 0; s < 300; s++) {
            stems.add(mutated(sorted[random.nextInt(sorted.length)], random));
        }
        int matched = 0;
        for (String stem : stems) {
            for (boolean prefix : new boolean[]{false, true}) {
                for (boolean fuzzy : new boolean[]{false, true}) {
                    List<Integer> walked = new ArrayList<>();
                    FuzzyWords.forEach(sorted, stem, prefix, fuzzy, walked::add);
                    List<Integer> defined = new ArrayList<>();
                    for (int i = 0; i < sorted.length; i++) {
                        if (FuzzyWords.matches(sorted[i], stem, prefix, fuzzy)) {
                            defined.add(i);
                        }
                    }
                    assertThat(walked).as("'%s' prefix=%s fuzzy=%s", stem, prefix, fuzzy).containsExactlyElementsOf(defined);
                    matched += defined.size();
                }
            }
        }
        assertThat(matched).as("the stems match words").isGreaterThan(stems.size());
        List<String> jean = new ArrayList<>();
        FuzzyWords.forEach(sorted, "jean", true, true, i -> jean.add(sorted[i]));
        assertThat(jean).contains("jean", "jeanne", "jeannette", "jea").doesNotContain("jaures", "j");
    }

    /** A word with zero to three random edits (substitution, insertion, deletion). */
    private static String mutated(String word, Random random) {
        StringBuilder w = new StringBuilder(word);
        for (int e = random.nextInt(4); e > 0 && !w.isEmpty(); e--) {
            int at = random.nextInt(w.length());
            switch (random.nextInt(3)) {
                case 0 -> w.setCharAt(at, (char) ('a' + random.nextInt(26)));
                case 1 -> w.insert(at, (char) ('a' + random.nextInt(26)));
                default -> w.deleteCharAt(at);
            }
        }
        return w.toString();
    }
}
