package fr.geoeduc.core.ingest;

import fr.geoeduc.core.quality.QualityReport;
import fr.geoeduc.core.quality.Severity;

/** An ingest asked to refuse a file with errors found some: nothing was published; the report says what to fix. */
public final class IngestRefused extends IngestException {

    private final transient QualityReport report;

    public IngestRefused(String file, QualityReport report) {
        super(file + " : " + report.count(Severity.ERROR) + " anomalie(s) de niveau erreur, fichier refusé (--refuse-on-error) ; "
                + "rien n'a été publié, la version précédente reste en place. Corrigez la source (détail ci-dessus) ou publiez sans "
                + "--refuse-on-error. / " + report.count(Severity.ERROR) + " error-level finding(s), file refused: nothing was published.");
        this.report = report;
    }

    public QualityReport report() {
        return report;
    }
}
