package fr.geoeduc.core.quality;

import java.util.Comparator;

/** The quality report as text a data team reads in a terminal: French first, rule ids for searching. */
public final class QualityText {

    private QualityText() {
    }

    public static String render(QualityReport report, int version) {
        StringBuilder sb = new StringBuilder();
        sb.append("Rapport qualité / quality report — ").append(report.datasetId()).append(" v").append(version)
                .append(" — ").append(report.rowsChecked()).append(" lignes vérifiées / rows checked\n");
        sb.append("  erreurs/errors: ").append(report.count(Severity.ERROR))
                .append("  avertissements/warnings: ").append(report.count(Severity.WARNING))
                .append("  informations: ").append(report.count(Severity.INFO)).append('\n');
        if (report.results().isEmpty()) {
            sb.append("\n  Aucune anomalie / no finding.\n");
        }
        report.results().stream().sorted(Comparator.comparing(RuleResult::severity)).forEach(r -> {
            sb.append('\n').append(label(r.severity())).append(' ').append(r.rule()).append(" — ").append(r.title())
                    .append(" / ").append(r.titleEn()).append(" : ").append(r.count()).append('\n');
            for (Finding f : r.examples()) {
                sb.append("    ").append(f.where());
                if (f.field() != null) {
                    sb.append(", ").append(f.field());
                }
                if (f.value() != null) {
                    sb.append(" = «").append(f.value()).append('»');
                }
                sb.append(" : ").append(f.message()).append('\n');
            }
            if (r.count() > r.examples().size()) {
                sb.append("    … ").append(r.count() - r.examples().size()).append(" autres / more\n");
            }
        });
        for (String note : report.notes()) {
            sb.append("\nNote : ").append(note).append('\n');
        }
        return sb.toString();
    }

    private static String label(Severity s) {
        return switch (s) {
            case ERROR -> "[ERREUR]";
            case WARNING -> "[ATTENTION]";
            case INFO -> "[INFO]";
        };
    }
}
