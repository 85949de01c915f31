package fr.geoeduc.server.ogcapi;

import org.locationtech.jts.geom.Envelope;

/**
 * One tile of WebMercatorQuad as written in the URL {@code {tileMatrix}/{tileRow}/{tileCol}}: a 400 naming the
 * parameter when it is not an integer, a 404 naming it when it lies outside the matrix (level beyond 0–24, a row or
 * column negative or beyond {@code 2^z − 1}).
 */
record TileAddress(int z, long row, long col) {

    static TileAddress parse(String tileMatrix, String tileRow, String tileCol) {
        long z = integer("tileMatrix", tileMatrix);
        if (z < 0 || z > WebMercatorQuad.MAX_ZOOM) {
            throw outside("tileMatrix", "le niveau " + z + " n'existe pas dans " + WebMercatorQuad.ID + " (niveaux 0 à "
                    + WebMercatorQuad.MAX_ZOOM + ")");
        }
        long size = WebMercatorQuad.matrixSize((int) z);
        long row = integer("tileRow", tileRow);
        if (row < 0 || row >= size) {
            throw outside("tileRow", "la ligne " + row + " est hors de la matrice " + z + " (0 à " + (size - 1) + ")");
        }
        long col = integer("tileCol", tileCol);
        if (col < 0 || col >= size) {
            throw outside("tileCol", "la colonne " + col + " est hors de la matrice " + z + " (0 à " + (size - 1) + ")");
        }
        return new TileAddress((int) z, row, col);
    }

    private static long integer(String parameter, String text) {
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw OgcException.badParameter(parameter, "un entier est attendu, reçu « " + text + " »");
        }
    }

    private static OgcException outside(String parameter, String description) {
        return OgcException.notFound("paramètre " + parameter + " : " + description);
    }

    Envelope bounds() {
        return WebMercatorQuad.bounds(z, row, col);
    }

    @Override
    public String toString() {
        return z + "/" + row + "/" + col;
    }
}
