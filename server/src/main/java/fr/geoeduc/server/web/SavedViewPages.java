package fr.geoeduc.server.web;

import fr.geoeduc.core.access.Caller;
import fr.geoeduc.core.query.QueryService;
import fr.geoeduc.core.store.SavedViews;
import fr.geoeduc.server.explore.ExploreApi;
import io.javalin.Javalin;
import io.javalin.http.Context;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Saved and shared views of the map explorer. {@code POST /vues} saves the explorer's state under a title for the
 * organisation of the person signed in, or of the API client whose key comes with it; {@code /vues} lists the views of
 * the datasets the caller may see; {@code /vues/{id}} reopens {@code /carte} in that state; {@code DELETE /vues/{id}}
 * (or the list's form, {@code POST /vues/{id}/suppression}) deletes one, for its organisation only. A view of a dataset
 * the caller may not see (restricted, no convention covering it) is answered like a view that never existed: neither
 * its dataset nor its fields leave.
 */
public final class SavedViewPages {

    /** One line of the list. */
    public record Row(String id, String title, String description, String dataset, String datasetTitle, String organisation,
                      String date, boolean owned) {
    }

    public static final int MAX_TITLE = 120;
    public static final int MAX_DESCRIPTION = 1000;
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.FRENCH).withZone(ZoneId.of("Europe/Paris"));

    private final QueryService queries;
    private final Layout layout;
    private final SavedViews views;
    private final Function<Caller, Optional<String>> organisationOf;
    private final Function<String, String> organisationName;

    /**
     * @param organisationOf    the organisation of an authenticated caller: a person signed in, or an active API client
     *                          (empty: anonymous, unknown or revoked credential)
     * @param organisationName  an organisation's name for the list, from its id
     */
    public SavedViewPages(QueryService queries, Layout layout, SavedViews views, Function<Caller, Optional<String>> organisationOf,
                          Function<String, String> organisationName) {
        this.queries = queries;
        this.layout = layout;
        this.views = views;
        this.organisationOf = organisationOf;
        this.organisationName = organisationName;
    }

    public void register(Javalin app) {
        app.get("/vues", this::list);
        app.post("/vues", this::save);
        app.get("/vues/{id}", this::open);
        app.delete("/vues/{id}", this::delete);
        app.post("/vues/{id}/suppression", this::delete);
    }

    private void list(Context ctx) {
        Caller caller = ExploreApi.caller(ctx);
        Map<String, String> titles = queries.catalogue(caller).stream()
                .collect(Collectors.toMap(s -> s.definition().id(), s -> s.definition().title(), (a, b) -> a));
        Optional<String> mine = caller.anonymous() ? Optional.empty() : organisationOf.apply(caller);
        List<Row> rows = views.all().stream().filter(v -> titles.containsKey(v.dataset()))
                .map(v -> new Row(v.id(), v.title(), v.description(), v.dataset(), titles.get(v.dataset()),
                        organisationName.apply(v.organisation()), DATE.format(v.createdAt()), mine.filter(v.organisation()::equals).isPresent())).toList();
        if (wantsJson(ctx)) {
            ctx.json(Map.of("total_count", rows.size(), "results", rows.stream().map(r -> {
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("id", r.id());
                o.put("titre", r.title());
                o.put("description", r.description());
                o.put("jeu", r.dataset());
                o.put("organisation", r.organisation());
                o.put("url", "/vues/" + r.id());
                o.put("supprimable", r.owned());
                return o;
            }).toList()));
            return;
        }
        layout.render(ctx, 200, "vues", "Vues enregistrées", Layout.Section.CARTE, List.of(new Crumb("Carte", "/carte"),
                Crumb.here("Vues enregistrées")), Map.of("views", rows));
    }

    private void open(Context ctx) {
        Caller caller = ExploreApi.caller(ctx);
        String id = ctx.pathParam("id");
        Optional<SavedViews.SavedView> view = visibleView(caller, id);
        if (view.isEmpty()) {
            notFound(ctx, id);
            return;
        }
        SavedViews.SavedView v = view.get();
        if (wantsJson(ctx)) {
            ctx.json(document(v));
            return;
        }
        ctx.redirect("/carte?" + v.state(), io.javalin.http.HttpStatus.SEE_OTHER);
    }

    private Optional<SavedViews.SavedView> visibleView(Caller caller, String id) {
        return views.find(id).filter(v -> queries.dataset(caller, v.dataset(), null).isPresent());
    }

    private void notFound(Context ctx, String id) {
        if (wantsJson(ctx)) {
            ctx.status(404).json(Map.of("error_code", "NotFound", "message", "Vue inconnue : « " + id + " »."));
        } else {
            layout.notFound(ctx, "Vue introuvable", "Aucune vue enregistrée sous l'identifiant « " + id + " ».");
        }
    }

    /** The caller of a form: the key of its « Clé d'API » field when given, else the request's (session, header). */
    static Caller formCaller(Context ctx) {
        return Optional.ofNullable(ctx.formParam("apikey")).filter(k -> !k.isBlank()).map(String::strip)
                .map(key -> new Caller(ctx.ip(), key)).orElseGet(() -> ExploreApi.caller(ctx));
    }

    /** The organisation the caller acts for; empty after a refusal (401) was answered. */
    private Optional<String> organisation(Context ctx, Caller caller, String what) {
        if (caller.anonymous()) {
            refuse(ctx, 401, "Connectez-vous (« Se connecter ») ou donnez une clé d'API pour " + what + ".");
            return Optional.empty();
        }
        Optional<String> organisation = organisationOf.apply(caller);
        if (organisation.isEmpty()) {
            refuse(ctx, 401, "Clé d'API inconnue ou révoquée.");
        }
        return organisation;
    }

    private void delete(Context ctx) {
        Caller caller = formCaller(ctx);
        Optional<String> organisation = organisation(ctx, caller, "supprimer une vue");
        if (organisation.isEmpty()) {
            return;
        }
        String id = ctx.pathParam("id");
        Optional<SavedViews.SavedView> view = visibleView(caller, id);
        if (view.isEmpty()) {
            notFound(ctx, id);
            return;
        }
        if (!view.get().organisation().equals(organisation.get())) {
            refuse(ctx, 403, "Seule l'organisation qui a enregistré cette vue (" + organisationName.apply(view.get().organisation())
                    + ") peut la supprimer.");
            return;
        }
        views.delete(id);
        if (wantsJson(ctx) || ctx.method() == io.javalin.http.HandlerType.DELETE) {
            ctx.status(204);
            return;
        }
        ctx.redirect("/vues", io.javalin.http.HttpStatus.SEE_OTHER);
    }

    private void save(Context ctx) {
        Caller caller = formCaller(ctx);
        Optional<String> organisation = organisation(ctx, caller, "enregistrer une vue");
        if (organisation.isEmpty()) {
            return;
        }
        String title = Optional.ofNullable(ctx.formParam("titre")).map(String::strip).orElse("");
        String description = Optional.ofNullable(ctx.formParam("description")).map(String::strip).orElse("");
        String error = title.isEmpty() ? "Le titre de la vue est obligatoire."
                : title.length() > MAX_TITLE ? "Le titre dépasse " + MAX_TITLE + " caractères."
                : description.length() > MAX_DESCRIPTION ? "La description dépasse " + MAX_DESCRIPTION + " caractères." : null;
        MapViewState state = null;
        if (error == null) {
            try {
                state = MapViewState.parse(queries, caller, ctx.formParam("etat"));
            } catch (IllegalArgumentException e) {
                error = e.getMessage();
            }
        }
        if (error != null) {
            refuse(ctx, 400, error);
            return;
        }
        SavedViews.SavedView v = views.save(title, description, state.dataset(), state.query(), organisation.get());
        ctx.header("Location", "/vues/" + v.id());
        if (wantsJson(ctx)) {
            ctx.status(201).json(document(v));
            return;
        }
        layout.render(ctx, 201, "vue-enregistree", "Vue enregistrée", Layout.Section.CARTE, List.of(new Crumb("Carte", "/carte"),
                new Crumb("Vues enregistrées", "/vues"), Crumb.here("Vue enregistrée")), Map.of("view", v, "carte", "/carte?" + v.state()));
    }

    private Map<String, Object> document(SavedViews.SavedView v) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("id", v.id());
        o.put("titre", v.title());
        o.put("description", v.description());
        o.put("jeu", v.dataset());
        o.put("etat", v.state());
        o.put("organisation", organisationName.apply(v.organisation()));
        o.put("enregistree_le", v.createdAt().toString());
        o.put("url", "/vues/" + v.id());
        o.put("carte", "/carte?" + v.state());
        return o;
    }

    private void refuse(Context ctx, int status, String message) {
        if (wantsJson(ctx)) {
            ctx.status(status).json(Map.of("error_code", status == 401 ? "InvalidAPIKey" : status == 403 ? "Forbidden" : "BadRequest",
                    "message", message));
        } else {
            String title = ctx.path().endsWith("/suppression") ? "Vue non supprimée" : "Vue non enregistrée";
            layout.render(ctx, status, "vue-enregistree", title, Layout.Section.CARTE, List.of(new Crumb("Carte", "/carte"),
                    Crumb.here(title)), Map.of("error", message));
        }
    }

    static boolean wantsJson(Context ctx) {
        String accept = ctx.header("Accept");
        return accept != null && accept.contains("application/json") && !accept.contains("text/html");
    }
}
