package fr.geoeduc.core.store;

/** The store cannot do what was asked (database unreachable, locked, corrupt); the message says which. */
public class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }
}
