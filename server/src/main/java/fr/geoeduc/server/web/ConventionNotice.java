package fr.geoeduc.server.web;

import fr.geoeduc.core.access.Convention;
import fr.geoeduc.core.query.QueryService;

import java.util.stream.Collectors;

/** What a page says of the convention under which a restricted dataset is shown: its title, purposes and last day. */
public record ConventionNotice(String title, String number, String purposes, String lastDay) {

    /** Null for open data. */
    public static ConventionNotice of(QueryService.Visible dataset) {
        Convention c = dataset.convention();
        if (c == null) {
            return null;
        }
        String purposes = c.purposes().stream().map(Convention.Purpose::label).collect(Collectors.joining(" ; "));
        java.time.LocalDate last = c.lifeCycle() == null ? null : c.lifeCycle().lastDay();
        return new ConventionNotice(c.title(), c.number(), purposes, last == null ? null : Formats.day(last));
    }
}
