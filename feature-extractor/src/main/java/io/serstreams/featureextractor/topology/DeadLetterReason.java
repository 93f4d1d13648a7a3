package io.serstreams.featureextractor.topology;

/** Why an audio chunk went to the dead-letter topic; written to the {@code ser.dlq.reason} header. */
public enum DeadLetterReason {
    /** Not Confluent wire format: the first byte is not 0. */
    BAD_MAGIC_BYTE,
    /** The schema id in the header is not in the registry. */
    UNKNOWN_SCHEMA_ID,
    /** The record ends before its Avro body does. */
    TRUNCATED_PAYLOAD,
    /** The Avro body does not decode, or has bytes left over. */
    CORRUPT_PAYLOAD,
    /** The writer's schema cannot be read as an AudioChunk, or is not valid Avro. */
    INCOMPATIBLE_SCHEMA,
    /** A record with no value. */
    EMPTY_RECORD,
    /** The record key is not the chunk's call id. */
    KEY_MISMATCH,
    /** A negative channel index, sequence number or sample offset. */
    INVALID_POSITION,
    /** A sample rate outside 4 kHz to 192 kHz. */
    INVALID_SAMPLE_RATE,
    /** A channel's sample rate differs from its earlier chunks. */
    SAMPLE_RATE_CHANGED,
    /** The payload does not hold a whole number of samples of its encoding. */
    PAYLOAD_SIZE_MISMATCH,
    /** More audio than one chunk may carry. */
    OVERSIZE_CHUNK,
    /** Float samples that are NaN, infinite, or beyond +-1e6 (full scale is +-1): features cannot be computed from them. */
    INVALID_SAMPLES,
    /** A chunk for a channel whose call already ended. */
    CALL_CLOSED
}
