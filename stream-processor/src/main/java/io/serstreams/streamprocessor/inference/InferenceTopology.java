package io.serstreams.streamprocessor.inference;

import io.serstreams.featureextractor.topology.Branch;
import io.serstreams.modelserver.bundle.ModelManifest;
import io.serstreams.modelserver.engine.SegmentClassifier;
import io.serstreams.schema.CallEmotionSummary;
import io.serstreams.schema.DomainProfileState;
import io.serstreams.schema.EmotionAlert;
import io.serstreams.schema.EmotionEvent;
import io.serstreams.schema.SegmentFeatures;
import io.serstreams.schemas.EventTopic;
import io.serstreams.streamprocessor.profiles.DomainProfileAggregator;
import io.serstreams.streamprocessor.profiles.ProfileMomentsCodec;
import io.serstreams.streamprocessor.profiles.ProfileSettings;
import io.serstreams.streamprocessor.summary.AlertRule;
import io.serstreams.streamprocessor.summary.CallSummarizer;
import io.serstreams.streamprocessor.summary.ChannelUpdate;
import io.serstreams.streamprocessor.summary.SummarizerOutput;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

import java.time.Duration;
import java.util.List;

/**
 * The inference topology, built in one place:
 * <pre>
 * audio.segments ─► segment-batcher [inference-pending]
 *                     ├─► classified-segments ─┬─► emotion.events
 *                     │                        ├─► emotion.events.&lt;nearest domain&gt;   (per-domain topics on)
 *                     │                        └─► summary-input-events ─┐
 *                     ├─► channel-ends ──────────────────────────────────┴─► summary-input ─► call-summarizer [call-summaries]
 *                     │                                                     ├─► call-summaries-out ─► emotion.call-summary
 *                     │                                                     └─► alerts-out ─► emotion.alerts
 *                     ├─► rejected-segments ─► audio.segments.dlq   (the record as read, reason in headers)
 *                     └─► profile-contributions ─► [repartition by domain key] ─► domain-profile-aggregator [domain-profiles]
 *                                                                                  └─► domain.profiles (compacted)
 * domain.profiles ─► global store [domain-profiles-latest] ─► read by segment-batcher   (profiles on)
 * </pre>
 * The batcher emits {@link BatcherOutput}s and the summariser {@link SummarizerOutput}s; each kind
 * is picked out by its type ({@link Branch}) and goes to its sink with its own serde, so nothing is
 * routed by a child's name. Processing is depth first within a task, so the summariser sees a
 * channel's events and its end in the order the batcher emitted them. Node, store and topic names
 * are here, and each processor is given its store's name, so neither refers back to this class
 * and the summary package knows nothing of this one.
 */
public final class InferenceTopology {
    public static final String SOURCE_TOPIC = EventTopic.AUDIO_SEGMENTS.topicName();
    /** Prefix of the per-domain event topics: {@code emotion.events.<nearest training domain>}. */
    public static final String DOMAIN_TOPIC_PREFIX = EventTopic.EMOTION_EVENTS.topicName() + ".";

    public static final String SOURCE = "audio-segments-source";
    public static final String BATCHER = "segment-batcher";
    /** The batcher's outputs of each kind. */
    public static final String CLASSIFIED = "classified-segments";
    public static final String REJECTED = "rejected-segments";
    public static final String CHANNEL_ENDS = "channel-ends";
    /** Events and channel ends as the summariser reads them, merged in the batcher's order. */
    public static final String SUMMARY_EVENTS = "summary-input-events";
    public static final String SUMMARY_INPUT = "summary-input";
    public static final String SUMMARIZER = "call-summarizer";
    /** The summariser's outputs of each kind. */
    public static final String SUMMARIES = "call-summaries-out";
    public static final String ALERTS = "alerts-out";
    public static final String EVENTS_SINK = "emotion-events-sink";
    public static final String DOMAIN_EVENTS_SINK = "emotion-events-by-domain-sink";
    public static final String DLQ_SINK = "audio-segments-dlq-sink";
    public static final String SUMMARY_SINK = "call-summary-sink";
    public static final String ALERTS_SINK = "emotion-alerts-sink";
    /** Speech segments' sums, keyed by domain, and the repartition topic that takes them to their domain's aggregator. */
    public static final String PROFILE_CONTRIBUTIONS = "profile-contributions";
    public static final String PROFILE_REPARTITION = "domain-profile-contributions";
    public static final String PROFILE_AGGREGATOR = "domain-profile-aggregator";
    public static final String PROFILES_SINK = "domain-profiles-sink";
    /** The global table over {@code domain.profiles} (its source node is this with {@code -source}). */
    public static final String LATEST_PROFILES = "latest-domain-profiles";

