package fr.geoeduc.core.sectorisation;

import fr.geoeduc.core.access.Caller;
import fr.geoeduc.core.query.QueryService;
import fr.geoeduc.core.referentiel.CommunesParMillesime;
import fr.geoeduc.core.referentiel.Referentiels;

import java.util.Optional;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * "Which collège for this address?" for a caller: reads the carte through the query service, reads the address
 * (free text or structured), matches it, and names the collèges from the published annuaire when there is one.
 */
public final class CarteScolaireService {

    /** No carte is published, or the caller may not see it. */
    public static final class CarteAbsente extends RuntimeException {
        public CarteAbsente(String dataset) {
            super("la carte scolaire « " + dataset + " » n'est pas publiée (geoeduc ingest … --dataset " + dataset + ")");
        }
    }

    private final CarteSource cartes;
    private final CollegeDirectory colleges;
    /** The communes of a millésime (null: the current ones). */
    private final Function<String, Referentiels> referentiels;
    /** The resolver of each millésime asked (key "" for the current communes), for the carte it was built with. */
    private final Map<String, Resolveur> cache = new ConcurrentHashMap<>();

    private record Resolveur(Carte carte, CommuneResolver communes) {
    }

    public CarteScolaireService(QueryService queries, Supplier<Referentiels> referentiels) {
        this(new CarteSource(queries), new CollegeDirectory(queries), referentiels);
    }

    /** @param referentiels the communes of a millésime, null for the current ones ({@link CommunesParMillesime#referentiels}) */
    public CarteScolaireService(QueryService queries, Function<String, Referentiels> referentiels) {
        this(new CarteSource(queries), new CollegeDirectory(queries), referentiels);
    }

    public CarteScolaireService(CarteSource cartes, CollegeDirectory colleges, Supplier<Referentiels> referentiels) {
        this(cartes, colleges, CommunesParMillesime.courantesSeulement(referentiels));
    }

    public CarteScolaireService(CarteSource cartes, CollegeDirectory colleges, Function<String, Referentiels> referentiels) {
        this.cartes = cartes;
        this.colleges = colleges;
        this.referentiels = referentiels;
    }

    /** A free-text address: {@code 12 bis rue de Fougères 35700 Rennes}. */
    public SecteurReponse secteur(Caller caller, String adresse) {
        return secteur(caller, adresse, null);
    }

    /** A free-text address, its commune read in the communes of {@code millesimeCommunes} (null: the current ones). */
    public SecteurReponse secteur(Caller caller, String adresse, String millesimeCommunes) {
        Resolveur r = resolveur(caller, millesimeCommunes);
        AdresseSaisie saisie = new AdresseParser(r.communes()::estUneCommune).parse(adresse);
        return secteur(caller, r, saisie);
    }

    /** A structured address. */
    public SecteurReponse secteur(Caller caller, AdresseSaisie adresse) {
        return secteur(caller, adresse, null);
    }

    /** A structured address, its commune read in the communes of {@code millesimeCommunes} (null: the current ones). */
    public SecteurReponse secteur(Caller caller, AdresseSaisie adresse, String millesimeCommunes) {
        return secteur(caller, resolveur(caller, millesimeCommunes), adresse);
    }

    private SecteurReponse secteur(Caller caller, Resolveur r, AdresseSaisie adresse) {
        SecteurReponse brute = new SecteurMatcher(r.carte(), r.communes()).trouver(adresse);
        return new SecteurReponse(brute.statut(), brute.confiance(), brute.score(), colleges.completer(caller, brute.colleges()),
                brute.regle(), brute.explication(), brute.lignes(), brute.adresse(), brute.candidats(), brute.avertissements(), brute.carte());
    }

    private Resolveur resolveur(Caller caller, String millesime) {
        Carte carte = cartes.carte(caller).orElseThrow(() -> new CarteAbsente(cartes.dataset()));
        String cle = millesime == null ? "" : millesime;
        Resolveur r = cache.get(cle);
        if (r != null && r.carte() == carte) {
            return r;
        }
        Resolveur built = new Resolveur(carte, new CommuneResolver(carte, referentiels.apply(millesime)));
        cache.put(cle, built);
        return built;
    }

    public Optional<Carte.Version> version(Caller caller) {
        return cartes.carte(caller).map(Carte::version);
    }
}
