package fr.geoeduc.core.join;

import fr.geoeduc.core.ingest.ProgressListener;
import fr.geoeduc.core.model.DatasetVersion;
import fr.geoeduc.core.quality.QualityReport;
import fr.geoeduc.core.access.Caller;
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

    /** A spec's run: the published version, the match report (every step's), each step's counts. */
    public record PlanOutcome(Outcome outcome, List<JoinStats> steps) {
    }

    /**
     * Runs a spec file's joins in order, each on the result of the previous one, and publishes the last result. An error
     * names the spec's line of the join that failed; nothing is published.
     */
    public PlanOutcome run(Caller caller, JoinPlan plan, ProgressListener progress) {
        return run(caller, plan, progress, true);
    }

    /**
     * A spec's match report without publishing anything: the same reads as the caller, the same joins, the same report
     * (the web page's check before saving). Errors as for {@link #run}.
     */
    public QualityReport check(Caller caller, JoinPlan plan) {
        return preview(caller, plan, 0).report();
    }

    /** A check's match report with the result's field names and its first rows (at most {@code limit}), as the caller reads them. */
    public record Preview(QualityReport report, List<String> fields, List<Object[]> rows) {
    }

    /** {@link #check} with the first {@code limit} rows of the result that publishing would give; nothing is published. */
    public Preview preview(Caller caller, JoinPlan plan, int limit) {
        List<String> fields = new ArrayList<>();
        List<Object[]> rows = new ArrayList<>();
        PlanOutcome o = run(caller, plan, ProgressListener.NONE, false, (schema, all) -> {
            schema.fields().forEach(f -> fields.add(f.name()));
            rows.addAll(all.subList(0, Math.min(limit, all.size())));
        });
        return new Preview(o.outcome().report(), fields, rows);
    }

    private PlanOutcome run(Caller caller, JoinPlan plan, ProgressListener progress, boolean publish) {
        return run(caller, plan, progress, publish, (schema, rows) -> { });
    }

    private PlanOutcome run(Caller caller, JoinPlan plan, ProgressListener progress, boolean publish,
                            java.util.function.BiConsumer<fr.geoeduc.core.model.Schema, List<Object[]>> resultRows) {
        InputReader reader = new InputReader(queries);
        JoinInput current;
        try {
            current = reader.read(caller, plan.from(), "de départ", progress);
        } catch (JoinException e) {
            throw new JoinException(plan.source() + ", from : " + e.getMessage());
        }
        List<String> parents = new ArrayList<>(List.of(current.lineageRef()));
        List<String> hashed = new ArrayList<>(List.of(current.hashedRef()));
        boolean restricted = current.restricted();
        Referentiels referentiels = Referentiels.from(store);
        CommuneCodes communes = new CommuneCodes(referentiels);
        List<String> notes = new ArrayList<>(List.of("Spécification : " + plan.describe()));
        List<fr.geoeduc.core.quality.RuleResult> results = new ArrayList<>();
        List<JoinStats> steps = new ArrayList<>();
        JoinEngine.Result result = null;
        for (int i = 0; i < plan.steps().size(); i++) {
            JoinPlan.Step step = plan.steps().get(i);
            String label = "jointure " + (i + 1) + " (" + step.dataset() + ")";
            try {
                JoinInput right = reader.read(caller, step.dataset(), "de droite", progress);
                parents.add(right.lineageRef());
                hashed.add(right.hashedRef());
                restricted |= right.restricted();
                List<String> stepNotes = new ArrayList<>();
                result = switch (step) {
                    case JoinPlan.KeyStep k -> {
                        List<KeyPair> keys = new ArrayList<>();
                        for (String text : k.on()) {
                            keys.add(resolve(KeyPair.parse(text, false), current, right, stepNotes));
                        }
                        for (String text : k.commune()) {
                            keys.add(resolve(KeyPair.parse(text, true), current, right, stepNotes));
                        }
                        JoinInput kept = k.latest() == null ? right : latest(right, keys, k.latest(), stepNotes);
                        JoinSpec spec = new JoinSpec(current.datasetId(), right.datasetId(), keys, k.how(), k.aggregate(), k.fanOut(),
                                plan.id(), plan.title(), plan.maxRows(), k.fields());
                        keys.stream().filter(KeyPair::time).forEach(t -> stepNotes.add("règle temporelle : " + t.timeStatement()));
                        yield new JoinEngine(spec, current, kept, communes).run(progress);
                    }
                    case JoinPlan.SpatialStep sp -> {
                        KeyPair check = sp.check() == null ? null : KeyPair.parse(sp.check(), true);
                        SpatialSpec spec = new SpatialSpec(current.datasetId(), right.datasetId(), sp.point(), sp.polygon(), sp.fields(),
                                check, sp.toleranceMetres(), sp.inner(), plan.id(), plan.title(), plan.maxRows());
                        yield new SpatialEngine(spec, current, right, communes, PolygonIndexCache.of(store)).run(progress);
                    }
                    case JoinPlan.ProximityStep px -> {
                        ProximitySpec spec = new ProximitySpec(current.datasetId(), right.datasetId(), px.mode(), px.k(), px.distanceMetres(),
                                px.point(), px.target(), px.fields(), px.inner(), plan.id(), plan.title(), plan.maxRows());
                        stepNotes.add(spec.describe());
                        yield new ProximityEngine(spec, current, right).run(progress);
                    }
                };
                steps.add(result.stats());
                String suffix = plan.steps().size() > 1 ? "-" + (i + 1) : "";
                fr.geoeduc.core.quality.QualityReport part = result.stats().toReport(plan.id(), result.rows().size(), List.of());
                part.results().forEach(r -> results.add(new fr.geoeduc.core.quality.RuleResult(r.rule() + suffix, r.severity(),
                        (suffix.isEmpty() ? "" : label + " : ") + r.title(), r.titleEn(), r.count(), r.examples())));
                stepNotes.forEach(n -> notes.add(label + " : " + n));
                part.notes().forEach(n -> notes.add(label + " : " + n));
                current = current.intermediate(plan.id() + "#" + (i + 1), result.schema(), result.rows());
            } catch (JoinException e) {
                throw new JoinException(plan.source() + ", ligne " + step.line() + ", " + label + " : " + e.getMessage());
            }
        }
        notes.add("Entrées : " + String.join(", ", hashed) + (restricted ? " — résultat restreint : une entrée est restreinte" : ""));
        fr.geoeduc.core.quality.QualityReport report = new fr.geoeduc.core.quality.QualityReport(plan.id(), result.rows().size(), results, notes);
        resultRows.accept(result.schema(), result.rows());
        if (!publish) {
            return new PlanOutcome(new Outcome(null, report, steps.get(steps.size() - 1), restricted), steps);
        }
        progress.step("publication de " + plan.id(), result.rows().size());
        DatasetVersion version = new DerivedPublisher(store).publish(plan, restricted, result.schema(), result.rows(), report, parents, hashed);
        progress.done();
        return new PlanOutcome(new Outcome(version, report, steps.get(steps.size() - 1), restricted), steps);
    }

    /**
     * What changed since the last publication of {@code plan}: each input whose latest version the caller sees differs
     * from the one in the result's lineage ({@code fr-en-ips_ecoles@1 → @2}); every input when never published.
     */
    public List<String> changedInputs(Caller caller, JoinPlan plan) {
        List<String> inputs = new ArrayList<>(List.of(plan.from()));
        plan.steps().forEach(s -> inputs.add(s.dataset()));
        List<String> before = store.latest(plan.id()).map(v -> v.lineage().parents()).orElse(List.of());
        List<String> changed = new ArrayList<>();
        for (String id : inputs) {
            String now = queries.dataset(caller, id, null).map(v -> id + "@" + v.version().number()).orElse(id + "@?");
            if (!before.contains(now)) {
                changed.add(before.stream().filter(b -> b.startsWith(id + "@")).findFirst().map(b -> b + " → " + now).orElse(now));
            }
        }
        return changed;
    }

    /**
     * The SHA-256 each input of a published jointure records ({@code dataset@version} → hex), for the inputs the caller
     * may see: read from the inputs' versions, so the same answer as when the result was published.
     */
    public java.util.Map<String, String> inputHashes(Caller caller, DatasetVersion result) {
        java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
        for (String parent : result.lineage() == null ? List.<String>of() : result.lineage().parents()) {
            int at = parent.lastIndexOf('@');
            if (at <= 0) {
                continue;
            }
            try {
                int number = Integer.parseInt(parent.substring(at + 1));
                queries.dataset(caller, parent.substring(0, at), number)
                        .filter(v -> v.version().lineage() != null && v.version().lineage().sha256() != null)
                        .ifPresent(v -> out.put(parent, v.version().lineage().sha256()));
            } catch (NumberFormatException e) {
                // not a dataset@version reference
            }
        }
        return out;
    }

    /**
     * "Latest available per key": the right rows whose {@code field} names the latest rentrée or year among the rows of
     * the same key (keys other than time keys), the others left out and counted in the report's notes.
     */
    private static JoinInput latest(JoinInput right, List<KeyPair> keys, String field, List<String> notes) {
        FieldResolver.Resolved f = FieldResolver.resolve(right, field, "de droite");
        int column = right.schema().indexOf(f.field());
        int[] keyColumns = keys.stream().filter(k -> !k.time()).mapToInt(k -> right.schema().indexOf(k.right())).toArray();
        java.util.Map<List<Object>, Integer> max = new java.util.HashMap<>();
        List<List<Object>> rowKeys = new ArrayList<>();
        int[] years = new int[right.rows().size()];
        for (int j = 0; j < years.length; j++) {
            Object[] r = right.rows().get(j);
            List<Object> key = new ArrayList<>();
            for (int c : keyColumns) {
                key.add(r[c] == null ? null : r[c].toString().strip().toUpperCase(java.util.Locale.ROOT));
            }
            rowKeys.add(key);
            String y = TimeRule.RENTREE.rentreeYear(r[column]);
            years[j] = y == null ? Integer.MIN_VALUE : Integer.parseInt(y);
            max.merge(key, years[j], Math::max);
        }
        List<Object[]> rows = new ArrayList<>();
        for (int j = 0; j < years.length; j++) {
            if (years[j] != Integer.MIN_VALUE && years[j] == max.get(rowKeys.get(j))) {
                rows.add(right.rows().get(j));
            }
        }
        notes.add("dernière valeur par clé : lignes de " + right.datasetId() + " de la dernière rentrée ou année de "
                + f.field() + " pour chaque clé ; " + (years.length - rows.size()) + " ligne(s) plus ancienne(s) ou sans valeur écartée(s)");
        return new JoinInput(right.datasetId(), right.version(), right.restricted(), right.schema(), rows, right.roles(), right.sha256());
    }

    /** The key with each side's field found by name or role, and rentrée fields aligned on the rentrée's year. */
    private static KeyPair resolve(KeyPair k, JoinInput left, JoinInput right, List<String> notes) {
        FieldResolver.Resolved l = FieldResolver.resolve(left, k.left(), "de gauche");
        FieldResolver.Resolved r = FieldResolver.resolve(right, k.right(), "de droite");
        notes.add("clé " + k.left() + (k.left().equals(k.right()) ? "" : "=" + k.right()) + " : " + l.field() + " (" + l.how() + ") = "
                + r.field() + " (" + r.how() + ")");
        if (!k.time() && !k.commune() && FieldResolver.isRentree(left, l.field()) && FieldResolver.isRentree(right, r.field())) {
            // the rentrée role of an exam's results is its session: session N closes the school year of rentrée N-1
            return new KeyPair(l.field(), r.field(), false, l.field().contains("session") ? TimeRule.SESSION : TimeRule.RENTREE,
                    r.field().contains("session") ? TimeRule.SESSION : TimeRule.RENTREE);
        }
        return new KeyPair(l.field(), r.field(), k.commune(), k.leftTime(), k.rightTime());
    }

    /** A point-in-polygon jointure ({@link SpatialSpec}), read, reported and published like a key jointure. */
    public Outcome run(Caller caller, SpatialSpec spec, ProgressListener progress) {
        InputReader reader = new InputReader(queries);
        JoinInput left = reader.read(caller, spec.left(), "de gauche", progress);
        JoinInput right = reader.read(caller, spec.right(), "de droite", progress);
        Referentiels referentiels = spec.compare() != null ? Referentiels.from(store) : Referentiels.builtIn();
        JoinEngine.Result result = new SpatialEngine(spec, left, right, new CommuneCodes(referentiels), PolygonIndexCache.of(store)).run(progress);
        List<String> notes = new ArrayList<>();
        notes.add("Jointure : " + spec.describe());
        if (spec.compare() != null && referentiels.history().isEmpty()) {
            notes.add("Aucun historique du COG chargé : une commune fusionnée depuis le tracé des polygones compte comme différente "
                    + "(geoeduc referentiel fetch).");
        }
        return publish(spec, left, right, result, notes, progress);
    }

    /** A proximity jointure ({@link ProximitySpec}: k nearest, or all within a distance), read, reported and published. */
    public Outcome run(Caller caller, ProximitySpec spec, ProgressListener progress) {
        InputReader reader = new InputReader(queries);
        JoinInput left = reader.read(caller, spec.left(), "de gauche", progress);
        JoinInput right = reader.read(caller, spec.right(), "de droite", progress);
        JoinEngine.Result result = new ProximityEngine(spec, left, right).run(progress);
        List<String> notes = new ArrayList<>();
        notes.add("Jointure : " + spec.describe());
        return publish(spec, left, right, result, notes, progress);
    }

    public Outcome run(Caller caller, JoinSpec spec, ProgressListener progress) {
        InputReader reader = new InputReader(queries);
        JoinInput left = reader.read(caller, spec.left(), "de gauche", progress);
        JoinInput right = reader.read(caller, spec.right(), "de droite", progress);
        Referentiels referentiels = spec.hasCommuneKey() ? Referentiels.from(store) : Referentiels.builtIn();
        JoinEngine.Result result = new JoinEngine(spec, left, right, new CommuneCodes(referentiels)).run(progress);
        List<String> notes = new ArrayList<>();
        notes.add("Jointure : " + spec.describe());
        spec.keys().stream().filter(KeyPair::time).forEach(k -> notes.add("Règle temporelle : " + k.timeStatement()
                + " ; les deux côtés se rejoignent sur l'année de la rentrée"));
        if (spec.hasCommuneKey() && referentiels.history().isEmpty()) {
            notes.add("Aucun historique du COG chargé : les communes fusionnées ne se rejoignent pas (geoeduc referentiel load "
                    + "cog-mouvements …).");
        }
        return publish(spec, left, right, result, notes, progress);
    }

    private Outcome publish(DerivedSpec spec, JoinInput left, JoinInput right, JoinEngine.Result result, List<String> notes,
                            ProgressListener progress) {
        boolean restricted = left.restricted() || right.restricted();
        notes.add("Entrées : " + left.hashedRef() + (left.restricted() ? " (restreinte)" : "") + ", "
                + right.hashedRef() + (right.restricted() ? " (restreinte)" : ""));
        if (restricted) {
            notes.add("Résultat restreint : une entrée est restreinte ; il n'est servi que sous une convention couvrant ce jeu.");
        }
        QualityReport report = result.stats().toReport(spec.resultId(), result.rows().size(), notes);
        progress.step("publication de " + spec.resultId(), result.rows().size());
        DatasetVersion version = new DerivedPublisher(store).publish(spec, restricted, result.schema(), result.rows(), report,
                List.of(left.lineageRef(), right.lineageRef()), List.of(left.hashedRef(), right.hashedRef()));
        progress.done();
        return new Outcome(version, report, result.stats(), restricted);
    }
}
