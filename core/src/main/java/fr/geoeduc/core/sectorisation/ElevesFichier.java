package fr.geoeduc.core.sectorisation;

import fr.geoeduc.core.access.Caller;
import fr.geoeduc.core.model.GeoPoint;
import fr.geoeduc.core.query.Query;
import fr.geoeduc.core.query.QueryService;
import fr.geoeduc.core.query.exec.QueryContext;
import fr.geoeduc.core.query.exec.QueryEngine;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Pupils from a dataset (a pupils' file under a convention, or any published table with a residence commune and
 * optionally {@code voie}, {@code numero}, {@code ips}, a position), one row per pupil, read with the caller.
 */
final class ElevesFichier implements SourceEleves {

    static final List<String> COMMUNE_FIELDS = List.of("commune_residence", "code_insee", "code_commune", "commune");
    static final String POSITION = "position";
    private final QueryService queries;
    private final Caller caller;
    private final String dataset;
    private final QueryService.Visible visible;
    private final Set<String> fields = new TreeSet<>();
    private final String commune;

    ElevesFichier(QueryService queries, Caller caller, String dataset) {
        this.queries = queries;
        this.caller = caller;
        this.dataset = dataset;
        this.visible = queries.dataset(caller, dataset, null).orElseThrow(() -> new Simulation.BrouillonInvalide(
                "jeu d'élèves « " + dataset + " » introuvable ou non visible pour cet appelant (ou « ecoles » pour les effectifs de CM2 des écoles)"));
        visible.version().schema().fields().forEach(f -> fields.add(f.name()));
        this.commune = COMMUNE_FIELDS.stream().filter(fields::contains).findFirst().orElseThrow(() -> new Simulation.BrouillonInvalide(
                "le jeu « " + dataset + " » n'a pas de colonne de commune de résidence (attendu : une de " + COMMUNE_FIELDS + ")"));
    }

    @Override
    public Simulation.Source source() {
        return new Simulation.Source("eleves", List.of(dataset), "élèves du jeu « " + dataset + " », un par ligne, à leur adresse", null, null);
    }

    @Override
    public boolean restreinte() {
        return visible.restricted();
    }

    @Override
    public boolean positions() {
        return fields.contains(POSITION);
    }

    @Override
    public boolean voies() {
        return fields.contains("voie");
    }

    @Override
    public List<String> notes() {
        return List.of();
    }

    @Override
    public void lire(Consumer<Foyer> sink) {
        List<String> select = new ArrayList<>(List.of(commune));
        for (String f : List.of("voie", "numero", "ips", POSITION)) {
            if (fields.contains(f)) {
                select.add(f);
            }
        }
        QueryEngine.Request all = new QueryEngine.Request(String.join(", ", select), List.of(), null, null, -1, 0, List.of(), List.of(),
                new QueryContext("where", Locale.FRENCH, ZoneOffset.UTC));
        queries.execute(caller, dataset, visible.version().number(), new Query.Export(all, row -> {
            Object c = row.get(commune);
            if (c == null) {
                return;
            }
            String code = c instanceof Double d ? String.valueOf(d.longValue()) : c.toString().strip();
            String voie = row.get("voie") == null ? null : row.get("voie").toString();
            Double ips = row.get("ips") instanceof Number x ? x.doubleValue() : null;
            GeoPoint position = row.get(POSITION) instanceof GeoPoint g ? g : null;
            sink.accept(new Foyer(code, null, voie, Simulation.numero(row.get("numero")), null, ips, position, 1.0, null));
        }));
    }
}
