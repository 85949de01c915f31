package fr.geoeduc.core.join;

import java.time.LocalDate;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a time field of one side names a school year, so that fields of different kinds meet on the year the school
 * year began: a rentrée ({@code 2022-2023}, {@code 2022/2023} or {@code annee_rentree} 2022) is its first year; a
 * DNB or baccalauréat session (2023) closes the school year that began the year before (2022); a date falls in the
 * school year that began on the last 1 September.
 */
public enum TimeRule {
    RENTREE("rentree", "rentrée N-N+1 ou année de rentrée N → N"),
    SESSION("session", "session N (examen de fin d'année) → rentrée N-1");

    private static final Pattern SCHOOL_YEAR = Pattern.compile("\\s*(\\d{4})\\s*[-/]\\s*(\\d{2}|\\d{4})\\s*");
    private static final Pattern YEAR = Pattern.compile("\\s*(\\d{4})(?:\\.0+)?\\s*");

    private final String code;
    private final String statement;

    TimeRule(String code, String statement) {
        this.code = code;
        this.statement = statement;
    }

    public String code() {
        return code;
    }

    /** The rule in words, stated in the match report. */
    public String statement() {
        return statement;
    }

    public static TimeRule parse(String text) {
        for (TimeRule r : values()) {
            if (r.code.equals(text.strip().toLowerCase(Locale.ROOT).replace("é", "e"))) {
                return r;
            }
        }
        throw new JoinException("règle temporelle inconnue '" + text + "' (rentree ou session)");
    }

    /** The first year of the school year the value names, as text; null when the value names none (empty, unreadable). */
    String rentreeYear(Object value) {
        int year;
        switch (value) {
            case null -> {
                return null;
            }
            case LocalDate d -> year = d.getMonthValue() >= 9 ? d.getYear() : d.getYear() - 1;
            case Number n -> year = n.intValue();
            default -> {
                String s = value.toString();
                Matcher m = SCHOOL_YEAR.matcher(s);
                if (m.matches()) {
                    if (this == SESSION) {
                        return null; // a session is one year; "2022-2023" under the session rule is a mistake, not a match
                    }
                    return m.group(1);
                }
                Matcher y = YEAR.matcher(s);
                if (!y.matches()) {
                    return null;
                }
                year = Integer.parseInt(y.group(1));
            }
        }
        return Integer.toString(this == SESSION && !(value instanceof LocalDate) ? year - 1 : year);
    }
}
