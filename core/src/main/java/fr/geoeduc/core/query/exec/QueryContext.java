package fr.geoeduc.core.query.exec;

import java.time.ZoneId;
import java.util.Locale;

/** Per-request settings of the language: the clause being compiled (for errors), lang and timezone. */
public record QueryContext(String clause, Locale locale, ZoneId zone) {

    public QueryContext in(String otherClause) {
        return new QueryContext(otherClause, locale, zone);
    }
}
