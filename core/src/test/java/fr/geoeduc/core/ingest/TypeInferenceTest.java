package fr.geoeduc.core.ingest;

import fr.geoeduc.core.model.FieldType;
import fr.geoeduc.core.model.Names;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link TypeInference}'s shortcuts (numbers never tried on a code-like or leading-zero column, a column with no type
 * left but text no longer read, a cell not parsed again as the type it was already parsed as) infer exactly what the
 * former definition below infers, after every value of 4,000 generated columns mixing the shapes of the ministry's files.
 */
class TypeInferenceTest {

    /** The former TypeInference, every candidate tried on every non-null value. */
    private static final class Former {
        private static final Pattern CODE_NAME = Pattern.compile(
                "(^|_)(code|uai|rne|siren|siret|insee|cp|postal|telephone|tel|fax|numero|num|id|identifiant|commune|departement|dep|academie|region|ine|mef|epci|iris|nature)(_|$)");
        private static final FieldType[] ORDER = {FieldType.INT, FieldType.DOUBLE, FieldType.BOOLEAN, FieldType.DATE,
                FieldType.DATETIME, FieldType.GEO_POINT_2D, FieldType.GEO_SHAPE};
        private final boolean codeLike;
        private final boolean[] possible = new boolean[ORDER.length];
        private boolean leadingZero;
        private long nonNull;
        private final ValueParser parser = new ValueParser();

        Former(String header) {
            codeLike = CODE_NAME.matcher(Names.normalise(header)).find();
            Arrays.fill(possible, true);
        }

        void accept(String cell) {
            if (cell == null) {
                return;
            }
            String s = cell.strip();
            if (s.isEmpty() || ValueParser.isNullMarker(s)) {
                return;
            }
            nonNull++;
            if (s.length() > 1 && s.charAt(0) == '0' && Character.isDigit(s.charAt(1))) {
                leadingZero = true;
            }
            for (int i = 0; i < ORDER.length; i++) {
                if (possible[i]) {
                    Object v = parser.parse(ORDER[i], s);
                    if (v == ValueParser.INVALID || v == null) {
                        possible[i] = false;
                    } else if (ORDER[i] == FieldType.BOOLEAN && !(s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
                        possible[i] = false;
                    } else if (ORDER[i] == FieldType.DATE && s.length() != 10) {
                        possible[i] = false;
                    }
                }
            }
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
                if ((t == FieldType.INT || t == FieldType.DOUBLE) && (codeLike || leadingZero)) {
                    continue;
                }
                return t;
            }
            return FieldType.TEXT;
        }
    }

    private static final List<String> HEADERS = List.of("valeur", "effectif", "code_postal", "Code commune", "numero_uai",
            "latitude", "position", "date_ouverture", "ouvert", "libelle", "ips", "mise_a_jour", "taux");

    /** Values of every shape type inference meets, near misses included. */
    private static final List<String> VALUES = List.of("", " ", "NS", "SANS OBJET", "-", "nd", "12", "-3", "0", "1", "007",
            "35238", "1.0", "2.5", "74,3", "81,7%", "1 234", "1e3", "NaN", "0350001A", "true", "FALSE", "oui", "2024-09-02",
            "02/09/2024", "2024-09-02T08:30:15Z", "2024-09-02 08:30", "48.11, -1.68", "48.11,-1.68, 3", "91.0, 0",
            "{\"type\":\"Point\",\"coordinates\":[1,2]}", "{oops", "Collège Jean Macé", "C0LLEGE", "12 rue", "9999999999999999999");

    private static final List<FieldType> TOLD = List.of(FieldType.INT, FieldType.DOUBLE, FieldType.BOOLEAN, FieldType.DATE,
            FieldType.DATETIME, FieldType.GEO_POINT_2D, FieldType.GEO_SHAPE);

    @Test
    void infersAsTheFormerDefinitionAfterEveryValue() {
        Random random = new Random(22);
        ValueParser parser = new ValueParser();
        Map<FieldType, Integer> results = new EnumMap<>(FieldType.class);
        for (int column = 0; column < 4_000; column++) {
            String header = HEADERS.get(random.nextInt(HEADERS.size()));
            // a column mostly of one shape, with some others mixed in late or early
            List<String> pool = new ArrayList<>();
            String main = VALUES.get(random.nextInt(VALUES.size()));
            for (int k = 0; k < 8; k++) {
                pool.add(main);
            }
            int others = random.nextInt(4);
            for (int k = 0; k < others; k++) {
                pool.add(VALUES.get(random.nextInt(VALUES.size())));
            }
            TypeInference shortcut = new TypeInference(header, parser);
            // told whether each cell parses as a type, as the version built under a guessed type tells it
            FieldType told = TOLD.get(random.nextInt(TOLD.size()));
            TypeInference hinted = new TypeInference(header, parser);
            Former former = new Former(header);
            int n = 1 + random.nextInt(40);
            for (int i = 0; i < n; i++) {
                String v = pool.get(random.nextInt(pool.size()));
                if (random.nextInt(10) == 0) {
                    v = null;
                }
                shortcut.accept(v);
                Object parsed = parser.parse(told, v); // as RowProcessor: the cell as read, not stripped
                hinted.accept(v, told, parsed == null || parsed == ValueParser.INVALID);
                former.accept(v);
                assertThat(shortcut.result()).as("%s after %d values of %s", header, i + 1, pool).isEqualTo(former.result());
                assertThat(hinted.result()).as("%s told %s, after %d values of %s", header, told, i + 1, pool)
                        .isEqualTo(former.result());
                if (shortcut.settled()) {
                    assertThat(former.result()).isEqualTo(FieldType.TEXT);
                }
            }
            results.merge(shortcut.result(), 1, Integer::sum);
        }
        // the corpus reaches every type inference can give
        assertThat(results.keySet()).contains(FieldType.INT, FieldType.DOUBLE, FieldType.BOOLEAN, FieldType.DATE,
                FieldType.DATETIME, FieldType.GEO_POINT_2D, FieldType.GEO_SHAPE, FieldType.TEXT);
    }
}
