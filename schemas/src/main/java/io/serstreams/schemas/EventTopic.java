package io.serstreams.schemas;

import io.serstreams.schema.AudioChunk;
import io.serstreams.schema.CallEmotionSummary;
import io.serstreams.schema.EmotionAlert;
import io.serstreams.schema.EmotionEvent;
import io.serstreams.schema.SegmentFeatures;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.specific.SpecificData;

import java.util.Optional;

/**
 * The pipeline's topics, as in {@code architecture.md}: every one keyed by call id (a string), each
 * with the Avro value type it carries. Dead-letter topics carry the original bytes unchanged.
 */
public enum EventTopic {
    AUDIO_CHUNKS("audio.chunks", AudioChunk.class),
    AUDIO_CHUNKS_DLQ("audio.chunks.dlq", null),
    AUDIO_SEGMENTS("audio.segments", SegmentFeatures.class),
    AUDIO_SEGMENTS_DLQ("audio.segments.dlq", null),
    EMOTION_EVENTS("emotion.events", EmotionEvent.class),
    CALL_SUMMARY("emotion.call-summary", CallEmotionSummary.class),
    ALERTS("emotion.alerts", EmotionAlert.class);

    private final String topicName;
    private final Class<? extends SpecificRecord> valueType;

    EventTopic(String topicName, Class<? extends SpecificRecord> valueType) {
        this.topicName = topicName;
        this.valueType = valueType;
    }

    /** The Kafka topic name. */
    public String topicName() {
        return topicName;
    }

    /** The generated class of the values, or empty for a dead-letter topic holding raw bytes. */
    public Optional<Class<? extends SpecificRecord>> valueType() {
        return Optional.ofNullable(valueType);
    }

    /** The Avro schema of the values, or empty for a dead-letter topic. */
    public Optional<Schema> valueSchema() {
        return valueType().map(type -> SpecificData.get().getSchema(type));
    }
}
