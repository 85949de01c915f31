package fr.geoeduc.core.join;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A join spec file: the dataset to start {@code from}, then joins applied in order (each to the result of the previous
 * one), published as the derived dataset {@code id}. Field names are as each dataset calls them; a name the dataset does
 * not have is looked up by role (the UAI, the rentrée, the commune) — see {@link FieldResolver}.
 *
 * @param source the spec's name (its file), named in every error with the line
 * @param text   the spec as written, kept to run it again ({@code join refresh})
 */
public record JoinPlan(String id, String title, String from, List<Step> steps, long maxRows, String source, String text)
        implements DerivedSpec {

    public JoinPlan {
        steps = List.copyOf(steps);
        maxRows = maxRows <= 0 ? JoinSpec.DEFAULT_MAX_ROWS : maxRows;
    }

    /** One join of the spec, with the line it starts on. */
    public sealed interface Step {
        String dataset();

        int line();

        List<String> fields();
    }

    /**
     * A join by key: each {@code on} entry is a name both datasets know ({@code uai}), or {@code GAUCHE=DROITE}, or a time
     * key ({@code rentree_scolaire:rentree=session:session}); {@code commune} entries meet through the COG history;
     * {@code latest} keeps, per key, only the dataset's rows of the latest rentrée or year in that field.
     */
    public record KeyStep(String dataset, List<String> on, List<String> commune, JoinKind how, List<String> fields,
                          List<FieldAggregation> aggregate, boolean fanOut, String latest, int line) implements Step {
        public KeyStep {
            on = List.copyOf(on);
            commune = List.copyOf(commune);
            fields = List.copyOf(fields);
            aggregate = List.copyOf(aggregate);
        }
    }

    /** A point-in-polygon join: the result's points in the dataset's polygons. */
    public record SpatialStep(String dataset, String point, String polygon, String check, double toleranceMetres, boolean inner,
                              List<String> fields, int line) implements Step {
        public SpatialStep {
            fields = List.copyOf(fields);
        }
    }

    /** A proximity join: the k nearest points of the dataset ({@code nearest}), or all within a distance ({@code within}). */
    public record ProximityStep(String dataset, ProximitySpec.Mode mode, int k, double distanceMetres, String point, String target,
                                boolean inner, List<String> fields, int line) implements Step {
        public ProximityStep {
            fields = List.copyOf(fields);
        }
    }

    @Override
    public String resultId() {
        return id;
    }

    @Override
    public String describe() {
        return "spécification " + id + " : " + from + steps.stream().map(s -> switch (s) {
            case KeyStep k -> " ⋈ " + k.dataset() + " (" + k.how().code() + " sur " + String.join(", ", k.on())
                    + (k.commune().isEmpty() ? "" : " ; commune " + String.join(", ", k.commune()))
                    + (k.latest() == null ? "" : " ; dernière valeur de " + k.latest()) + ")";
            case SpatialStep sp -> " ⋈ " + sp.dataset() + " (point dans polygone"
                    + (sp.check() == null ? "" : " ; contrôle " + sp.check()) + ")";
            case ProximityStep p -> " ⋈ " + p.dataset() + (p.mode() == ProximitySpec.Mode.NEAREST
                    ? " (les " + p.k() + " plus proches" + (p.distanceMetres() > 0 ? " ≤ " + (long) p.distanceMetres() + " m" : "") + ")"
                    : " (à moins de " + (long) p.distanceMetres() + " m)");
        }).collect(Collectors.joining());
    }
}
