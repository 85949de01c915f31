package fr.geoeduc.core.referentiel;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The order of millésimes and which one is current. A store keeps several millésimes of a référentiel side by side;
 * a reader that wants "the communes" without naming a millésime gets, <b>for each scope</b> (the communes of a
 * département, or one département/région/académie), <b>the latest millésime loaded for that scope</b>. A commune
 * merger never crosses a département, so the current communes never overlap; a département loaded only in 2018 keeps
 * its 2018 communes beside a département loaded in 2024.
 */
public final class Millesimes {

    /**
     * Oldest first: none (null, "non renseigné") first, then millésimes without a leading year (a source's name, like
     * {@code synthétique}) by their text, then those led by a year ({@code 2018}, {@code 2024-01}) by year, then text.
     */
    public static final Comparator<String> ORDER = Comparator.nullsFirst(
            Comparator.comparingInt(Millesimes::year).thenComparing(Comparator.naturalOrder()));

    private Millesimes() {
    }

    private static int year(String millesime) {
        if (millesime.length() >= 4 && millesime.chars().limit(4).allMatch(Character::isDigit)
                && (millesime.length() == 4 || !Character.isDigit(millesime.charAt(4)))) {
            return Integer.parseInt(millesime.substring(0, 4));
        }
        return -1;
    }

    /** The current millésime of each scope (scope → millésime, null for "non renseigné"). */
    public static Map<String, String> currentByScope(List<ReferentielScope> loaded) {
        Map<String, String> out = new TreeMap<>();
        for (ReferentielScope s : loaded) {
            if (!out.containsKey(s.scope()) || ORDER.compare(s.millesime(), out.get(s.scope())) > 0) {
                out.put(s.scope(), s.millesime());
            }
        }
        return out;
    }

    /** The millésimes loaded, oldest first (null, "non renseigné", first when some scope was loaded without one). */
    public static List<String> all(List<ReferentielScope> loaded) {
        TreeSet<String> out = new TreeSet<>(ORDER); // the comparator orders null: the set may hold it
        loaded.forEach(s -> out.add(s.millesime()));
        return new java.util.ArrayList<>(out);
    }

    /** A millésime read from a file's name or its folder's, and from which of the two. */
    public record Lu(String millesime, String source) {
    }

    private static final java.util.regex.Pattern YEAR = java.util.regex.Pattern.compile("(?<![0-9])(19[5-9][0-9]|20[0-9][0-9])(?![0-9])");

    /**
     * The millésime a boundary file names when none is given: the one year (1950–2099, not part of a longer number) in its
     * name ({@code communes-2018.geojson}, {@code ADMIN-EXPRESS_…_2022-04-15}), else in its folder's
     * ({@code communes-2018/communes-35.geojson}); none when neither names exactly one year.
     */
    public static java.util.Optional<Lu> fromFileName(java.nio.file.Path file) {
        java.nio.file.Path name = file.getFileName();
        java.nio.file.Path folder = file.toAbsolutePath().getParent() == null ? null : file.toAbsolutePath().getParent().getFileName();
        java.util.Optional<String> year = onlyYear(name == null ? "" : name.toString());
        if (year.isPresent()) {
            return java.util.Optional.of(new Lu(year.get(), "nom du fichier"));
        }
        return onlyYear(folder == null ? "" : folder.toString()).map(y -> new Lu(y, "nom du dossier"));
    }

    private static java.util.Optional<String> onlyYear(String text) {
        java.util.Set<String> years = new java.util.TreeSet<>();
        java.util.regex.Matcher m = YEAR.matcher(text);
        while (m.find()) {
            years.add(m.group(1));
        }
        return years.size() == 1 ? java.util.Optional.of(years.iterator().next()) : java.util.Optional.empty();
    }

    /** Whether {@code millesime} is the current one of {@code scope}. */
    public static boolean isCurrent(Map<String, String> currentByScope, String scope, String millesime) {
        return currentByScope.containsKey(scope) && Objects.equals(currentByScope.get(scope), millesime);
    }
}
