package fr.geoeduc.core.join;

/** A jointure that cannot run as asked (unknown dataset or field, incompatible keys…); nothing is published. */
public final class JoinException extends RuntimeException {
    public JoinException(String message) {
        super(message);
    }
}
