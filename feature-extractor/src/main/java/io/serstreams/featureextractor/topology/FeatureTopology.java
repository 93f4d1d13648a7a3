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
 *   audio.chunks ──► feature-extraction ──► feature-segments ──► audio.segments
 *                      │  stores: feature-channel-state, feature-chunk-buffer, feature-checkpoints
 *                      └──► feature-rejected-chunks ──► audio.chunks.dlq   (original record, reason in headers)
 * </pre>
 * The processor emits {@link FeatureOutput}s; each kind is picked out by its type ({@link Branch})
 * and goes to its sink with its own serde, so nothing is routed by a child's name. Values are read
 * as bytes and decoded inside the processor, so an undecodable record is dead-lettered with its
 * reason ({@link io.serstreams.schemas.DeadLetterReason}) instead of stopping the application.
 */
public final class FeatureTopology {
    public static final String DEFAULT_SOURCE_TOPIC = EventTopic.AUDIO_CHUNKS.topicName();

    public static final String SOURCE = "audio-chunks-source";
    public static final String PROCESSOR = "feature-extraction";
    /** The processor's outputs of each kind: segments and markers, and rejected chunks. */
    public static final String SEGMENTS = "feature-segments";
    public static final String REJECTED = "feature-rejected-chunks";
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
     * Adds the feature topology to {@code builder} (so one application can hold it beside others):
     * the processor's two kinds of output each go to their own sink, with their own serde.
     *
     * @param chunkDeserializer reads {@code AudioChunk} values (Confluent wire format)
     * @param segmentSerde      writes {@code SegmentFeatures} values
     * @return the segments written to {@code audio.segments}
     */
    public static KStream<String, SegmentFeatures> addTo(StreamsBuilder builder, FeatureTopologyConfig config, Deserializer<AudioChunk> chunkDeserializer,
                                                         Serde<SegmentFeatures> segmentSerde) {
        for (String store : STORES) {
            builder.addStateStore(store(store));
        }
        KStream<String, FeatureOutput> out = builder.stream(DEFAULT_SOURCE_TOPIC, Consumed.with(Serdes.String(), Serdes.ByteArray()).withName(SOURCE))
                .process(() -> new FeatureExtractionProcessor(config, chunkDeserializer), Named.as(PROCESSOR), CHANNEL_STORE, CHUNK_STORE, CHECKPOINT_STORE);

        KStream<String, SegmentFeatures> segments = out.flatMapValues(Branch.of(FeatureOutput.ExtractedSegment.class, FeatureOutput.ExtractedSegment::features),
                Named.as(SEGMENTS));
        segments.to(EventTopic.AUDIO_SEGMENTS.topicName(), Produced.with(Serdes.String(), segmentSerde).withName(SEGMENTS_SINK));

        out.flatMapValues(Branch.of(FeatureOutput.RejectedChunk.class, FeatureOutput.RejectedChunk::bytes), Named.as(REJECTED))
                .to(EventTopic.AUDIO_CHUNKS_DLQ.topicName(), Produced.with(Serdes.String(), Serdes.ByteArray()).withName(DLQ_SINK));
        return segments;
    }

    /** The feature topology on its own. */
    public static Topology build(FeatureTopologyConfig config, Deserializer<AudioChunk> chunkDeserializer, Serde<SegmentFeatures> segmentSerde) {
        StreamsBuilder builder = new StreamsBuilder();
        addTo(builder, config, chunkDeserializer, segmentSerde);
        return builder.build();
    }
}
