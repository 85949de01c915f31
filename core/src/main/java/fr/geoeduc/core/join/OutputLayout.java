package fr.geoeduc.core.join;

import fr.geoeduc.core.model.Field;
import fr.geoeduc.core.model.FieldType;
import fr.geoeduc.core.model.Schema;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The fields of a jointure's result: every left field, then the right part (the aggregations, or every right field
 * but the exact key fields, a name already taken getting {@code _droite}), then {@code jointure_statut} and, for a
 * commune key, {@code jointure_regle}.
 */
final class OutputLayout {

    static final String STATUS = "jointure_statut";
    static final String RULE = "jointure_regle";

    final Schema schema;
    /** For each right output field: its right column (copied fields) or -1 (aggregations). */
    final int[] rightColumns;
    final int rightStart;
    final int statusIndex;
    final int ruleIndex;

    OutputLayout(JoinSpec spec, JoinInput left, JoinInput right) {
        List<Field> fields = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Field f : left.schema().fields()) {
            fields.add(copied(f, f.name()));
            names.add(f.name());
        }
        rightStart = fields.size();
        List<Integer> columns = new ArrayList<>();
        if (!spec.aggregations().isEmpty()) {
            for (FieldAggregation a : spec.aggregations()) {
                FieldType source = right.field(a.field(), "de droite").type();
                if (a.function().numeric() && source != FieldType.INT && source != FieldType.DOUBLE) {
                    throw new JoinException("agrégation " + a.function().code() + " sur un champ non numérique : '"
                            + a.field() + "' (" + source.apiName() + ") du jeu " + right.datasetId());
                }
                if (a.weight() != null) {
                    FieldType w = right.field(a.weight(), "de droite").type();
                    if (w != FieldType.INT && w != FieldType.DOUBLE) {
                        throw new JoinException("poids non numérique '" + a.weight() + "' (" + w.apiName() + ")");
                    }
                }
                String name = unique(a.outputName(), names);
                fields.add(Field.derived(name, label(a, right), Aggregates.type(a.function(), source),
                        "Agrégation " + a + " des lignes de " + right.datasetId() + " appariées"));
                columns.add(-1);
            }
        } else {
            Set<String> exactKeys = new HashSet<>();
            spec.keys().stream().filter(k -> !k.commune()).forEach(k -> exactKeys.add(k.right()));
            Set<String> kept = new HashSet<>();
            spec.fields().forEach(n -> kept.add(right.field(n, "de droite").name()));
            for (int i = 0; i < right.schema().size(); i++) {
                Field f = right.schema().field(i);
                if (kept.isEmpty() ? exactKeys.contains(f.name()) : !kept.contains(f.name())) {
                    continue;
                }
                fields.add(copied(f, unique(f.name(), names)));
                columns.add(i);
            }
        }
        rightColumns = columns.stream().mapToInt(Integer::intValue).toArray();
        statusIndex = fields.size();
        fields.add(Field.derived(unique(STATUS, names), "Statut de la jointure", FieldType.TEXT,
                "apparie, gauche_seule ou droite_seule"));
        ruleIndex = spec.hasCommuneKey() ? fields.size() : -1;
        if (spec.hasCommuneKey()) {
            fields.add(Field.derived(unique(RULE, names), "Règle d'appariement des communes", FieldType.TEXT,
                    "identique, fusion ANCIEN→NOUVEAU (historique du COG) ou arrondissement ARR→COMMUNE"));
        }
        schema = new Schema(fields);
    }

    /** What a map legend or a table header shows for an aggregation: in French, with the source fields' labels. */
    static String label(FieldAggregation a, JoinInput right) {
        String of = labelOf(right.field(a.field(), "de droite"));
        return of + switch (a.function()) {
            case SUM -> " (somme)";
            case MEAN -> " (moyenne)";
            case WEIGHTED_MEAN -> " (moyenne pondérée par " + labelOf(right.field(a.weight(), "de droite")) + ")";
            case FIRST -> " (première valeur)";
            case COUNT -> " (nombre de lignes appariées)";
        };
    }

    private static String labelOf(Field f) {
        return f.label() == null || f.label().isBlank() ? f.name() : f.label();
    }

    private static String unique(String base, Set<String> names) {
        String name = base;
        while (names.contains(name)) {
            name = name + "_droite";
        }
        names.add(name);
        return name;
    }

    /** A field of an input as a field of the result: a declared field is no longer declared here. */
    private static Field copied(Field f, String name) {
        String origin = "declared".equals(f.origin()) ? "inferred" : f.origin();
        return new Field(name, f.label(), f.type(), f.description(), f.unit(), f.aliases(), false, f.format(), origin);
    }
}
