package fr.geoeduc.server.web;

import fr.geoeduc.core.model.Schema;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The explorer's choropleth: an aggregate of the (filtered) rows by commune, département, académie or région, drawn on
 * the référentiel's polygons of that level. A level is offered when the dataset has its code field and the platform
 * has its boundaries; the aggregates are the count, the sum of the size field, the mean of the colour field, and that
 * mean weighted by the size field (the IPS of a département weighted by pupils), computed by the Explore API.
 *
 * @param levels   the levels offered (value, label)
 * @param measures the aggregates offered (value, label)
 * @param level    the chosen level ("" for points)
 * @param field    the dataset's code field of the chosen level
 * @param select   the Explore API select of the chosen aggregate, {@code … as valeur}
 * @param where    the condition the aggregate's rows must meet besides the filters ("" for none)
 * @param label    what the chosen aggregate is, in French, for the legend
 * @param millesimes the millésimes of the chosen level's polygons offered (none when it has fewer than two)
 * @param millesime  the chosen one ("" for the current polygons)
 * @param unknownMillesime the French notice of a millésime asked for that is not loaded ("" for none)
 */
public record MapChoropleth(List<Option> levels, List<Option> measures, String level, String measure, String field, String select,
                            String where, String label, List<String> millesimes, String millesime, String unknownMillesime) {

    /** A choice of a drop-down list. */
    public record Option(String value, String label) {
    }

    private static final Map<String, List<String>> CODE_FIELDS = Map.of(
            "departement", List.of("code_departement", "code_du_departement", "code_dept"),
            "academie", List.of("code_academie", "code_de_l_academie"),
            "region", List.of("code_region", "code_region_2016"),
            "commune", List.of("code_commune", "code_insee_de_la_commune", "code_insee", "code_commune_insee"));
    private static final List<Option> LEVELS = List.of(new Option("commune", "commune"), new Option("departement", "département"),
            new Option("academie", "académie"), new Option("region", "région"));

    /** What the explorer asked for: a level, an aggregate, a millésime (null: not said; "": the current one) and the rentrée filtered on. */
    public record Wanted(String level, String measure, String millesime, String rentree) {
    }

    public static MapChoropleth of(Schema schema, MapFields fields, Predicate<String> boundariesLoaded,
                                   Function<String, List<String>> millesimesOf, Wanted wanted) {
        String wantedLevel = wanted.level();
        String wantedMeasure = wanted.measure();
        List<Option> levels = LEVELS.stream().filter(l -> boundariesLoaded.test(l.value()) && codeField(schema, l.value()).isPresent())
                .toList();
        List<Option> measures = new ArrayList<>(List.of(new Option("nombre", "nombre d'établissements")));
        if (!fields.size().isEmpty()) {
            measures.add(new Option("somme", "somme de " + fields.sizeLabel()));
        }
        if (!fields.colour().isEmpty()) {
            measures.add(new Option("moyenne", "moyenne de " + fields.colourLabel()));
            if (!fields.size().isEmpty() && !fields.size().equals(fields.colour())) {
                measures.add(new Option("moyenne-ponderee", "moyenne de " + fields.colourLabel() + " pondérée par " + fields.sizeLabel()));
            }
        }
        String level = levels.stream().map(Option::value).filter(l -> l.equals(wantedLevel)).findFirst().orElse("");
        Option measure = measures.stream().filter(m -> m.value().equals(wantedMeasure)).findFirst()
                .orElse(measures.get(measures.size() - 1));
        if (level.isEmpty()) {
            return new MapChoropleth(levels, measures, "", measure.value(), "", "", "", "", List.of(), "", "");
        }
        String t = "`" + fields.size() + "`";
        String c = "`" + fields.colour() + "`";
        String select = switch (measure.value()) {
            case "somme" -> "sum(" + t + ") as valeur";
            case "moyenne" -> "avg(" + c + ") as valeur";
            case "moyenne-ponderee" -> "sum(" + c + " * " + t + ") / sum(" + t + ") as valeur";
            default -> "count(*) as valeur";
        };
        String where = measure.value().equals("moyenne-ponderee") ? c + " is not null and " + t + " is not null and " + t + " > 0" : "";
        List<String> loaded = millesimesOf.apply(level);
        String millesime = "";
        String unknown = "";
        if (wanted.millesime() == null) { // not said: the rentrée's millésime when loaded, else the current polygons
            String year = wanted.rentree() == null ? "" : wanted.rentree().strip().replaceFirst("^(\\d{4})(\\D.*)?$", "$1");
            millesime = loaded.size() > 1 && year.length() == 4 && loaded.contains(year) ? year : "";
        } else if (!wanted.millesime().isBlank()) {
            millesime = loaded.contains(wanted.millesime().strip()) ? wanted.millesime().strip() : "";
            if (millesime.isEmpty()) {
                unknown = "Millésime « " + wanted.millesime().strip() + " » des " + label(level) + "s non chargé (chargés : "
                        + (loaded.isEmpty() ? "aucun" : String.join(", ", loaded)) + ") : contours courants.";
            }
        }
        return new MapChoropleth(levels, measures, level, measure.value(), codeField(schema, level).orElseThrow(), select, where,
                measure.label(), loaded.size() > 1 ? loaded : List.of(), millesime, unknown);
    }

    /** The URL of the chosen level's polygons, at the chosen millésime. */
    public String contours() {
        return level.isEmpty() ? "" : BaseLayer.CONTOURS + level
                + (millesime.isEmpty() ? "" : "?millesime=" + URLEncoder.encode(millesime, StandardCharsets.UTF_8));
    }

    public String levelLabel() {
        return label(level);
    }

    /** A level's name in French ({@code département}), or "" for none. */
    static String label(String level) {
        return LEVELS.stream().filter(l -> l.value().equals(level)).map(Option::label).findFirst().orElse("");
    }

    private static Optional<String> codeField(Schema schema, String level) {
        return CODE_FIELDS.get(level).stream().filter(f -> schema.find(f).isPresent()).findFirst();
    }
}
