package fr.geoeduc.server.web;

import fr.geoeduc.core.model.Field;
import fr.geoeduc.core.model.FieldType;
import fr.geoeduc.core.model.Schema;
import fr.geoeduc.core.access.Caller;
import fr.geoeduc.core.query.Facets;
import fr.geoeduc.core.query.QueryService;
import fr.geoeduc.core.query.exec.QueryContext;
import fr.geoeduc.core.query.exec.QueryEngine;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * The map explorer's filters: the établissement's type, public or private sector, and the rentrée, each on the first
 * field of the dataset that holds it, with the values the dataset has (its facet counts, through the query service).
 * The chosen values become one CQL2 filter for the vector tiles and the same condition in ODSQL for the Explore API
 * (class breaks and size scale of the filtered points).
 */
public record MapFilters(List<Filter> filters) {

    /** One filter: its URL parameter and label, the field it reads, the values offered and the one chosen ("" none). */
    public record Filter(String param, String label, String field, boolean numeric, List<String> values, String chosen) {
    }

    private record Role(String param, String label, List<String> fields) {
    }

    private static final List<Role> ROLES = List.of(
            new Role("type", "Type d'établissement", List.of("type_etablissement", "nature_uai_libe", "libelle_nature",
                    "type_d_etablissement")),
            new Role("secteur", "Public ou privé", List.of("statut_public_prive", "secteur_public_prive_libe", "secteur_public_prive",
                    "secteur")),
            new Role("rentree", "Rentrée", List.of("rentree_scolaire", "annee_scolaire", "annee_rentree")));
    /** More values than this: not a filter for a drop-down list. */
    static final int MAX_VALUES = 60;
    private static final QueryContext CONTEXT = new QueryContext("where", Locale.FRENCH, ZoneOffset.UTC);

    /** @param caller whose access decides the values offered (a convention's territory, for a restricted dataset) */
    public static MapFilters of(QueryService queries, Caller caller, String dataset, Schema schema, Function<String, String> param) {
        List<Filter> out = new ArrayList<>();
        for (Role role : ROLES) {
            Optional<Field> field = role.fields().stream().map(schema::find).flatMap(Optional::stream).filter(f -> !f.type().isGeo())
                    .findFirst();
            if (field.isEmpty()) {
                continue;
            }
            String name = field.get().name();
            QueryEngine.Request all = new QueryEngine.Request(null, List.of(), null, null, -1, 0, List.of(), List.of(), CONTEXT, List.of());
            List<String> values;
            try {
                values = queries.facets(caller, dataset, all, List.of(name)).orElse(List.of()).stream()
                    .filter(f -> f.name().equals(name)).flatMap(f -> f.facets().stream()).map(Facets.Value::value).sorted().toList();
            } catch (IllegalArgumentException | fr.geoeduc.core.query.odsql.OdsqlException e) {
                continue; // a field the caller's convention does not cover: no filter on it
            }
            if (values.size() < 2 || values.size() > MAX_VALUES) {
                continue;
            }
            String wanted = param.apply(role.param());
            String chosen = wanted != null && values.contains(wanted) ? wanted : "";
            boolean numeric = field.get().type() == FieldType.INT || field.get().type() == FieldType.DOUBLE;
            out.add(new Filter(role.param(), role.label(), name, numeric, values, chosen));
        }
        return new MapFilters(out);
    }

    public boolean active() {
        return filters.stream().anyMatch(f -> !f.chosen().isEmpty());
    }

    /** The CQL2 text of the chosen values (for the tiles' {@code filter}), empty when none is chosen. */
    public String cql2() {
        return String.join(" AND ", filters.stream().filter(f -> !f.chosen().isEmpty())
                .map(f -> "\"" + f.field() + "\" = " + (f.numeric() ? f.chosen() : "'" + f.chosen().replace("'", "''") + "'")).toList());
    }

    /** The same condition in ODSQL (for the Explore API's {@code where}), empty when none is chosen. */
    public String odsql() {
        return String.join(" AND ", filters.stream().filter(f -> !f.chosen().isEmpty())
                .map(f -> "`" + f.field() + "` = " + (f.numeric() ? f.chosen()
                        : "\"" + f.chosen().replace("\\", "\\\\").replace("\"", "\\\"") + "\"")).toList());
    }
}
