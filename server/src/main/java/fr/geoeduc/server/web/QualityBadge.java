package fr.geoeduc.server.web;

import fr.geoeduc.core.quality.QualityReport;
import fr.geoeduc.core.quality.Severity;

/** The summary of a quality report as a DSFR badge: its level (error, warning, success) and its French text. */
public record QualityBadge(String level, String text) {

    public static QualityBadge of(QualityReport report) {
        if (report == null) {
            return null;
        }
        long errors = report.count(Severity.ERROR);
        long warnings = report.count(Severity.WARNING);
        String level = errors > 0 ? "error" : warnings > 0 ? "warning" : "success";
        return new QualityBadge(level, errors + " erreur" + (errors > 1 ? "s" : "") + ", " + warnings + " avertissement"
                + (warnings > 1 ? "s" : ""));
    }
}
