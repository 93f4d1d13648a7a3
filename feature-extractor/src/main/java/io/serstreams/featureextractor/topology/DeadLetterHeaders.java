package io.serstreams.featureextractor.topology;

import io.serstreams.schemas.DeadLetterReason;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.RecordMetadata;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The headers of a dead-lettered record: the original ones, then why ({@code ser.dlq.reason},
 * {@code ser.dlq.message}) and, when known, where it was read ({@code ser.dlq.topic},
 * {@code ser.dlq.partition}, {@code ser.dlq.offset}). Every dead-letter topic of the pipeline uses them.
 */
public final class DeadLetterHeaders {
    private DeadLetterHeaders() {
    }

    public static RecordHeaders of(Header[] original, DeadLetterReason reason, String message, Optional<RecordMetadata> source) {
        RecordHeaders headers = new RecordHeaders(original);
        headers.add(FeatureTopology.HEADER_REASON, reason.name().getBytes(StandardCharsets.UTF_8));
        headers.add(FeatureTopology.HEADER_MESSAGE, message.getBytes(StandardCharsets.UTF_8));
        source.ifPresent(m -> {
            headers.add(FeatureTopology.HEADER_TOPIC, m.topic().getBytes(StandardCharsets.UTF_8));
            headers.add(FeatureTopology.HEADER_PARTITION, Integer.toString(m.partition()).getBytes(StandardCharsets.UTF_8));
            headers.add(FeatureTopology.HEADER_OFFSET, Long.toString(m.offset()).getBytes(StandardCharsets.UTF_8));
        });
        return headers;
    }

    /**
     * A dead letter's reason and message as one phrase for the log. Some messages already open with
     * their reason (a {@code WireFormatException}'s does); the reason is then said once.
     */
    public static String describe(DeadLetterReason reason, String message) {
        return message.startsWith(reason.name() + ": ") ? message : reason.name() + ": " + message;
    }
}