    /** Segments waiting for the model (changelogged: a crash loses none). */
    public static final String PENDING_STORE = "inference-pending";
    /** Per call and channel summary state; interactive queries read it. */
    public static final String SUMMARY_STORE = "call-summaries";
    /** Each domain's profile sums (changelogged), the aggregator's. */
    public static final String PROFILE_STORE = "domain-profiles";
    /** Each domain's latest published profile record (bytes as read), a global store over {@code domain.profiles}: the batcher reads it, and the domains API. */
    public static final String LATEST_PROFILES_STORE = "domain-profiles-latest";

    private InferenceTopology() {
    }

    /**
     * How the topology behaves.
     *
     * @param trendWindow     segments the summary's trend is fitted over
     * @param retention       how long an ended call's summary stays queryable
     * @param perDomainTopics also write each event to {@code emotion.events.<nearest domain>}
     * @param profiles        per-domain profiles: whether, keyed how, active after how much speech
     */
    public record Settings(BatchPolicy batching, List<AlertRule> rules, int trendWindow, Duration retention, DomainTagger domains,
                           boolean perDomainTopics, ProfileSettings profiles) {
    }

    /** Serialisation of the topology's records (Confluent wire format). */
    public record EventSerdes(Deserializer<SegmentFeatures> segments, Serde<EmotionEvent> events, Serde<CallEmotionSummary> summaries,
                              Serde<EmotionAlert> alerts, Serde<DomainProfileState> profiles) {
    }

