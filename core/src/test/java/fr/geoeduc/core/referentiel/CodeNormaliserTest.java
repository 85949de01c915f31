package fr.geoeduc.core.referentiel;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class CodeNormaliserTest {

    @ParameterizedTest
    @CsvSource({
            "035, 35", "35, 35", "' 035 ', 35", "075, 75", "001, 01", "1, 01", "5, 05", "095, 95",
            "02A, 2A", "2A, 2A", "02a, 2A", "2b, 2B", "02B, 2B",
            "971, 971", "972, 972", "973, 973", "974, 974", "976, 976", "975, 975", "977, 977", "978, 978", "988, 988"})
    void departementToCogForm(String raw, String cog) {
        assertThat(CodeNormaliser.departement(raw)).contains(cog);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "ABC", "2C", "02C", "0035", "100", "035A", "9710", "3 5"})
    void notADepartement(String raw) {
        assertThat(CodeNormaliser.departement(raw)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
            "2a004, 2A004", "2A004, 2A004", "2b033, 2B033", "35238, 35238", "' 35238 ', 35238", "1004, 01004",
            "75101, 75101", "69381, 69381", "13201, 13201", "97411, 97411", "97701, 97701"})
    void communeToCogForm(String raw, String cog) {
        assertThat(CodeNormaliser.commune(raw)).contains(cog);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "352", "352381", "ABCDE", "2C004", "35 238", "2A04"})
    void notACommune(String raw) {
        assertThat(CodeNormaliser.commune(raw)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"1, 01", "01, 01", "14, 14", "70, 70", "' 24 ', 24"})
    void academieToTwoDigits(String raw, String code) {
        assertThat(CodeNormaliser.academie(raw)).contains(code);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "140", "A", "1A"})
    void notAnAcademie(String raw) {
        assertThat(CodeNormaliser.academie(raw)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"35238, 35", "01004, 01", "2A004, 2A", "2B033, 2B", "75101, 75", "97411, 974", "97101, 971", "97701, 977", "98818, 988"})
    void departementOfCommune(String commune, String departement) {
        assertThat(CodeNormaliser.departementOfCommune(commune)).isEqualTo(departement);
    }

    @Test
    void nulls() {
        assertThat(CodeNormaliser.departement(null)).isEmpty();
        assertThat(CodeNormaliser.commune(null)).isEmpty();
        assertThat(CodeNormaliser.academie(null)).isEmpty();
    }

    @Test
    void everyDepartementOfTheStaticTableIsReachedFromItsEducationCode() {
        Referentiels r = Referentiels.builtIn();
        assertThat(r.departements()).hasSizeGreaterThanOrEqualTo(101);
        for (Territoire.Departement d : r.departements()) {
            assertThat(CodeNormaliser.departement(d.codeEducation())).as(d.codeEducation()).contains(d.code());
            assertThat(r.departement(d.codeEducation())).contains(d);
        }
        assertThat(r.departement("035").orElseThrow().codeAcademie()).isEqualTo("14");
        assertThat(r.departement("02A").orElseThrow().code()).isEqualTo("2A");
        assertThat(r.arrondissement("75101").orElseThrow().codeCommune()).isEqualTo("75056");
        assertThat(r.arrondissement("69381").orElseThrow().codeCommune()).isEqualTo("69123");
        assertThat(r.arrondissement("13201").orElseThrow().codeCommune()).isEqualTo("13055");
        assertThat(r.arrondissement("35238")).isEmpty();
    }
}
