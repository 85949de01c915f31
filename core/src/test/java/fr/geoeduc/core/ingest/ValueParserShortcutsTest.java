package fr.geoeduc.core.ingest;

import org.junit.jupiter.api.Test;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The early refusals of {@link ValueParser#parseDateTime} and {@link ValueParser#isNullMarker} (taken to spare type
 * inference a regular expression, an exception or a hash per cell) answer exactly as the full definitions below, which
 * are the former code, on date-times of every accepted shape, their near misses, codes, numbers and text.
 */
class ValueParserShortcutsTest {

    private static final Set<String> MARKERS = Set.of("NS", "NA", "ND", "N/A", "SANS OBJET", "-", "- -", "--", "!!", "NULL", "null",
            "NC", "nc", "ns", "nd", "na");

    private static Object fullDateTime(String s) {
        try {
            if (s.endsWith("Z") || s.matches(".*[+-]\\d{2}:\\d{2}$")) {
                return OffsetDateTime.parse(s).toInstant();
            }
            if (s.length() == 10) {
                Object d = ValueParser.parseDate(s);
                return d instanceof java.time.LocalDate date ? date.atStartOfDay().toInstant(ZoneOffset.UTC) : ValueParser.INVALID;
            }
            return LocalDateTime.parse(s.replace(' ', 'T')).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return ValueParser.INVALID;
        }
    }

    private static List<String> corpus() {
        List<String> out = new ArrayList<>(List.of("", " ", "2024-09-02", "02/09/2024", "2024-09-02T08:30", "2024-09-02 08:30:15",
                "2024-09-02T08:30:15Z", "2024-09-02T08:30:15+02:00", "2024-09-02T08:30:15.123-05:30", "+12024-09-02T08:30:00Z",
                "-0001-01-01T00:00:00Z", "+2024-09-02T08:30:00", "2024-9-02T08:30", "2024/09/02 08:30", "20240902T083000",
                "2024-13-02T08:30", "2024-02-30T08:30", "0350001A", "35238", "-1.5", "+3", "48.117266", "Collège Jean Macé",
                "RENNES", "NA", " NS ", "SANS OBJET", "- -", "--", "!!", "null", "Null", "nc", "N/A ", "2024-09-02Z",
                "1999-12-31T23:59:59+0100", "1999-12-31T23:59:59+01:00:00", "T08:30", "08:30", "2024", "2024-09",
                "12:00+01:00", "x+01:00", "Zz", "Z", "2024-09-0Z", "2024+01:00", "02/09/202Z", "1234-5+0:00", "+024-09-02",
                "-024-09-02", "2024-09-2Z", "0000-00-00", "2024-02-29", "2023-02-29"));
        Random random = new Random(22);
        String alphabet = "0123456789-+:TZ /.aA ";
        for (int i = 0; i < 20_000; i++) {
            StringBuilder b = new StringBuilder();
            if (random.nextBoolean()) { // a date-time with one character changed
                b.append(String.format("%04d-%02d-%02dT%02d:%02d:%02d", random.nextInt(3000), 1 + random.nextInt(12), 1 + random.nextInt(28),
                        random.nextInt(24), random.nextInt(60), random.nextInt(60)));
                if (random.nextBoolean()) {
                    b.append(random.nextBoolean() ? "Z" : String.format("%+03d:%02d", random.nextInt(25) - 12, random.nextInt(60)));
                }
                if (random.nextInt(3) == 0) {
                    b.setCharAt(random.nextInt(b.length()), alphabet.charAt(random.nextInt(alphabet.length())));
                }
                if (random.nextInt(5) == 0) {
                    b.setLength(random.nextInt(b.length() + 1));
                }
            } else {
                int n = random.nextInt(14);
                for (int k = 0; k < n; k++) {
                    b.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
            }
            out.add(b.toString());
        }
        return out;
    }

    @Test
    void dateTimesAnswerAsTheFullDefinition() {
        int parsed = 0;
        for (String s : corpus()) {
            String t = s.strip();
            Object expected = fullDateTime(t);
            assertThat(ValueParser.parseDateTime(t)).as("«%s»", t).isEqualTo(expected);
            if (expected != ValueParser.INVALID) {
                parsed++;
            }
        }
        assertThat(parsed).as("date-times that parse in the corpus").isGreaterThan(5_000);
    }

    @Test
    void nullMarkersAnswerAsTheFullDefinition() {
        for (String s : corpus()) {
            assertThat(ValueParser.isNullMarker(s)).as("«%s»", s).isEqualTo(MARKERS.contains(s.strip()));
        }
        assertThat(ValueParser.isNullMarker(" SANS OBJET ")).isTrue();
        assertThat(ValueParser.isNullMarker("35238")).isFalse();
    }
}
