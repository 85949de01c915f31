package fr.geoeduc.core.sectorisation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An answer as the JSON document the API and the CLI print (snake_case keys, absent values left out). */
public final class SecteurDocument {

    public static final String AVERTISSEMENT_DSDEN = "Le secteur donne le ou les collèges de rattachement ; l'affectation de l'élève "
            + "est décidée par la DSDEN (dérogations, capacités, secteurs multi-collèges).";

    private SecteurDocument() {
    }

    public static Map<String, Object> of(SecteurReponse r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("statut", r.statut().name().toLowerCase(java.util.Locale.ROOT));
        m.put("confiance", r.confiance().name());
        m.put("score", r.score());
        m.put("multi_college", r.multiCollege());
        m.put("colleges", r.colleges().stream().map(SecteurDocument::college).toList());
        if (r.regle() != null) {
            m.put("regle", Map.of("code", r.regle().name(), "libelle", r.regle().libelle));
        }
        m.put("explication", r.explication());
        m.put("adresse", adresse(r.adresse()));
        if (!r.candidats().isEmpty()) {
            m.put("candidats", r.candidats().stream().map(c -> {
                Map<String, Object> x = new LinkedHashMap<>();
                x.put("libelle", c.libelle());
                x.put("uais", c.uais());
                put(x, "similarite", c.similarite());
                return x;
            }).toList());
        }
        m.put("lignes_de_la_carte", r.lignes().stream().map(l -> {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("code_insee", l.codeInsee());
            x.put("commune", l.commune());
            put(x, "lieu_dit", l.lieuDit());
            put(x, "voie", l.voie());
            put(x, "plage", l.plage());
            x.put("uai", l.uai());
            return x;
        }).toList());
        List<String> avertissements = new java.util.ArrayList<>(r.avertissements());
        avertissements.add(AVERTISSEMENT_DSDEN);
        m.put("avertissements", avertissements);
        Map<String, Object> carte = new LinkedHashMap<>();
        carte.put("dataset", r.carte().dataset());
        carte.put("version", r.carte().version());
        carte.put("publiee_le", r.carte().publieeLe() == null ? null : r.carte().publieeLe().toString());
        carte.put("lignes", r.carte().lignes());
        m.put("carte", carte);
        return m;
    }

    private static Map<String, Object> college(SecteurReponse.College c) {
        Map<String, Object> x = new LinkedHashMap<>();
        x.put("uai", c.uai());
        put(x, "nom", c.nom());
        put(x, "commune", c.commune());
        if (c.latitude() != null && c.longitude() != null) {
            x.put("position", Map.of("lat", c.latitude(), "lon", c.longitude()));
        }
        return x;
    }

    private static Map<String, Object> adresse(SecteurReponse.AdresseInterpretee a) {
        Map<String, Object> x = new LinkedHashMap<>();
        put(x, "code_insee", a.codeInsee());
        put(x, "commune", a.commune());
        put(x, "ancienne_commune", a.ancienneCommune());
        put(x, "voie", a.voie());
        put(x, "numero", a.numero());
        put(x, "code_postal", a.codePostal());
        put(x, "voie_de_la_carte", a.voieCarte());
        put(x, "similarite", a.similarite());
        return x;
    }

    private static void put(Map<String, Object> m, String k, Object v) {
        if (v != null) {
            m.put(k, v);
        }
    }
}
