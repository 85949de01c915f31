package fr.geoeduc.core.sectorisation;

import fr.geoeduc.core.access.Caller;
import fr.geoeduc.core.query.Query;
import fr.geoeduc.core.query.QueryService;
import fr.geoeduc.core.query.exec.QueryContext;
import fr.geoeduc.core.query.exec.QueryEngine;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads the carte's rows through the query service, with the caller: the carte is open data, but the policy is the
 * only door (a convention's restricted view of a carte would give that caller its own rows). The policy is asked on
 * every call; the indexed rows of an open version are then reused until a newer version is published.
 */
public final class CarteSource {

    public static final String DATASET = "fr-en-carte-scolaire-colleges-publics";
    private static final String SELECT = "code_insee, libelle_commune, code_postal, lieu_dit, type_et_libelle, n_de_voie_debut, "
            + "indice_de_repetition_debut, n_de_voie_fin, indice_de_repetition_fin, parite, code_rne, secteur_unique";

    private final QueryService queries;
    private final String dataset;
    private volatile Carte cached;

    public CarteSource(QueryService queries) {
        this(queries, DATASET);
    }

    public CarteSource(QueryService queries, String dataset) {
        this.queries = queries;
        this.dataset = dataset;
    }

    public String dataset() {
        return dataset;
    }

    /** The caller's carte, empty when no version is published or the caller may not see it. */
    public Optional<Carte> carte(Caller caller) {
        Optional<QueryService.Visible> visible = queries.dataset(caller, dataset, null);
        if (visible.isEmpty()) {
            return Optional.empty();
        }
        var v = visible.get().version();
        Carte c = cached;
        if (c != null && !visible.get().restricted() && c.version().version() == v.number()) {
            return Optional.of(c);
        }
        List<LigneCarte> lignes = new ArrayList<>();
        QueryEngine.Request all = new QueryEngine.Request(SELECT, List.of(), null, null, -1, 0, List.of(), List.of(),
                new QueryContext("where", Locale.FRENCH, ZoneOffset.UTC));
        Optional<Long> read = queries.execute(caller, dataset, v.number(), new Query.Export(all, row -> {
            LigneCarte l = LigneCarte.of(row);
            if (l != null) {
                lignes.add(l);
            }
        }));
        if (read.isEmpty()) {
            return Optional.empty();
        }
        Carte built = new Carte(new Carte.Version(dataset, v.number(), v.publishedAt(), lignes.size()), lignes);
        if (!visible.get().restricted()) {
            cached = built;
        }
        return Optional.of(built);
    }
}
