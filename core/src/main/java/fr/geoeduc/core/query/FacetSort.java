package fr.geoeduc.core.query;

import fr.geoeduc.core.query.odsql.OdsqlException;

import java.text.Collator;
import java.util.Comparator;
import java.util.Locale;

/**
 * The {@code sort} argument of {@code facet(…)}: {@code count}, {@code alphanum}, {@code num}, each descending with a
 * leading {@code -} (the API's convention, as in {@code order_by=-field}). Ties are broken by value, A to Z.
 */
enum FacetSort {
    COUNT, COUNT_DESC, ALPHANUM, ALPHANUM_DESC, NUM, NUM_DESC;

    private static final Collator FRENCH = frenchCollator();

    static FacetSort parse(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "count" -> COUNT;
            case "-count" -> COUNT_DESC;
            case "alphanum" -> ALPHANUM;
            case "-alphanum" -> ALPHANUM_DESC;
            case "num" -> NUM;
            case "-num" -> NUM_DESC;
            default -> throw new OdsqlException("facet", 0, "Invalid facet sort '" + text
                    + "': expected count, -count, alphanum, -alphanum, num or -num");
        };
    }

    Comparator<Facets.Value> comparator() {
        Comparator<Facets.Value> byValue = Comparator.comparing(Facets.Value::value, FRENCH::compare);
        return switch (this) {
            case COUNT -> Comparator.comparing(Facets.Value::count).thenComparing(byValue);
            case COUNT_DESC -> Comparator.comparing(Facets.Value::count).reversed().thenComparing(byValue);
            case ALPHANUM -> byValue;
            case ALPHANUM_DESC -> byValue.reversed();
            case NUM -> Comparator.comparing(FacetSort::number).thenComparing(byValue);
            case NUM_DESC -> Comparator.comparing(FacetSort::number).reversed().thenComparing(byValue);
        };
    }

    /** A value that is not a number counts as the largest. */
    private static double number(Facets.Value v) {
        try {
            return Double.parseDouble(v.value().strip().replace(',', '.'));
        } catch (NumberFormatException e) {
            return Double.POSITIVE_INFINITY;
        }
    }

    private static Collator frenchCollator() {
        Collator c = Collator.getInstance(Locale.FRENCH);
        c.setStrength(Collator.TERTIARY);
        return c;
    }
}
