package io.serstreams.schemas.serde;

import org.apache.kafka.common.errors.SerializationException;

/**
 * A record that does not hold what the Confluent wire format promises. {@link #reason()} says what
 * was wrong, so a dead-letter handler can put it in a header and a test can check it by type.
 */
public class WireFormatException extends SerializationException {

    /** What was wrong with the bytes or their schema. */
    public enum Reason {
        /** The first byte is not the Confluent magic byte 0. */
        BAD_MAGIC_BYTE,
        /** Fewer than the 5 header bytes, or the Avro body ends before the record does. */
        TRUNCATED_PAYLOAD,
        /** The Avro body could not be decoded with the writer's schema (or has bytes left over). */
        CORRUPT_PAYLOAD,
        /** The registry knows no schema with the id in the header. */
        UNKNOWN_SCHEMA_ID,
        /** The writer's schema from the registry is not valid Avro. */
        UNPARSEABLE_SCHEMA,
        /** The reader's schema cannot read data written with the writer's schema. */
        INCOMPATIBLE_SCHEMA,
        /** The registry refused to register or find the record's schema. */
        SCHEMA_REJECTED,
        /** The registry could not be reached or answered nonsense. */
        REGISTRY_UNAVAILABLE,
        /** The value to serialize is not an Avro record. */
        NOT_AN_AVRO_RECORD
    }

    private final Reason reason;

    public WireFormatException(Reason reason, String message) {
        this(reason, message, null);
    }

    public WireFormatException(Reason reason, String message, Throwable cause) {
        super(reason + ": " + message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
