package fr.geoeduc.server.gis;

/**
 * A GIS download that cannot be made: the server's temporary disk is full, or the query matches more features than a
 * download may hold. Raised before the first byte is sent, so that the route answers with a clear error.
 */
public final class GisDownloadException extends RuntimeException {

    public enum Reason { DISK_FULL, TOO_MANY_FEATURES }

    public final Reason reason;

    GisDownloadException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    /** True when {@code e} or one of its causes says the disk (or SQLite's database) is full. */
    static boolean isDiskFull(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String m = t.getMessage();
            if (m != null && (m.contains("No space left on device") || m.contains("SQLITE_FULL") || m.contains("disk is full")
                    || m.contains("Disk quota exceeded"))) {
                return true;
            }
        }
        return false;
    }

    static GisDownloadException diskFull(Throwable cause) {
        return new GisDownloadException(Reason.DISK_FULL, "le disque temporaire du serveur est plein : le fichier n'a pas pu être "
                + "écrit ; réessayez plus tard ou réduisez la sélection (bbox, filtre, propriétés)", cause);
    }
}
