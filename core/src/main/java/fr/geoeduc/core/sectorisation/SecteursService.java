package fr.geoeduc.core.sectorisation;

import fr.geoeduc.core.adresse.BanSource;
import fr.geoeduc.core.access.Caller;
import fr.geoeduc.core.query.QueryService;
import fr.geoeduc.core.referentiel.CodeNormaliser;
import fr.geoeduc.core.referentiel.CommunesParMillesime;
import fr.geoeduc.core.referentiel.Referentiels;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Sector polygons for a caller: the carte and the BAN addresses of the carte's départements, both read through the
 * query service with that caller, given to {@link SecteursBuilder}. The last result is reused while the carte's and
 * the addresses' versions are unchanged (open data only; a restricted view is rebuilt per call).
 */
public final class SecteursService {

    private final CarteSource cartes;
    private final BanSource ban;
    /** The communes of a millésime (null: the current ones). */
    private final Function<String, Referentiels> referentiels;
    /** The last result of each millésime asked (key "" for the current communes). */
    private final Map<String, Cache> cache = new ConcurrentHashMap<>();

    private record Cache(String cle, SecteursBuilder.Resultat resultat) {
    }

    /** A result and the départements whose addresses fed it (none: no BAN loaded). */
    public record Secteurs(SecteursBuilder.Resultat resultat, List<String> departements, long millisecondes) {
    }

    private final QueryService queries;

    public SecteursService(QueryService queries, Supplier<Referentiels> referentiels) {
        this(queries, CommunesParMillesime.courantesSeulement(referentiels));
    }

    /** @param referentiels the communes of a millésime, null for the current ones ({@link CommunesParMillesime#referentiels}) */
    public SecteursService(QueryService queries, Function<String, Referentiels> referentiels) {
        this.queries = queries;
        this.cartes = new CarteSource(queries);
        this.ban = new BanSource(queries);
        this.referentiels = referentiels;
    }

    public Optional<Secteurs> secteurs(Caller caller) {
        return secteurs(caller, null);
    }

    /** The sectors, the communes' contours and codes read in {@code millesimeCommunes} (null: the current ones). */
    public Optional<Secteurs> secteurs(Caller caller, String millesimeCommunes) {
        Optional<Carte> carte = cartes.carte(caller);
        if (carte.isEmpty()) {
            return Optional.empty();
        }
        Set<String> departements = new TreeSet<>();
        carte.get().nomsDeCommunes().forEach(k -> carte.get().communesNommees(k)
                .forEach(c -> departements.add(CodeNormaliser.departementOfCommune(c))));
        List<String> charges = new ArrayList<>();
        boolean[] restreint = {queries.dataset(caller, cartes.dataset(), null).map(QueryService.Visible::restricted).orElse(false)};
        StringBuilder cle = new StringBuilder(carte.get().version().dataset() + "@" + carte.get().version().version());
        for (String d : departements) {
            ban.version(caller, d).ifPresent(v -> {
                charges.add(d);
                restreint[0] |= ban.restreinte(caller, d);
                cle.append('|').append(d).append('@').append(v);
            });
        }
        String millesime = millesimeCommunes == null ? "" : millesimeCommunes;
        Cache c = cache.get(millesime);
        if (c != null && c.cle().equals(cle.toString()) && !restreint[0]) {
            return Optional.of(new Secteurs(c.resultat(), charges, 0));
        }
        long t0 = System.nanoTime();
        SecteursBuilder builder = new SecteursBuilder(carte.get(), referentiels.apply(millesimeCommunes));
        for (String d : charges) {
            ban.lire(caller, d, builder::ajouter);
        }
        SecteursBuilder.Resultat r = builder.construire();
        if (!restreint[0]) {
            cache.put(millesime, new Cache(cle.toString(), r));
        }
        return Optional.of(new Secteurs(r, charges, (System.nanoTime() - t0) / 1_000_000));
    }
}
