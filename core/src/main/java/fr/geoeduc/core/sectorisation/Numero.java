package fr.geoeduc.core.sectorisation;

import java.util.Locale;
import java.util.Optional;

/**
 * A house number with its indice de répétition. At an equal number, suffixes rank none = 0, {@code A}/bis = 1,
 * {@code B}/ter = 2, {@code C}/quater = 3, {@code D}/quinquies = 4 (an assumption of the spec: {@code B} is also
 * AFNOR's short form of bis, so a match decided at a suffixed bound is flagged).
 */
public record Numero(int numero, String rep) implements Comparable<Numero> {

    public Numero {
        rep = rep == null || rep.isBlank() ? "" : rep.strip().toLowerCase(Locale.ROOT);
    }

    public static Numero of(int numero) {
        return new Numero(numero, "");
    }

    /** The rank of a suffix, empty when it is not one ({@code bis}, {@code b}, {@code B}, {@code quater}…). */
    public static Optional<Integer> rank(String rep) {
        if (rep == null || rep.isBlank()) {
            return Optional.of(0);
        }
        return switch (rep.strip().toLowerCase(Locale.ROOT)) {
            case "a", "bis" -> Optional.of(1);
            case "b", "ter" -> Optional.of(2);
            case "c", "quater" -> Optional.of(3);
            case "d", "quinquies" -> Optional.of(4);
            default -> Optional.empty();
        };
    }

    public int rank() {
        return rank(rep).orElse(0);
    }

    public boolean even() {
        return numero % 2 == 0;
    }

    @Override
    public int compareTo(Numero o) {
        int c = Integer.compare(numero, o.numero);
        return c != 0 ? c : Integer.compare(rank(), o.rank());
    }

    @Override
    public String toString() {
        return rep.isEmpty() ? String.valueOf(numero) : numero + " " + rep;
    }
}
