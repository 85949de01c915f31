package fr.geoeduc.core.referentiel;

import de.siegmar.fastcsv.reader.NamedCsvRecord;
import fr.geoeduc.core.model.GeoPoint;
import fr.geoeduc.core.referentiel.Territoire.Academie;
import fr.geoeduc.core.referentiel.Territoire.Arrondissement;
import fr.geoeduc.core.referentiel.Territoire.Departement;
import fr.geoeduc.core.referentiel.Territoire.Emprise;
import fr.geoeduc.core.referentiel.Territoire.Region;
import fr.geoeduc.core.referentiel.Territoire.RegionAcademique;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The territory as the quality rules and joins see it: the static tables shipped with GéoÉduc
 * (régions, régions académiques, académies, départements, PLM arrondissements, emprises) plus what was
 * loaded into the store (commune boundaries, COG commune history).
 */
public final class Referentiels {

    /** Commune polygons are simplified (france-geojson, 5 decimals): a point this close still counts as inside. */
    public static final double COMMUNE_TOLERANCE_DEGREES = 0.003;

    private final Map<String, Region> regions = new LinkedHashMap<>();
    private final Map<String, RegionAcademique> regionsAcademiques = new LinkedHashMap<>();
    private final Map<String, Academie> academies = new LinkedHashMap<>();
    private final Map<String, Departement> departements = new LinkedHashMap<>();
    private final Map<String, Arrondissement> arrondissements = new LinkedHashMap<>();
    private final List<Emprise> emprises;
    private final Map<String, ReferentielFeature> communes = new HashMap<>();
    private final Map<String, PreparedGeometry> preparedCommunes = new java.util.concurrent.ConcurrentHashMap<>();
    /** The millésime of each département's communes (null when loaded without one). */
    private final Map<String, String> communesMillesime = new HashMap<>();
    private final CommuneHistory history;
    private final GeometryFactory geometryFactory = new GeometryFactory();

    private Referentiels(List<ReferentielFeature> communeFeatures, CommuneHistory history) {
        for (NamedCsvRecord r : StaticTables.read("regions.csv")) {
            regions.put(r.getField("code_region"), new Region(r.getField("code_region"), r.getField("nom")));
        }
        for (NamedCsvRecord r : StaticTables.read("regions-academiques.csv")) {
            regionsAcademiques.put(r.getField("code_region_academique"), new RegionAcademique(
                    r.getField("code_region_academique"), r.getField("nom"), r.getField("code_region")));
        }
        for (NamedCsvRecord r : StaticTables.read("academies.csv")) {
            academies.put(r.getField("code_academie"), new Academie(r.getField("code_academie"), r.getField("nom"),
                    r.getField("code_region_academique"), r.getField("code_region"), "1".equals(r.getField("actif"))));
        }
        for (NamedCsvRecord r : StaticTables.read("departements.csv")) {
            departements.put(r.getField("code_departement"), new Departement(r.getField("code_departement"),
                    r.getField("code_education"), r.getField("nom"), r.getField("code_region"), r.getField("code_academie")));
        }
        for (NamedCsvRecord r : StaticTables.read("communes-plm.csv")) {
            arrondissements.put(r.getField("code_arrondissement"), new Arrondissement(r.getField("code_arrondissement"),
                    r.getField("nom"), r.getField("code_commune")));
        }
        emprises = StaticTables.read("emprises.csv").stream().map(r -> new Emprise(r.getField("territoire"),
                Double.parseDouble(r.getField("lon_min")), Double.parseDouble(r.getField("lat_min")),
                Double.parseDouble(r.getField("lon_max")), Double.parseDouble(r.getField("lat_max")))).toList();
        for (ReferentielFeature f : communeFeatures) {
            communes.put(f.code(), f);
            communesMillesime.put(CodeNormaliser.departementOfCommune(f.code()), f.millesime());
        }
        this.history = history;
    }

    /** Only the static tables: no commune boundaries, no commune history. */
    public static Referentiels builtIn() {
        return new Referentiels(List.of(), CommuneHistory.empty());
    }

    /**
     * The current commune boundaries ({@link Millesimes}: each département at the latest millésime loaded for it) and
     * the COG history.
     */
    public static Referentiels from(ReferentielStore store) {
        return new Referentiels(store.referentiel("commune"), new CommuneHistory(store.communeEvents()));
    }