    /** Adds the topology to {@code builder}; returns the emotion events. */
    public static KStream<String, EmotionEvent> addTo(StreamsBuilder builder, Settings settings, SegmentClassifier classifier, ModelManifest model,
                                                      EventSerdes serdes) {
        // Write caches: a segment that waits less than a commit interval is put and deleted in the
        // cache and never reaches RocksDB or the changelog (the cache is flushed before each commit,
        // so a crash still finds every segment the model has not answered).
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PENDING_STORE), Serdes.Long(), Serdes.ByteArray())
                .withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SUMMARY_STORE), Serdes.String(), Serdes.ByteArray())
                .withCachingEnabled());

        KStream<String, BatcherOutput> batched = builder.stream(SOURCE_TOPIC, Consumed.with(Serdes.String(), Serdes.ByteArray()).withName(SOURCE))
                .process(() -> new SegmentBatcher(PENDING_STORE, settings.batching(), classifier, model, serdes.segments(), settings.domains(),
                        settings.profiles(), LATEST_PROFILES_STORE, serdes.profiles().deserializer()), Named.as(BATCHER), PENDING_STORE);

        KStream<String, EmotionEvent> events = batched.flatMapValues(
                Branch.of(BatcherOutput.ClassifiedSegment.class, BatcherOutput.ClassifiedSegment::event), Named.as(CLASSIFIED));
        Produced<String, EmotionEvent> eventSerdes = Produced.with(Serdes.String(), serdes.events());
        events.to(EventTopic.EMOTION_EVENTS.topicName(), eventSerdes.withName(EVENTS_SINK));
        if (settings.perDomainTopics()) {
            events.to((key, event, context) -> DOMAIN_TOPIC_PREFIX + event.getNearestDomain().getDomain(), eventSerdes.withName(DOMAIN_EVENTS_SINK));
        }

        batched.flatMapValues(Branch.of(BatcherOutput.RejectedSegment.class, BatcherOutput.RejectedSegment::bytes), Named.as(REJECTED))
                .to(EventTopic.AUDIO_SEGMENTS_DLQ.topicName(), Produced.with(Serdes.String(), Serdes.ByteArray()).withName(DLQ_SINK));

        KStream<String, ChannelUpdate> ends = batched.flatMapValues(
                Branch.of(BatcherOutput.ChannelEnd.class, end -> new ChannelUpdate.Ended(end.callId(), end.channelIndex())), Named.as(CHANNEL_ENDS));
        KStream<String, SummarizerOutput> summarized = events.<ChannelUpdate>mapValues(ChannelUpdate.Classified::new, Named.as(SUMMARY_EVENTS))
                .merge(ends, Named.as(SUMMARY_INPUT))
                .process(() -> new CallSummarizer(SUMMARY_STORE, settings.rules(), settings.trendWindow(), settings.retention()),
                        Named.as(SUMMARIZER), SUMMARY_STORE);
        summarized.flatMapValues(Branch.of(SummarizerOutput.SummaryUpdated.class, SummarizerOutput.SummaryUpdated::summary), Named.as(SUMMARIES))
                .to(EventTopic.CALL_SUMMARY.topicName(), Produced.with(Serdes.String(), serdes.summaries()).withName(SUMMARY_SINK));
        summarized.flatMapValues(Branch.of(SummarizerOutput.AlertRaised.class, SummarizerOutput.AlertRaised::alert), Named.as(ALERTS))
                .to(EventTopic.ALERTS.topicName(), Produced.with(Serdes.String(), serdes.alerts()).withName(ALERTS_SINK));
        if (settings.profiles().enabled()) {
            addProfiles(builder, batched, settings.profiles(), model, serdes.profiles());
        }
        return events;
    }

    /**
     * Each speech segment's sums go, keyed by domain, through a repartition topic to the aggregator that
     * owns the domain, which publishes the profile to {@code domain.profiles}; the batcher reads every
     * domain's latest from a global store over that topic.
     */
    private static void addProfiles(StreamsBuilder builder, KStream<String, BatcherOutput> batched, ProfileSettings settings, ModelManifest model,
                                    Serde<DomainProfileState> serde) {
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PROFILE_STORE), Serdes.String(), Serdes.ByteArray())
                .withCachingEnabled());
        batched.flatMapValues(Branch.of(BatcherOutput.ProfileContribution.class, BatcherOutput.ProfileContribution::moments), Named.as(PROFILE_CONTRIBUTIONS))
                .repartition(Repartitioned.with(Serdes.String(), ProfileMomentsCodec.serde()).withName(PROFILE_REPARTITION))
                .process(() -> new DomainProfileAggregator(PROFILE_STORE, settings, model), Named.as(PROFILE_AGGREGATOR), PROFILE_STORE)
                .to(EventTopic.DOMAIN_PROFILES.topicName(), Produced.with(Serdes.String(), serde).withName(PROFILES_SINK));
        // The records as read, decoded by their readers: a record this instance cannot decode (a schema its registry
        // does not know) leaves its domain on the training pool instead of stopping the global thread.
        builder.globalTable(EventTopic.DOMAIN_PROFILES.topicName(), Consumed.with(Serdes.String(), Serdes.ByteArray()).withName(LATEST_PROFILES),
                Materialized.<String, byte[], KeyValueStore<Bytes, byte[]>>as(LATEST_PROFILES_STORE)
                        .withKeySerde(Serdes.String()).withValueSerde(Serdes.ByteArray()));
    }

    /** Per-domain event topics for a model's training domains. */
    public static List<String> domainTopics(ModelManifest model) {
        return model.labels().domains().stream().map(d -> DOMAIN_TOPIC_PREFIX + d).toList();
    }
}
