package io.serstreams.schemas;

import io.serstreams.schemas.serde.WireFormatException;

import java.util.Optional;

/**
 * Why a record went to a dead-letter topic ({@code audio.chunks.dlq} or {@code audio.segments.dlq}):
 * the value of its {@code ser.dlq.reason} header, the constant's name.
 *
 * <p>One set for both topologies, kept here in {@code schemas} because the header is part of the
 * wire contract, like the topics of {@link EventTopic}: consumers of the dead-letter topics and
 * dashboards read these names, and every module that writes or reads a dead letter (the feature
 * topology, the inference topology, tools) depends on {@code schemas} and on nothing of each
 * other's wiring. The names are what the topics carry: rename none.
 */
public enum DeadLetterReason {
    // Either topology: the record itself does not decode.
    /** Not Confluent wire format: the first byte is not 0. */
    BAD_MAGIC_BYTE,
    /** The schema id in the header is not in the registry. */
    UNKNOWN_SCHEMA_ID,
    /** The record ends before its Avro body does. */
    TRUNCATED_PAYLOAD,
    /** The Avro body does not decode, or has bytes left over. */
    CORRUPT_PAYLOAD,
    /** The writer's schema cannot be read as the topic's value type, or is not valid Avro. */
    INCOMPATIBLE_SCHEMA,
    /** A record with no value. */
    EMPTY_RECORD,

    // The feature topology (audio.chunks.dlq): a chunk it cannot use.
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
    CALL_CLOSED,

    // The inference topology (audio.segments.dlq): a segment the model cannot take.
    /** Features computed with another configuration than the model was trained with. */
    FEATURE_VERSION_MISMATCH,
    /** Tensors whose shape or values the model cannot take. */
    INVALID_TENSOR,
    /** The model failed or overran its timeout on every attempt. */
    INFERENCE_FAILED;

    /**
     * The reason to dead-letter a record that failed to decode, or empty when the failure is not
     * the record's fault (the registry could not be reached): then the task should fail rather
     * than dead-letter a good record.
     */
    public static Optional<DeadLetterReason> of(WireFormatException failure) {
        return switch (failure.reason()) {
            case REGISTRY_UNAVAILABLE -> Optional.empty();
            case BAD_MAGIC_BYTE -> Optional.of(BAD_MAGIC_BYTE);
            case UNKNOWN_SCHEMA_ID -> Optional.of(UNKNOWN_SCHEMA_ID);
            case TRUNCATED_PAYLOAD -> Optional.of(TRUNCATED_PAYLOAD);
            case INCOMPATIBLE_SCHEMA, UNPARSEABLE_SCHEMA -> Optional.of(INCOMPATIBLE_SCHEMA);
            case CORRUPT_PAYLOAD, SCHEMA_REJECTED, NOT_AN_AVRO_RECORD -> Optional.of(CORRUPT_PAYLOAD);
        };
    }
}
