package fr.geoeduc.core.referentiel;

/** Records of the static référentiel tables. */
public final class Territoire {

    private Territoire() {
    }

    public record Region(String code, String nom) {
    }

    public record RegionAcademique(String code, String nom, String codeRegion) {
    }

    public record Academie(String code, String nom, String codeRegionAcademique, String codeRegion, boolean actif) {
    }

    /** {@code code} is the COG form ({@code 35}, {@code 2A}, {@code 971}); {@code codeEducation} the ministry's ({@code 035}). */
    public record Departement(String code, String codeEducation, String nom, String codeRegion, String codeAcademie) {
    }

    public record Arrondissement(String code, String nom, String codeCommune) {
    }

    public record Emprise(String territoire, double lonMin, double latMin, double lonMax, double latMax) {
        public boolean contains(double lat, double lon) {
            return lon >= lonMin && lon <= lonMax && lat >= latMin && lat <= latMax;
        }
    }
}
