package fr.geoeduc.server.web;

/** One step of the breadcrumbs (fil d'Ariane); the last one, the current page, has no link. */
public record Crumb(String label, String href) {

    public static Crumb here(String label) {
        return new Crumb(label, null);
    }
}
