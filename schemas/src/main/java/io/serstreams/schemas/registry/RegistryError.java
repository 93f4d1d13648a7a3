package io.serstreams.schemas.registry;

/**
 * The error codes of Confluent Schema Registry's REST API that this project speaks, with the HTTP
 * status each travels with.
 */
public enum RegistryError {
    SUBJECT_NOT_FOUND(40401, 404),
    VERSION_NOT_FOUND(40402, 404),
    SCHEMA_NOT_FOUND(40403, 404),
    SUBJECT_SOFT_DELETED(40404, 404),
    SUBJECT_NOT_SOFT_DELETED(40405, 404),
    VERSION_SOFT_DELETED(40406, 404),
    VERSION_NOT_SOFT_DELETED(40407, 404),
    SUBJECT_COMPATIBILITY_NOT_CONFIGURED(40408, 404),
    SUBJECT_MODE_NOT_CONFIGURED(40409, 404),
    NOT_FOUND(404, 404),
    METHOD_NOT_ALLOWED(405, 405),
    INCOMPATIBLE_SCHEMA(409, 409),
    UNSUPPORTED_MEDIA_TYPE(415, 415),
    UNAUTHORIZED(401, 401),
    PAYLOAD_TOO_LARGE(413, 413),
    BAD_REQUEST(400, 400),
    INVALID_SCHEMA(42201, 422),
    INVALID_VERSION(42202, 422),
    INVALID_COMPATIBILITY_LEVEL(42203, 422),
    INVALID_MODE(42204, 422),
    OPERATION_NOT_PERMITTED(42205, 422),
    REFERENCE_EXISTS(42206, 422),
    ID_DOES_NOT_MATCH(42207, 422),
    STORE_ERROR(50001, 500),
    OPERATION_TIMEOUT(50002, 500),
    /** A response this client could not understand, or a registry it could not reach. */
    UNEXPECTED_RESPONSE(-1, 0);

    private final int code;
    private final int httpStatus;

    RegistryError(int code, int httpStatus) {
        this.code = code;
        this.httpStatus = httpStatus;
    }

    /** The {@code error_code} of the JSON error body. */
    public int code() {
        return code;
    }

    /** The HTTP status that carries this error. */
    public int httpStatus() {
        return httpStatus;
    }

    /** The error for a code read off a response, or {@link #UNEXPECTED_RESPONSE} for one not listed. */
    public static RegistryError ofCode(int code) {
        for (RegistryError e : values()) {
            if (e.code == code) {
                return e;
            }
        }
        return UNEXPECTED_RESPONSE;
    }
}
