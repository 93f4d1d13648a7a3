package io.serstreams.schemas;

import io.serstreams.schemas.serde.WireFormatException;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/** The one set of dead-letter reasons: the header values consumers read, and what a decoding failure becomes. */
class DeadLetterReasonTest {

    @Test
    void theHeaderValuesAreTheOnesBothTopologiesWrote() {
        // The values of ser.dlq.reason on audio.chunks.dlq and audio.segments.dlq before the two sets were merged:
        // dashboards and consumers match on them, so none may be renamed or dropped.
        assertThat(Arrays.stream(DeadLetterReason.values()).map(Enum::name)).containsExactlyInAnyOrder(
                "BAD_MAGIC_BYTE", "UNKNOWN_SCHEMA_ID", "TRUNCATED_PAYLOAD", "CORRUPT_PAYLOAD", "INCOMPATIBLE_SCHEMA", "EMPTY_RECORD",
                "KEY_MISMATCH", "INVALID_POSITION", "INVALID_SAMPLE_RATE", "SAMPLE_RATE_CHANGED", "PAYLOAD_SIZE_MISMATCH", "OVERSIZE_CHUNK",
                "INVALID_SAMPLES", "CALL_CLOSED",
                "FEATURE_VERSION_MISMATCH", "INVALID_TENSOR", "INFERENCE_FAILED");
    }

    @Test
    void everyDecodingFailureOfTheRecordsOwnHasAReasonAndAnUnreachableRegistryHasNone() {
        for (WireFormatException.Reason failure : WireFormatException.Reason.values()) {
            var reason = DeadLetterReason.of(new WireFormatException(failure, "test"));
            if (failure == WireFormatException.Reason.REGISTRY_UNAVAILABLE) {
                assertThat(reason).as(failure.name()).isEmpty();
            } else {
                assertThat(reason).as(failure.name()).isPresent();
            }
        }
        assertThat(DeadLetterReason.of(new WireFormatException(WireFormatException.Reason.UNPARSEABLE_SCHEMA, "x")))
                .contains(DeadLetterReason.INCOMPATIBLE_SCHEMA);
        assertThat(DeadLetterReason.of(new WireFormatException(WireFormatException.Reason.BAD_MAGIC_BYTE, "x")))
                .contains(DeadLetterReason.BAD_MAGIC_BYTE);
        assertThat(DeadLetterReason.of(new WireFormatException(WireFormatException.Reason.UNKNOWN_SCHEMA_ID, "x")))
                .contains(DeadLetterReason.UNKNOWN_SCHEMA_ID);
        assertThat(DeadLetterReason.of(new WireFormatException(WireFormatException.Reason.TRUNCATED_PAYLOAD, "x")))
                .contains(DeadLetterReason.TRUNCATED_PAYLOAD);
        assertThat(DeadLetterReason.of(new WireFormatException(WireFormatException.Reason.CORRUPT_PAYLOAD, "x")))
                .contains(DeadLetterReason.CORRUPT_PAYLOAD);
    }
}
