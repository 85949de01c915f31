package fr.geoeduc.core.ingest;

import fr.geoeduc.core.model.FieldType;
import fr.geoeduc.core.model.Names;
import org.locationtech.jts.geom.Geometry;

import java.util.regex.Pattern;

/**
 * Infers the type of a column from all its values: the narrowest type every non-null value parses as.
 * Codes with leading zeros ({@code 035}, {@code 0352072M}) and columns named like codes stay text.
 */
final class TypeInference {

    private static final Pattern CODE_NAME = Pattern.compile(
            "(^|_)(code|uai|rne|siren|siret|insee|cp|postal|telephone|tel|fax|numero|num|id|identifiant|commune|departement|dep|academie|region|ine|mef|epci|iris|nature)(_|$)");
    private static final FieldType[] ORDER = {FieldType.INT, FieldType.DOUBLE, FieldType.BOOLEAN, FieldType.DATE,
            FieldType.DATETIME, FieldType.GEO_POINT_2D, FieldType.GEO_SHAPE};
    private static final int INT = 0;
    private static final int DOUBLE = 1;

    private final boolean codeLike;
    private final boolean[] possible = new boolean[ORDER.length];
    /** How many types of ORDER are still possible: at 0 the column is text whatever comes next. */
    private int left = ORDER.length;
    private boolean leadingZero;
    private long nonNull;
    private final ValueParser parser;

    TypeInference(String header, ValueParser parser) {
        this.codeLike = CODE_NAME.matcher(Names.normalise(header)).find();
        this.parser = parser;
        java.util.Arrays.fill(possible, true);
        if (codeLike) {
            ruleOutNumbers();
        }
    }

    /** A code-like name or a leading zero keeps the column text whatever its values ({@link #result()}): its cells
     * need not be parsed as numbers any more. */
    private void ruleOutNumbers() {
        ruleOut(INT);
        ruleOut(DOUBLE);
    }

    private void ruleOut(int i) {
        if (possible[i]) {
            possible[i] = false;
            left--;
        }
    }

    /** Whether no value can change the result any more (no type left but text): the rest of the column need not be read. */
    boolean settled() {
        return left == 0;
    }

    void accept(Object cell) {
        accept(cell, null, false);
    }

    /**
     * As {@link #accept(Object)}, when whether the cell parses as {@code parsedType} is already known: {@code noValue},
     * what {@link ValueParser#parse} gave for it under that type is null or {@link ValueParser#INVALID}. The cell is
     * not parsed as that type a second time.
     */
    void accept(Object cell, FieldType parsedType, boolean noValue) {
        if (cell == null || left == 0) {
            return;
        }
        if (cell instanceof Geometry) {
            nonNull++;
            for (int i = 0; i < ORDER.length; i++) {
                if (ORDER[i] != FieldType.GEO_SHAPE) {
                    ruleOut(i);
                }
            }
            return;
        }
        String s = ((String) cell).strip();
        if (s.isEmpty() || ValueParser.isNullMarker(s)) {
            return;
        }
        nonNull++;
        if (!leadingZero && s.length() > 1 && s.charAt(0) == '0' && Character.isDigit(s.charAt(1))) {
            leadingZero = true;
            ruleOutNumbers();
        }
        for (int i = 0; i < ORDER.length; i++) {
            if (possible[i]) {
                boolean parses = ORDER[i] == parsedType ? !noValue : parses(ORDER[i], s);
                if (!parses) {
                    ruleOut(i);
                } else if (ORDER[i] == FieldType.BOOLEAN && !(s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
                    ruleOut(i);
                } else if (ORDER[i] == FieldType.DATE && s.length() != 10) {
                    // a timestamp parses as a date when its time is cut off: only a bare date makes a date column
                    ruleOut(i);
                }
            }
        }
    }

    private boolean parses(FieldType type, String s) {
        Object v = parser.parse(type, s);
        return v != ValueParser.INVALID && v != null;
    }

    FieldType result() {
        if (nonNull == 0) {
            return FieldType.TEXT;
        }
        for (int i = 0; i < ORDER.length; i++) {
            if (!possible[i]) {
                continue;
            }
            FieldType t = ORDER[i];
            boolean numeric = t == FieldType.INT || t == FieldType.DOUBLE;
            if (numeric && (codeLike || leadingZero)) {
                continue;
            }
            return t;
        }
        return FieldType.TEXT;
    }
}