    /** The commune boundaries of one millésime only (null: those loaded without one) and the COG history. */
    public static Referentiels from(ReferentielStore store, String millesime) {
        return new Referentiels(store.referentiel("commune", millesime), new CommuneHistory(store.communeEvents()));
    }

    public Optional<Departement> departement(String raw) {
        return CodeNormaliser.departement(raw).map(departements::get);
    }

    public Optional<Academie> academie(String raw) {
        return CodeNormaliser.academie(raw).map(academies::get);
    }

    public Optional<Region> region(String code) {
        return Optional.ofNullable(regions.get(code));
    }

    public Optional<RegionAcademique> regionAcademique(String code) {
        return Optional.ofNullable(regionsAcademiques.get(code));
    }

    public Collection<Departement> departements() {
        return departements.values();
    }

    public Collection<Academie> academies() {
        return academies.values();
    }

    public Collection<Region> regions() {
        return regions.values();
    }

    public Collection<RegionAcademique> regionsAcademiques() {
        return regionsAcademiques.values();
    }

    /** The commune of a Paris/Lyon/Marseille arrondissement ({@code 75118 → 75056}); empty for other codes. */
    public Optional<Arrondissement> arrondissement(String code) {
        return Optional.ofNullable(arrondissements.get(code));
    }

    public CommuneHistory history() {
        return history;
    }

    public boolean hasCommunesOf(String departementCog) {
        return communesMillesime.containsKey(departementCog);
    }

    /** The millésime of a département's communes, as read (empty when none is loaded or it has none). */
    public Optional<String> communesMillesime(String departementCog) {
        return Optional.ofNullable(communesMillesime.get(departementCog));
    }

    public Set<String> departementsWithCommunes() {
        return Set.copyOf(communesMillesime.keySet());
    }

    /** Every commune boundary read: the current ones, or those of the millésime asked. */
    public Collection<ReferentielFeature> communes() {
        return java.util.Collections.unmodifiableCollection(communes.values());
    }

    public Optional<ReferentielFeature> commune(String code) {
        return Optional.ofNullable(communes.get(code));
    }

    public boolean inFrance(GeoPoint p) {
        for (Emprise e : emprises) {
            if (e.contains(p.lat(), p.lon())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a point lies in the commune {@code code} (an arrondissement counts as its commune; a commune
     * nouvelle includes the communes it absorbed). Empty when the commune's polygon is not loaded.
     */
    public Optional<Boolean> communeContains(String code, GeoPoint p) {
        String commune = arrondissement(code).map(Arrondissement::codeCommune).orElse(code);
        if (!communesMillesime.containsKey(CodeNormaliser.departementOfCommune(commune))) {
            return Optional.empty(); // no polygon of its département loaded (mergers never cross départements)
        }
        Set<String> candidates = new HashSet<>(history.predecessors(commune));
        candidates.add(commune);
        history.successor(commune).ifPresent(s -> candidates.add(s.currentCode()));
        Point point = geometryFactory.createPoint(new Coordinate(p.lon(), p.lat()));
        boolean anyLoaded = false;
        for (String c : candidates) {
            ReferentielFeature f = communes.get(c);
            if (f == null || f.geometry() == null) {
                continue;
            }
            anyLoaded = true;
            PreparedGeometry prepared = preparedCommunes.computeIfAbsent(c, k -> PreparedGeometryFactory.prepare(f.geometry()));
            if (prepared.contains(point) || f.geometry().isWithinDistance(point, COMMUNE_TOLERANCE_DEGREES)) {
                return Optional.of(true);
            }
        }
        return anyLoaded ? Optional.of(false) : Optional.empty();
    }

    /** The commune whose polygon holds the point, if the commune référentiel covers it. */
    public Optional<String> communeAt(GeoPoint p) {
        Point point = geometryFactory.createPoint(new Coordinate(p.lon(), p.lat()));
        for (ReferentielFeature f : communes.values()) {
            if (f.geometry() != null && f.geometry().getEnvelopeInternal().contains(point.getCoordinate())
                    && f.geometry().contains(point)) {
                return Optional.of(f.code());
            }
        }
        return Optional.empty();
    }

}
