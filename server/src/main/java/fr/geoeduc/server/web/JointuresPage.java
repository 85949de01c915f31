package fr.geoeduc.server.web;

import fr.geoeduc.core.access.Caller;
import fr.geoeduc.core.join.JoinStats;
import fr.geoeduc.core.model.DatasetVersion;
import fr.geoeduc.core.model.Field;
import fr.geoeduc.core.quality.QualityReport;
import fr.geoeduc.core.quality.RuleResult;
import fr.geoeduc.core.query.QueryService;
import fr.geoeduc.core.store.DatasetSummary;
import fr.geoeduc.core.store.Json;
import fr.geoeduc.server.explore.ExploreApi;
import io.javalin.Javalin;
import io.javalin.http.Context;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /jointures}: the jointures (derived datasets whose lineage is a join) the caller may see, with their inputs,
 * version and match rates, and a form that composes a join spec and sends it to {@code POST /api/joins} from the
 * browser with the API key typed in the page (the page itself never receives the key). The datasets offered to the
 * form, with their fields, are the caller's catalogue.
 */
public final class JointuresPage {

    /** One input of a jointure: {@code dataset@version} from the lineage. */
    public record Input(String id, String version) {
    }

    /** One key step's match rate: left rows matched out of the left rows. */
    public record Rate(long matched, long left, String percent) {
    }

    /** One line of the list. */
    public record Jointure(String id, String title, int version, String rows, String published, List<Input> inputs,
                           List<Rate> rates, boolean restricted) {
    }

    private final QueryService queries;
    private final Layout layout;

    public JointuresPage(QueryService queries, Layout layout) {
        this.queries = queries;
        this.layout = layout;
    }

    public void register(Javalin app) {
        app.get("/jointures", this::page);
        // the form's datasets for the API key typed in the page (sent in the Authorization header by its script): a
        // client's catalogue adds the restricted datasets its conventions grant, in the view they grant
        app.get("/jointures/jeux", ctx -> ctx.json(datasets(queries.catalogue(ExploreApi.caller(ctx)))));
    }

    private static List<Map<String, Object>> datasets(List<DatasetSummary> catalogue) {
        return catalogue.stream().filter(s -> s.latest().isPresent()).map(s -> dataset(s, s.latest().get())).toList();
    }

    private void page(Context ctx) {
        Caller caller = ExploreApi.caller(ctx);
        List<DatasetSummary> catalogue = queries.catalogue(caller);
        List<Jointure> jointures = new ArrayList<>();
        List<Map<String, Object>> datasets = datasets(catalogue);
        for (DatasetSummary s : catalogue) {
            if (s.latest().isEmpty()) {
                continue;
            }
            DatasetVersion v = s.latest().get();
            if (v.lineage() != null && "jointure".equals(v.lineage().format())) {
                QualityReport report = queries.quality(caller, s.definition().id(), v.number()).orElse(null);
                jointures.add(new Jointure(s.definition().id(), s.definition().title(), v.number(), Formats.count(v.rowCount()),
                        Formats.date(v.publishedAt()), v.lineage().parents().stream().map(JointuresPage::input).toList(), rates(report),
                        s.definition().accessLevel() == fr.geoeduc.core.model.AccessLevel.RESTRICTED));
            }
        }
        Map<String, Object> m = new HashMap<>();
        m.put("jointures", jointures);
        m.put("datasets", datasets);
        // read by the page's script from a data attribute: Pebble escapes it, so no dataset title can end the attribute
        m.put("datasetsJson", Json.write(datasets));
        layout.render(ctx, 200, "jointures", "Jointures", Layout.Section.JOINTURES, List.of(Crumb.here("Jointures")), m);
    }

    private static Map<String, Object> dataset(DatasetSummary s, DatasetVersion v) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("id", s.definition().id());
        d.put("title", s.definition().title());
        d.put("version", v.number());
        List<Map<String, String>> fields = new ArrayList<>();
        for (Field f : v.schema().fields()) {
            fields.add(Map.of("name", f.name(), "label", f.label(), "type", f.type().name().toLowerCase(java.util.Locale.ROOT)));
        }
        d.put("fields", fields);
        d.put("roles", s.definition().roles()); // role (uai, rentree, code_commune…) -> field: keys are suggested by role
        return d;
    }

    static Input input(String parent) {
        int at = parent.lastIndexOf('@');
        return at < 0 ? new Input(parent, null) : new Input(parent.substring(0, at), parent.substring(at + 1));
    }

    /** One rate per key step of the report: its n-th "matched" count against the n-th "left only" count. */
    static List<Rate> rates(QualityReport report) {
        if (report == null) {
            return List.of();
        }
        List<Long> matched = new ArrayList<>();
        List<Long> unmatched = new ArrayList<>();
        for (RuleResult r : report.results()) {
            // a plan of several steps suffixes each step's codes: jointure-appariees-1, jointure-appariees-2…
            if (step(r.rule(), JoinStats.MATCHED)) {
                matched.add(r.count());
            } else if (step(r.rule(), JoinStats.UNMATCHED_LEFT)) {
                unmatched.add(r.count());
            }
        }
        List<Rate> out = new ArrayList<>();
        for (int i = 0; i < Math.min(matched.size(), unmatched.size()); i++) {
            long left = matched.get(i) + unmatched.get(i);
            out.add(new Rate(matched.get(i), left, left == 0 ? "—"
                    : String.format(java.util.Locale.FRENCH, "%.1f %%", 100.0 * matched.get(i) / left)));
        }
        return out;
    }

    private static boolean step(String rule, String code) {
        return rule.equals(code) || rule.startsWith(code + "-") && rule.substring(code.length() + 1).chars().allMatch(Character::isDigit);
    }
}
