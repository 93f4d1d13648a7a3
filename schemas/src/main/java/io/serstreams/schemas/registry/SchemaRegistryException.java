package io.serstreams.schemas.registry;

/**
 * A schema registry refused or failed a request. {@link #error()} says which of Confluent's
 * documented errors it was, so callers can react to "not found" or "incompatible" by type rather
 * than by parsing messages.
 */
public class SchemaRegistryException extends RuntimeException {
    private final RegistryError error;
    private final int errorCode;
    private final int httpStatus;

    public SchemaRegistryException(RegistryError error, String message) {
        this(error, error.code(), error.httpStatus(), message, null);
    }

    public SchemaRegistryException(RegistryError error, int errorCode, int httpStatus, String message, Throwable cause) {
        super(message, cause);
        this.error = error;
        this.errorCode = errorCode;
        this.httpStatus = httpStatus;
    }

    public RegistryError error() {
        return error;
    }

    /** The {@code error_code} as the registry sent it (may be one {@link RegistryError} does not list). */
    public int errorCode() {
        return errorCode;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public boolean isNotFound() {
        return httpStatus == 404;
    }
}
