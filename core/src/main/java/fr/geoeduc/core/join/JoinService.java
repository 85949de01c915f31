package fr.geoeduc.core.join;

import fr.geoeduc.core.ingest.ProgressListener;
import fr.geoeduc.core.model.DatasetVersion;
import fr.geoeduc.core.quality.QualityReport;
import fr.geoeduc.core.query.Caller;
import fr.geoeduc.core.query.QueryService;
import fr.geoeduc.core.referentiel.Referentiels;
import fr.geoeduc.core.store.Store;

import java.util.ArrayList;
import java.util.List;

/**
 * The jointure tool: reads both inputs through {@link QueryService} as the caller, joins them, and publishes the
 * result as a derived dataset version. Any error (unknown dataset or field, incompatible keys, one-to-many without
 * aggregation, too many rows) is raised before anything is published.
 */
public final class JoinService {

    /** The published version, its match report, and whether it is restricted. */
    public record Outcome(DatasetVersion version, QualityReport report, JoinStats stats, boolean restricted) {
    }

    private final QueryService queries;
    private final Store store;

    /** {@code store} is only written to (publication); every read goes through {@code queries}. */
    public JoinService(QueryService queries, Store store) {
        this.queries = queries;
        this.store = store;
    }

    /** A point-in-polygon jointure ({@link SpatialSpec}), read, reported and published like a key jointure. */
    public Outcome run(Caller caller, SpatialSpec spec, ProgressListener progress) {
        InputReader reader = new InputReader(queries);
        JoinInput left = reader.read(caller, spec.left(), "gauche/left", progress);
        JoinInput right = reader.read(caller, spec.right(), "droite/right", progress);
        Referentiels referentiels = spec.compare() != null ? Referentiels.from(store) : Referentiels.builtIn();
        JoinEngine.Result result = new SpatialEngine(spec, left, right, new CommuneCodes(referentiels)).run(progress);
        List<String> notes = new ArrayList<>();
        notes.add("Jointure / join: " + spec.describe());
        if (spec.compare() != null && referentiels.history().isEmpty()) {
            notes.add("Aucun historique du COG chargé : une commune fusionnée depuis le tracé des polygones compte comme différente "
                    + "(geoeduc referentiel fetch). / No COG history loaded.");
        }
        return publish(spec, left, right, result, notes, progress);
    }

    public Outcome run(Caller caller, JoinSpec spec, ProgressListener progress) {
        InputReader reader = new InputReader(queries);
        JoinInput left = reader.read(caller, spec.left(), "gauche/left", progress);
        JoinInput right = reader.read(caller, spec.right(), "droite/right", progress);
        Referentiels referentiels = spec.hasCommuneKey() ? Referentiels.from(store) : Referentiels.builtIn();
        JoinEngine.Result result = new JoinEngine(spec, left, right, new CommuneCodes(referentiels)).run(progress);
        List<String> notes = new ArrayList<>();
        notes.add("Jointure / join: " + spec.describe());
        spec.keys().stream().filter(KeyPair::time).forEach(k -> notes.add("Règle temporelle / time rule: " + k.timeStatement()
                + " ; les deux côtés se rejoignent sur l'année de la rentrée / both sides meet on the rentrée's year"));
        if (spec.hasCommuneKey() && referentiels.history().isEmpty()) {
            notes.add("Aucun historique du COG chargé : les communes fusionnées ne se rejoignent pas (geoeduc referentiel load "
                    + "cog-mouvements …). / No COG history loaded: merged communes do not meet.");
        }
        return publish(spec, left, right, result, notes, progress);
    }

    private Outcome publish(DerivedSpec spec, JoinInput left, JoinInput right, JoinEngine.Result result, List<String> notes,
                            ProgressListener progress) {
        boolean restricted = left.restricted() || right.restricted();
        notes.add("Entrées / inputs: " + left.lineageRef() + (left.restricted() ? " (restreint / restricted)" : "") + ", "
                + right.lineageRef() + (right.restricted() ? " (restreint / restricted)" : ""));
        if (restricted) {
            notes.add("Résultat restreint : une entrée est restreinte ; il n'est servi que sous une convention couvrant ce jeu. / "
                    + "Restricted result: an input is restricted; it is served only under a convention covering this dataset.");
        }
        QualityReport report = result.stats().toReport(spec.resultId(), result.rows().size(), notes);
        progress.step("publication / publishing " + spec.resultId(), result.rows().size());
        DatasetVersion version = new DerivedPublisher(store).publish(spec, restricted, result.schema(), result.rows(), report,
                List.of(left.lineageRef(), right.lineageRef()));
        progress.done();
        return new Outcome(version, report, result.stats(), restricted);
    }
}
