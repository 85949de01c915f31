package fr.geoeduc.server.web;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How the French pages write dates and counts: "5 décembre 2026 à 19:30", "7 654". */
public final class Formats {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMMM yyyy 'à' HH:mm", Locale.FRENCH)
            .withZone(ZoneId.of("Europe/Paris"));

    private Formats() {
    }

    public static String date(Instant instant) {
        return instant == null ? "" : DATE.format(instant);
    }

    /** A day in French: « 4 décembre 2027 ». */
    public static String day(java.time.LocalDate day) {
        return day.format(java.time.format.DateTimeFormatter.ofPattern("d MMMM yyyy", java.util.Locale.FRENCH));
    }

    /** A wait in French words: « 45 secondes », « 3 minutes ». */
    public static String duration(java.time.Duration d) {
        long s = Math.max(1, d.toSeconds());
        return s < 120 ? s + (s > 1 ? " secondes" : " seconde") : (s + 59) / 60 + " minutes";
    }

    public static String count(long n) {
        return String.format(Locale.FRENCH, "%,d", n);
    }
}
