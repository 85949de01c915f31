package fr.geoeduc.core.adresse;

/**
 * One address of the Base Adresse Nationale (per-département CSV, {@code adresses-35.csv.gz}): the fields the carte
 * scolaire needs. {@code x}/{@code y} are Lambert-93 metres (metropolitan France), {@code lon}/{@code lat} WGS84.
 */
public record BanAdresse(String id, int numero, String rep, String nomVoie, String codePostal, String codeInsee,
                         String nomCommune, String codeAncienneCommune, String nomAncienneCommune, double x, double y,
                         double lon, double lat) {

    /** BAN numbers of 99999 (and anything from 10000) are toponyms, not housenumbers. */
    public boolean toponyme() {
        return numero <= 0 || numero >= 10000;
    }

    public String libelle() {
        String n = toponyme() ? "" : numero + (rep == null || rep.isEmpty() ? "" : " " + rep) + " ";
        return n + nomVoie + ", " + codePostal + " " + nomCommune;
    }
}
