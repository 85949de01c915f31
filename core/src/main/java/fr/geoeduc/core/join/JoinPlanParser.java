package fr.geoeduc.core.join;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a join spec (YAML, or the same as JSON) into a {@link JoinPlan}. Every error names the spec and the line, and
 * says what is expected: a bad YAML, an unknown key, a missing {@code dataset}, a value of the wrong shape.
 */
public final class JoinPlanParser {

    private static final Set<String> TOP = Set.of("id", "title", "from", "joins", "max_rows");
    private static final Set<String> STEP = Set.of("dataset", "on", "commune", "how", "fields", "aggregate", "fan_out", "spatial", "latest",
            "nearest", "within");
    private static final Set<String> SPATIAL = Set.of("point", "polygon", "check", "tolerance_m");
    private static final Set<String> NEAREST = Set.of("k", "max_m", "point", "target");
    private static final Set<String> WITHIN = Set.of("distance_m", "point", "target");

    private final String source;

    private JoinPlanParser(String source) {
        this.source = source;
    }

    /** Parses {@code text}; {@code source} (the file name) is named in the errors. */
    public static JoinPlan parse(String text, String source) {
        return new JoinPlanParser(source).plan(text);
    }

    private JoinPlan plan(String text) {
        Node root;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            root = new Yaml(options).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() != null ? e.getProblemMark().getLine() + 1 : 0;
            throw new JoinException(source + ", ligne " + line + " : YAML invalide : " + e.getProblem()
                    + " ; vérifiez l'indentation et les deux-points");
        } catch (YAMLException e) {
            throw new JoinException(source + " : YAML invalide : " + e.getMessage());
        }
        if (!(root instanceof MappingNode top)) {
            throw error(root, "une spécification est une table id, from, joins");
        }
        Map<String, Node> m = mapping(top, TOP);
        String id = required(top, m, "id");
        if (!id.matches("[a-z0-9][a-z0-9_.-]{0,199}")) {
            throw error(m.get("id"), "identifiant invalide '" + id + "' : minuscules, chiffres, '-', '_', '.'");
        }
        String from = required(top, m, "from");
        Node joins = m.get("joins");
        if (!(joins instanceof SequenceNode seq) || seq.getValue().isEmpty()) {
            throw error(joins == null ? top : joins, "'joins' : une liste d'au moins une jointure "
                    + "(- dataset: ID, on: [uai])");
        }
        List<JoinPlan.Step> steps = new ArrayList<>();
        for (Node n : seq.getValue()) {
            steps.add(step(n));
        }
        long maxRows = m.containsKey("max_rows") ? number(m.get("max_rows")).longValue() : 0;
        return new JoinPlan(id, m.containsKey("title") ? scalar(m.get("title")) : null, from, steps, maxRows, source, text);
    }

    private JoinPlan.Step step(Node n) {
        if (!(n instanceof MappingNode map)) {
            throw error(n, "une jointure est une table (dataset, on, how…)");
        }
        Map<String, Node> m = mapping(map, STEP);
        String dataset = required(map, m, "dataset");
        int line = line(n);
        List<String> fields = m.containsKey("fields") ? list(m.get("fields")) : List.of();
        if (m.containsKey("nearest") || m.containsKey("within")) {
            return proximity(m, dataset, fields, line);
        }
        if (m.containsKey("spatial")) {
            if (m.containsKey("on") || m.containsKey("commune") || m.containsKey("aggregate")) {
                throw error(m.get("spatial"), "une jointure spatiale n'a ni 'on', ni 'commune', ni 'aggregate'");
            }
            Map<String, Node> s = m.get("spatial") instanceof MappingNode sm ? mapping(sm, SPATIAL) : Map.of();
            String how = m.containsKey("how") ? scalar(m.get("how")) : "left";
            if (!how.equals("left") && !how.equals("inner")) {
                throw error(m.get("how"), "'how' d'une jointure spatiale : left ou inner");
            }
            return new JoinPlan.SpatialStep(dataset, s.containsKey("point") ? scalar(s.get("point")) : null,
                    s.containsKey("polygon") ? scalar(s.get("polygon")) : null, s.containsKey("check") ? scalar(s.get("check")) : null,
                    s.containsKey("tolerance_m") ? number(s.get("tolerance_m")).doubleValue() : 0, how.equals("inner"), fields, line);
        }
        List<String> on = m.containsKey("on") ? list(m.get("on")) : List.of();
        List<String> commune = m.containsKey("commune") ? list(m.get("commune")) : List.of();
        if (on.isEmpty() && commune.isEmpty()) {
            throw error(n, "jointure sans clé : ajoutez 'on: [uai]' (ou 'commune: [code_commune]', ou 'spatial: {}')");
        }
        JoinKind how;
        try {
            how = m.containsKey("how") ? JoinKind.parse(scalar(m.get("how"))) : JoinKind.LEFT;
        } catch (JoinException e) {
            throw error(m.get("how"), e.getMessage());
        }
        List<FieldAggregation> aggregate = new ArrayList<>();
        Node agg = m.get("aggregate");
        try {
            if (agg instanceof MappingNode am) {
                for (NodeTuple t : am.getValue()) {
                    aggregate.add(FieldAggregation.parse(scalar(t.getKeyNode()) + ":" + scalar(t.getValueNode())));
                }
            } else if (agg != null) {
                list(agg).forEach(a -> aggregate.add(FieldAggregation.parse(a)));
            }
        } catch (JoinException e) {
            throw error(agg, e.getMessage());
        }
        boolean fanOut = m.containsKey("fan_out") && Boolean.parseBoolean(scalar(m.get("fan_out")));
        String latest = m.containsKey("latest") ? scalar(m.get("latest")).strip() : null;
        return new JoinPlan.KeyStep(dataset, on, commune, how, fields, aggregate, fanOut, latest, line);
    }

    /** {@code nearest: {k, max_m, point, target}} or {@code within: {distance_m, point, target}}. */
    private JoinPlan.ProximityStep proximity(Map<String, Node> m, String dataset, List<String> fields, int line) {
        boolean nearest = m.containsKey("nearest");
        Node node = m.get(nearest ? "nearest" : "within");
        if (m.containsKey("nearest") && m.containsKey("within") || m.containsKey("spatial") || m.containsKey("on")
                || m.containsKey("commune") || m.containsKey("aggregate")) {
            throw error(node, "'nearest' ou 'within', seul : pas de clé, d'agrégation ni de 'spatial'");
        }
        if (!(node instanceof MappingNode nm)) {
            throw error(node, nearest ? "'nearest' : une table {k: 1, max_m: 20000}" : "'within' : une table {distance_m: 5000}");
        }
        Map<String, Node> s = mapping(nm, nearest ? NEAREST : WITHIN);
        String how = m.containsKey("how") ? scalar(m.get("how")) : "left";
        if (!how.equals("left") && !how.equals("inner")) {
            throw error(m.get("how"), "'how' d'une jointure de proximité : left ou inner");
        }
        if (!nearest && !s.containsKey("distance_m")) {
            throw error(node, "'within' sans 'distance_m' (en mètres)");
        }
        int k = 1;
        if (s.containsKey("k")) {
            double v = number(s.get("k")).doubleValue();
            if (v != Math.rint(v) || v < 1 || v > 100) {
                throw error(s.get("k"), "k : un entier de 1 à 100");
            }
            k = (int) v;
        }
        Node distance = s.get(nearest ? "max_m" : "distance_m");
        double metres = distance == null ? 0 : number(distance).doubleValue();
        if (distance != null && !(metres > 0 && metres <= ProximitySpec.MAX_METRES)) {
            throw error(distance, "distance en mètres, de plus de 0 à 20 015 087");
        }
        return new JoinPlan.ProximityStep(dataset, nearest ? ProximitySpec.Mode.NEAREST : ProximitySpec.Mode.WITHIN, k, metres,
                s.containsKey("point") ? scalar(s.get("point")) : null, s.containsKey("target") ? scalar(s.get("target")) : null,
                how.equals("inner"), fields, line);
    }

    private Map<String, Node> mapping(MappingNode node, Set<String> allowed) {
        Map<String, Node> out = new LinkedHashMap<>();
        for (NodeTuple t : node.getValue()) {
            String key = scalar(t.getKeyNode());
            if (!allowed.contains(key)) {
                throw error(t.getKeyNode(), "clé inconnue '" + key + "' (attendu : "
                        + String.join(", ", allowed.stream().sorted().toList()) + ")");
            }
            out.put(key, t.getValueNode());
        }
        return out;
    }

    private String required(Node where, Map<String, Node> m, String key) {
        Node n = m.get(key);
        if (n == null) {
            throw error(where, "'" + key + "' manquant");
        }
        String v = scalar(n);
        if (v.isBlank()) {
            throw error(n, "'" + key + "' vide");
        }
        return v.strip();
    }

    private String scalar(Node n) {
        if (!(n instanceof ScalarNode s)) {
            throw error(n, "une valeur simple est attendue ici");
        }
        return s.getValue();
    }

    private Number number(Node n) {
        try {
            return Double.parseDouble(scalar(n).replace("_", ""));
        } catch (NumberFormatException e) {
            throw error(n, "nombre attendu : '" + scalar(n) + "'");
        }
    }

    /** A list of plain values, or one plain value as a list of one. */
    private List<String> list(Node n) {
        if (n instanceof ScalarNode s) {
            return List.of(s.getValue().strip());
        }
        if (!(n instanceof SequenceNode seq)) {
            throw error(n, "une liste est attendue ([a, b])");
        }
        return seq.getValue().stream().map(v -> scalar(v).strip()).toList();
    }

    private static int line(Node n) {
        return n == null || n.getStartMark() == null ? 0 : n.getStartMark().getLine() + 1;
    }

    private JoinException error(Node n, String message) {
        return new JoinException(source + ", ligne " + line(n) + " : " + message);
    }
}
