package fr.geoeduc.core.referentiel;

import java.util.Locale;
import java.util.Optional;

/** Brings the ministry's code spellings to their COG (INSEE) form. */
public final class CodeNormaliser {

    private CodeNormaliser() {
    }

    /**
     * Département code to the COG form: {@code 035 → 35}, {@code 02A → 2A}, {@code 971 → 971}, {@code 5 → 05}.
     * Empty for a value that cannot be a département code.
     */
    public static Optional<String> departement(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String s = raw.strip().toUpperCase(Locale.ROOT);
        if (s.matches("0?[0-9]{2}") || s.matches("0?2[AB]")) {
            return Optional.of(s.length() == 3 ? s.substring(1) : s);
        }
        if (s.matches("[0-9]")) {
            return Optional.of("0" + s);
        }
        if (s.matches("9[78][0-9]")) {
            return Optional.of(s);
        }
        return Optional.empty();
    }

    /** Commune code to 5 characters, upper case (Corse {@code 2a004 → 2A004}); restores a lost leading zero. */
    public static Optional<String> commune(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String s = raw.strip().toUpperCase(Locale.ROOT);
        if (s.matches("[0-9]{4}")) {
            s = "0" + s;
        }
        return s.matches("[0-9]{5}|2[AB][0-9]{3}") ? Optional.of(s) : Optional.empty();
    }

    /** Académie code to 2 digits ({@code 1 → 01}). */
    public static Optional<String> academie(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String s = raw.strip();
        if (s.matches("[0-9]")) {
            return Optional.of("0" + s);
        }
        return s.matches("[0-9]{2}") ? Optional.of(s) : Optional.empty();
    }

    /** The département part of a COG commune code ({@code 35238 → 35}, {@code 97411 → 974}). */
    public static String departementOfCommune(String communeCode) {
        return communeCode.startsWith("97") || communeCode.startsWith("98")
                ? communeCode.substring(0, 3) : communeCode.substring(0, 2);
    }
}
