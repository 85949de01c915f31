package fr.geoeduc.core.referentiel;

import fr.geoeduc.core.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

class UaiTest {

    @Test
    void vectorsOfTheSpec() {
        // mission-apprentissage test vectors (spec §2): 751234 mod 23 = 8 → J, 10856 mod 23 = 0 → A
        assertThat(Uai.checkLetter("0751234")).isEqualTo('J');
        assertThat(Uai.format("0751234", Locale.FRANCE)).isEqualTo("0751234J");
        assertThat(Uai.isValid("0751234J")).isTrue();
        assertThat(Uai.isValid("0010856A")).isTrue();
        assertThat(Uai.isValid("0010856B")).isFalse();
        assertThat(Uai.isValid("0000856A")).isFalse();
        assertThat(Uai.checkLetter("0000856")).isEqualTo('F');
    }

    @ParameterizedTest
    @ValueSource(strings = {"0352072M", "0350852L", "0350778F", "0350122T", "6200096K", "7200044K", "9710341U", "9740042C",
            "9760162X", "9750005G", "0381780D", "0350762N"})
    void realUaisAreValid(String uai) {
        assertThat(Uai.isValid(uai)).isTrue();
        assertThat(Uai.normalise(uai)).contains(uai);
        assertThat(Uai.explain(uai)).contains("valid once normalised to " + uai);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0350708O", "0350821O", "0350932O", "0350933O", "0350935O", "0350937O", "0351019O", "0351122O"})
    void pseudoUaisEndingInOAreInvalid(String uai) {
        assertThat(Uai.isValid(uai)).isFalse();
        assertThat(Uai.normalise(uai)).contains(uai);
        assertThat(Uai.explain(uai)).contains("'O' is not a check letter").contains("expected '" + Uai.checkLetter(uai.substring(0, 7)) + "'");
    }

    @Test
    void wrongLetterIsExplained() {
        assertThat(Uai.explain("0010856B")).isEqualTo("check letter 'B', expected 'A' for 0010856");
        assertThat(Uai.explain("hello")).contains("not shaped like a UAI");
    }

    @ParameterizedTest
    @CsvSource({
            "0751234j, 0751234J",
            "' 0751234J ', 0751234J",
            "751234J, 0751234J",
            "352072m, 0352072M",
            "10856A, 0010856A",
            "'\t0010856a\r', 0010856A"})
    void lowerCaseAndShortFormsAreNormalised(String raw, String expected) {
        assertThat(Uai.normalise(raw)).contains(expected);
        assertThat(Uai.isValid(Uai.normalise(raw).orElseThrow())).isTrue();
    }

    @Test
    void normalisedFormIsNeededForValidation() {
        assertThat(Uai.isValid("0751234j")).isFalse();
        assertThat(Uai.isValid("751234J")).isFalse();
        assertThat(Uai.isValid(" 0751234J")).isFalse();
        assertThat(Uai.explain("0751234j")).isEqualTo("valid once normalised to 0751234J");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "J", "07512345J", "0751234", "075123JJ", "0751-234J", "ABCDEFGH", "0751234J1", "07 51234J"})
    void notUaiShaped(String raw) {
        assertThat(Uai.normalise(raw)).isEmpty();
        assertThat(Uai.isValid(raw)).isFalse();
    }

    @Test
    void nullIsNeitherNormalisedNorValid() {
        assertThat(Uai.normalise(null)).isEmpty();
        assertThat(Uai.isValid(null)).isFalse();
    }

    @Test
    void everyLetterOfTheAlphabetIsReached() {
        Set<Character> letters = new TreeSet<>();
        for (int n = 0; n < 23; n++) {
            letters.add(Uai.checkLetter(String.format("%07d", 350000 + n)));
        }
        assertThat(letters).hasSize(23).doesNotContain('I', 'O', 'Q');
    }

    /** Spec §2: all 32,091 UAIs of the IPS écoles file pass; in effectifs second degré, 168 of 176 distinct codes pass. */
    @Test
    void passRatesOnRealFiles() throws IOException {
        long ipsInvalid;
        try (var lines = Files.lines(SharedData.file("national/fr-en-ips_ecoles-2021-2022.csv"), StandardCharsets.UTF_8)) {
            ipsInvalid = lines.skip(1).map(l -> l.split(";")[4]).filter(u -> !Uai.isValid(u)).count();
        }
        assertThat(ipsInvalid).isZero();
        Set<String> distinct = new TreeSet<>();
        try (var lines = Files.lines(SharedData.file("ille-et-vilaine/fr-en-effectifs-second-degre.csv"), StandardCharsets.UTF_8)) {
            lines.skip(1).map(l -> l.split(";")[2]).forEach(distinct::add);
        }
        assertThat(distinct).hasSize(176);
        assertThat(distinct.stream().filter(Uai::isValid)).hasSize(168);
    }

    @Test
    void nonAsciiDigitsAreNotValid() {
        assertThat(Uai.isValid("\u0660\u0667\u0665\u0661\u0662\u0663\u0664J")).isFalse();
        assertThat(Uai.isValid("\uFF10\uFF17\uFF15\uFF11\uFF12\uFF13\uFF14J")).isFalse();
    }
}
