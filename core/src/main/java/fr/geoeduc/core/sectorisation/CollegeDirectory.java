package fr.geoeduc.core.sectorisation;

import fr.geoeduc.core.model.GeoPoint;
import fr.geoeduc.core.access.Caller;
import fr.geoeduc.core.query.Query;
import fr.geoeduc.core.query.QueryService;
import fr.geoeduc.core.query.exec.QueryContext;
import fr.geoeduc.core.query.exec.QueryEngine;
import fr.geoeduc.core.sectorisation.SecteurReponse.College;

import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Names and positions of collèges by UAI, from the published établissements datasets (géolocalisation first, then the
 * annuaire), read through the query service with the caller. A UAI that no published dataset knows keeps only its code.
 */
public final class CollegeDirectory {

    /** A dataset that describes établissements: its id and the fields holding UAI, name, commune name. */
    record Source(String dataset, String uai, String nom, String commune) {
    }

    static final List<Source> SOURCES = List.of(
            new Source("fr-en-adresse-et-geolocalisation-etablissements-premier-et-second-degre", "numero_uai", "appellation_officielle", "libelle_commune"),
            new Source("fr-en-annuaire-education", "identifiant_de_l_etablissement", "nom_etablissement", "nom_commune"));

    private final QueryService queries;

    public CollegeDirectory(QueryService queries) {
        this.queries = queries;
    }

    /** The collèges with what the first dataset that knows each UAI says of it. */
    public List<College> completer(Caller caller, List<College> colleges) {
        if (colleges.isEmpty()) {
            return colleges;
        }
        Map<String, College> found = new HashMap<>();
        for (Source s : SOURCES) {
            List<String> missing = colleges.stream().map(College::uai).filter(u -> !found.containsKey(u)).toList();
            if (missing.isEmpty()) {
                break;
            }
            lire(caller, s, missing).forEach(found::putIfAbsent);
        }
        return colleges.stream().map(c -> found.getOrDefault(c.uai(), c)).toList();
    }

    private Map<String, College> lire(Caller caller, Source s, Collection<String> uais) {
        String in = uais.stream().map(u -> "\"" + u.replace("\"", "") + "\"").collect(Collectors.joining(", "));
        QueryEngine.Request request = new QueryEngine.Request(s.uai() + ", " + s.nom() + ", " + s.commune() + ", position",
                List.of(s.uai() + " IN (" + in + ")"), null, null, -1, 0, List.of(), List.of(),
                new QueryContext("where", Locale.FRENCH, ZoneOffset.UTC));
        Map<String, College> out = new HashMap<>();
        try {
            queries.execute(caller, s.dataset(), new Query.Export(request, row -> {
                String uai = String.valueOf(row.get(s.uai()));
                GeoPoint p = row.get("position") instanceof GeoPoint g ? g : null;
                out.putIfAbsent(uai, new College(uai, text(row.get(s.nom())), text(row.get(s.commune())),
                        p == null ? null : p.lat(), p == null ? null : p.lon()));
            }));
        } catch (RuntimeException e) {
            // a version of the dataset without one of these fields: names are a complement, the answer stands without them
            return Map.of();
        }
        return out;
    }

    private static String text(Object v) {
        return v == null || v.toString().isBlank() ? null : v.toString();
    }
}
