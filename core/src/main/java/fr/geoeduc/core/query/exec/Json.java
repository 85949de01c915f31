package fr.geoeduc.core.query.exec;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** Text forms of values shared by group keys and API responses. */
public final class Json {

    private static final DateTimeFormatter ISO_OFFSET = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx");

    private Json() {
    }

    /** {@code 2021-06-23T14:59:57+00:00} in the query's timezone, as the Explore API writes datetimes. */
    public static String instant(Instant i, ZoneId zone) {
        return ISO_OFFSET.format(i.atZone(zone));
    }

    public static String number(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
}
