package fr.geoeduc.core.metadata;

/** A metadata request the store cannot take: unknown dataset or field, unreadable schema file. */
public final class MetadataException extends IllegalArgumentException {

    public MetadataException(String message) {
        super(message);
    }

    public MetadataException(String message, Throwable cause) {
        super(message, cause);
    }
}
