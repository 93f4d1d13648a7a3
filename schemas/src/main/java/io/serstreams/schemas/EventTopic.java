package io.serstreams.schemas;

import io.serstreams.schema.AudioChunk;
import io.serstreams.schema.CallEmotionSummary;
import io.serstreams.schema.DomainProfileState;
import io.serstreams.schema.EmotionAlert;
import io.serstreams.schema.EmotionEvent;
import io.serstreams.schema.SegmentFeatures;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.specific.SpecificData;

import java.util.Map;
import java.util.Optional;

/**
 * The pipeline's topics, as in {@code architecture.md}: each with the Avro value type it carries, keyed
 * by call id (a string) but for {@link #DOMAIN_PROFILES}, keyed by domain and compacted. Dead-letter
 * topics carry the original bytes unchanged.
 */
public enum EventTopic {
    AUDIO_CHUNKS("audio.chunks", AudioChunk.class),
    AUDIO_CHUNKS_DLQ("audio.chunks.dlq", null),
    AUDIO_SEGMENTS("audio.segments", SegmentFeatures.class),
    AUDIO_SEGMENTS_DLQ("audio.segments.dlq", null),
    EMOTION_EVENTS("emotion.events", EmotionEvent.class),
    CALL_SUMMARY("emotion.call-summary", CallEmotionSummary.class),
    ALERTS("emotion.alerts", EmotionAlert.class),
    /** Each declared domain's latest profile: compacted, so a reader from the start finds every domain's latest. */
    DOMAIN_PROFILES("domain.profiles", DomainProfileState.class, Map.of("cleanup.policy", "compact"));

    private final String topicName;
    private final Class<? extends SpecificRecord> valueType;
    private final Map<String, String> configs;

    EventTopic(String topicName, Class<? extends SpecificRecord> valueType) {
        this(topicName, valueType, Map.of());
    }

    EventTopic(String topicName, Class<? extends SpecificRecord> valueType, Map<String, String> configs) {
        this.topicName = topicName;
        this.valueType = valueType;
        this.configs = configs;
    }

    /** Topic settings the pipeline relies on (cleanup policy), to set where the topic is created. */
    public Map<String, String> configs() {
        return configs;
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
