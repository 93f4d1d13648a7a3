package io.serstreams.featureextractor.topology;

import io.serstreams.schema.AudioChunk;
import io.serstreams.schema.SegmentFeatures;
import io.serstreams.schemas.EventTopic;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

import java.util.List;

/**
 * The feature topology, built in one place:
 * <pre>
 *   audio.chunks ──► feature-extraction ──► audio.segments
 *                      │  stores: feature-channel-state, feature-chunk-buffer, feature-checkpoints
 *                      └──► audio.chunks.dlq   (original record, reason in headers)
 * </pre>
 * Values are read as bytes and decoded inside the processor, so an undecodable record is
 * dead-lettered with its reason instead of stopping the application.
 */
public final class FeatureTopology {
    public static final String DEFAULT_SOURCE_TOPIC = EventTopic.AUDIO_CHUNKS.topicName();

    public static final String SOURCE = "audio-chunks-source";
    public static final String PROCESSOR = "feature-extraction";
    public static final String SEGMENTS_SINK = "audio-segments-sink";
    public static final String DLQ_SINK = "audio-chunks-dlq-sink";

    public static final String CHANNEL_STORE = "feature-channel-state";
    public static final String CHUNK_STORE = "feature-chunk-buffer";
    public static final String CHECKPOINT_STORE = "feature-checkpoints";

    /** Headers on dead-lettered records. */
    public static final String HEADER_REASON = "ser.dlq.reason";
    public static final String HEADER_MESSAGE = "ser.dlq.message";
    public static final String HEADER_TOPIC = "ser.dlq.topic";
    public static final String HEADER_PARTITION = "ser.dlq.partition";
    public static final String HEADER_OFFSET = "ser.dlq.offset";

    private static final List<String> STORES = List.of(CHANNEL_STORE, CHUNK_STORE, CHECKPOINT_STORE);

    private FeatureTopology() {
    }

    /**
     * A persistent, changelogged store with a write cache: a chunk buffered and deleted again, or a
     * channel state rewritten, within one commit interval reaches RocksDB and the changelog once
     * (or not at all) instead of on every chunk. The cache is flushed before every commit, so what
     * survives a crash is unchanged.
     */
    private static StoreBuilder<KeyValueStore<String, byte[]>> store(String name) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), Serdes.ByteArray()).withCachingEnabled();
    }

    /**
     * Adds the feature topology to {@code topology} (so one application can hold it beside others).
     *
     * @param chunkDeserializer reads {@code AudioChunk} values (Confluent wire format)
     * @param segmentSerde      writes {@code SegmentFeatures} values
     */
    public static Topology addTo(Topology topology, FeatureTopologyConfig config, Deserializer<AudioChunk> chunkDeserializer,
                                 Serde<SegmentFeatures> segmentSerde) {
        topology.addSource(SOURCE, Serdes.String().deserializer(), Serdes.ByteArray().deserializer(), DEFAULT_SOURCE_TOPIC);
        topology.addProcessor(PROCESSOR, () -> new FeatureExtractionProcessor(config, chunkDeserializer), SOURCE);
        for (String store : STORES) {
            topology.addStateStore(store(store), PROCESSOR);
        }
        topology.addSink(SEGMENTS_SINK, EventTopic.AUDIO_SEGMENTS.topicName(), Serdes.String().serializer(), segmentSerde.serializer(), PROCESSOR);
        topology.addSink(DLQ_SINK, EventTopic.AUDIO_CHUNKS_DLQ.topicName(), Serdes.String().serializer(), Serdes.ByteArray().serializer(), PROCESSOR);
        return topology;
    }

    /**
     * Adds the same processor, stores and sinks, under the same names, to a {@link StreamsBuilder}
     * (applications whose framework hands them a builder, such as Micronaut's Kafka Streams).
     *
     * @return the processor's output stream
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static KStream<String, Object> addTo(StreamsBuilder builder, FeatureTopologyConfig config, Deserializer<AudioChunk> chunkDeserializer,
                             Serde<SegmentFeatures> segmentSerde) {
        for (String store : STORES) {
            builder.addStateStore(store(store));
        }
        // The processor forwards to its sinks by name, so the sinks are named as in the Topology form.
        KStream<String, Object> out = builder.stream(DEFAULT_SOURCE_TOPIC, Consumed.with(Serdes.String(), Serdes.ByteArray()).withName(SOURCE))
                .process(() -> new FeatureExtractionProcessor(config, chunkDeserializer), Named.as(PROCESSOR), CHANNEL_STORE, CHUNK_STORE, CHECKPOINT_STORE);
        ((KStream) out).to(EventTopic.AUDIO_SEGMENTS.topicName(), Produced.with(Serdes.String(), segmentSerde).withName(SEGMENTS_SINK));
        ((KStream) out).to(EventTopic.AUDIO_CHUNKS_DLQ.topicName(), Produced.with(Serdes.String(), Serdes.ByteArray()).withName(DLQ_SINK));
        return out;
    }

    /** The feature topology on its own. */
    public static Topology build(FeatureTopologyConfig config, Deserializer<AudioChunk> chunkDeserializer, Serde<SegmentFeatures> segmentSerde) {
        return addTo(new Topology(), config, chunkDeserializer, segmentSerde);
    }
}
