package io.serstreams.streamprocessor.inference;

/** Why a segment went to {@code audio.segments.dlq}; written to the {@code ser.dlq.reason} header. */
public enum SegmentRejection {
    /** Not Confluent wire format: the first byte is not 0. */
    BAD_MAGIC_BYTE,
    /** The schema id in the header is not in the registry. */
    UNKNOWN_SCHEMA_ID,
    /** The record ends before its Avro body does. */
    TRUNCATED_PAYLOAD,
    /** The Avro body does not decode, or has bytes left over. */
    CORRUPT_PAYLOAD,
    /** The writer's schema cannot be read as SegmentFeatures. */
    INCOMPATIBLE_SCHEMA,
    /** A record with no value. */
    EMPTY_RECORD,
    /** Features computed with another configuration than the model was trained with. */
    FEATURE_VERSION_MISMATCH,
    /** Tensors whose shape or values the model cannot take. */
    INVALID_TENSOR,
    /** The model failed or overran its timeout on every attempt. */
    INFERENCE_FAILED
}
