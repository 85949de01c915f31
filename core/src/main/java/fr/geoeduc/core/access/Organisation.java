package fr.geoeduc.core.access;

import java.util.List;
import java.util.Locale;

/**
 * A party of conventions: a ministry service, an académie, a région, a département, a commune, an EPCI…
 * {@code territory} holds the codes it covers (académie, région, département or commune codes).
 */
public record Organisation(String id, String name, String siren, Kind kind, List<String> territory) {

    public enum Kind {
        MINISTERE, ACADEMIE, REGION, DEPARTEMENT, COMMUNE, EPCI, AUTRE;

        public static Kind parse(String s) {
            String k = s.strip().toUpperCase(Locale.ROOT).replace("È", "E").replace("É", "E");
            return switch (k) {
                case "MINISTERE", "SERVICE_MINISTERIEL", "MINISTRY" -> MINISTERE;
                case "ACADEMIE", "RECTORAT" -> ACADEMIE;
                case "REGION" -> REGION;
                case "DEPARTEMENT" -> DEPARTEMENT;
                case "COMMUNE" -> COMMUNE;
                case "EPCI" -> EPCI;
                case "AUTRE", "OTHER" -> AUTRE;
                default -> throw new IllegalArgumentException("unknown organisation kind '" + s
                        + "' (expected ministere, academie, region, departement, commune, epci or autre)");
            };
        }
    }

    public Organisation {
        territory = territory == null ? List.of() : List.copyOf(territory);
        if (id == null || !id.matches("[a-z0-9][a-z0-9_.-]{0,63}")) {
            throw new IllegalArgumentException("identifiant d'organisation « " + id + " » invalide : minuscules, chiffres, « - », « _ », « . » / invalid organisation id '" + id + "' (lower-case letters, digits, '-', '_', '.')");
        }
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("le nom de l'organisation est obligatoire / an organisation needs a name");
        }
        if (siren != null && !siren.isBlank() && !siren.matches("\\d{9}")) {
            throw new IllegalArgumentException("le SIREN compte 9 chiffres, pas « " + siren + " » / SIREN must be 9 digits, not '" + siren + "'");
        }
    }
}
