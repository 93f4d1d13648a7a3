package io.serstreams.streamprocessor.inference;

import io.serstreams.modelserver.bundle.ModelManifest;
import io.serstreams.modelserver.engine.SegmentClassifier;
import io.serstreams.schema.CallEmotionSummary;
import io.serstreams.schema.EmotionAlert;
import io.serstreams.schema.EmotionEvent;
import io.serstreams.schema.SegmentFeatures;
import io.serstreams.schemas.EventTopic;
import io.serstreams.streamprocessor.summary.AlertRule;
import io.serstreams.streamprocessor.summary.CallSummarizer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;

import java.time.Duration;
import java.util.List;

/**
 * The inference topology:
 * <pre>
 * audio.segments -> segment-batcher [inference-pending] -> emotion.events (and emotion.events.&lt;domain&gt;)
 *                         |                           \-> audio.segments.dlq
 *                         v
 *                   call-summarizer [call-summaries] -> emotion.call-summary, emotion.alerts
 * </pre>
 * Processors forward to their children by name, so every node is named here.
 */
public final class InferenceTopology {
    public static final String SOURCE_TOPIC = EventTopic.AUDIO_SEGMENTS.topicName();
    /** Prefix of the per-domain event topics: {@code emotion.events.<nearest training domain>}. */
    public static final String DOMAIN_TOPIC_PREFIX = EventTopic.EMOTION_EVENTS.topicName() + ".";

    public static final String SOURCE = "audio-segments-source";
    public static final String BATCHER = "segment-batcher";
    public static final String SUMMARIZER = "call-summarizer";
    public static final String EVENTS_SINK = "emotion-events-sink";
    public static final String DOMAIN_EVENTS_SINK = "emotion-events-by-domain-sink";
    public static final String DLQ_SINK = "audio-segments-dlq-sink";
    public static final String SUMMARY_SINK = "call-summary-sink";
    public static final String ALERTS_SINK = "emotion-alerts-sink";

    /** Segments waiting for the model (changelogged: a crash loses none). */
    public static final String PENDING_STORE = "inference-pending";
    /** Per call and channel summary state; interactive queries read it. */
    public static final String SUMMARY_STORE = "call-summaries";

    private InferenceTopology() {
    }

    /**
     * How the topology behaves.
     *
     * @param trendWindow     segments the summary's trend is fitted over
     * @param retention       how long an ended call's summary stays queryable
     * @param perDomainTopics also write each event to {@code emotion.events.<nearest domain>}
     */
    public record Settings(BatchPolicy batching, List<AlertRule> rules, int trendWindow, Duration retention, DomainTagger domains,
                           boolean perDomainTopics) {
    }

    /** Serialisation of the topology's records (Confluent wire format). */
    public record EventSerdes(Deserializer<SegmentFeatures> segments, Serde<EmotionEvent> events, Serde<CallEmotionSummary> summaries,
                              Serde<EmotionAlert> alerts) {
    }

    /** Adds the topology to {@code builder}; returns the batcher's output stream. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static KStream<String, Object> addTo(StreamsBuilder builder, Settings settings, SegmentClassifier classifier, ModelManifest model, EventSerdes serdes) {
        // Write caches: a segment that waits less than a commit interval is put and deleted in the
        // cache and never reaches RocksDB or the changelog (the cache is flushed before each commit,
        // so a crash still finds every segment the model has not answered).
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PENDING_STORE), Serdes.Long(), Serdes.ByteArray())
                .withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SUMMARY_STORE), Serdes.String(), Serdes.ByteArray())
                .withCachingEnabled());
        KStream batched = builder.stream(SOURCE_TOPIC, Consumed.with(Serdes.String(), Serdes.ByteArray()).withName(SOURCE))
                .process(() -> new SegmentBatcher(settings.batching(), classifier, model, serdes.segments(), settings.domains(),
                        settings.perDomainTopics()), Named.as(BATCHER), PENDING_STORE);
        batched.to(EventTopic.EMOTION_EVENTS.topicName(), Produced.with(Serdes.String(), serdes.events()).withName(EVENTS_SINK));
        batched.to(EventTopic.AUDIO_SEGMENTS_DLQ.topicName(), Produced.with(Serdes.String(), Serdes.ByteArray()).withName(DLQ_SINK));
        if (settings.perDomainTopics()) {
            batched.to((key, value, context) -> DOMAIN_TOPIC_PREFIX + ((EmotionEvent) value).getNearestDomain().getDomain(),
                    Produced.with(Serdes.String(), serdes.events()).withName(DOMAIN_EVENTS_SINK));
        }
        KStream summarized = batched.process(() -> new CallSummarizer(settings.rules(), settings.trendWindow(), settings.retention()),
                Named.as(SUMMARIZER), SUMMARY_STORE);
        summarized.to(EventTopic.CALL_SUMMARY.topicName(), Produced.with(Serdes.String(), serdes.summaries()).withName(SUMMARY_SINK));
        summarized.to(EventTopic.ALERTS.topicName(), Produced.with(Serdes.String(), serdes.alerts()).withName(ALERTS_SINK));
        return batched;
    }

    /** Per-domain event topics for a model's training domains. */
    public static List<String> domainTopics(ModelManifest model) {
        return model.labels().domains().stream().map(d -> DOMAIN_TOPIC_PREFIX + d).toList();
    }
}
