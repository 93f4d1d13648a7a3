package io.serstreams.featureextractor.topology;

import io.serstreams.featureextractor.features.ChannelFeatureExtractor;
import io.serstreams.featureextractor.features.EncoderLogMel;
import io.serstreams.featureextractor.features.FrontEnd;
import io.serstreams.featureextractor.features.Segment;
import io.serstreams.featureextractor.testing.Signals;
import io.serstreams.schema.AudioChunk;
import io.serstreams.schema.AudioEncoding;
import io.serstreams.schema.SegmentFeatures;
import io.serstreams.schemas.registry.LocalSchemaRegistryClient;
import io.serstreams.schemas.serde.ConfluentAvroDeserializer;
import io.serstreams.schemas.serde.ConfluentAvroSerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A task that restarts mid-call (its in-memory state lost, its stores kept, as after a crash or a
 * rebalance) gives every segment the same encoder log-mel as an uninterrupted run.
 */
class EncoderLogMelRestartTest {
    private static final int RATE = 16000;
    private static final FeatureTopologyConfig CONFIG = FeatureTopologyConfig.DEFAULT.withFrontEnd(FrontEnd.EFFICIENTAT_LOGMEL);

    private final LocalSchemaRegistryClient registry = LocalSchemaRegistryClient.inMemory();

    private FeatureExtractionProcessor processor(MockProcessorContext<String, FeatureOutput> context) {
        FeatureExtractionProcessor processor = new FeatureExtractionProcessor(CONFIG, new ConfluentAvroDeserializer<>(registry, AudioChunk.class));
        processor.init(context);
        return processor;
    }

    @Test
    void theFirstSegmentAfterARestartHasItsWholeSpan() {
        float[] audio = Signals.concat(Signals.voice(150, RATE * 3, RATE, 11), Signals.voice(190, RATE * 3, RATE, 12));
        // 300 samples do not divide a 1.92 s window: the chunk that completes one also holds the next segment's start.
        List<AudioChunk> chunks = CallChunks.of("call-restart", 0, audio, RATE, 300, AudioEncoding.FLOAT32LE);
        ConfluentAvroSerializer<AudioChunk> serializer = new ConfluentAvroSerializer<>(registry);
        serializer.configure(Map.of(), false);

        MockProcessorContext<String, FeatureOutput> context = new MockProcessorContext<>();
        for (String name : List.of(FeatureTopology.CHANNEL_STORE, FeatureTopology.CHUNK_STORE, FeatureTopology.CHECKPOINT_STORE)) {
            KeyValueStore<String, byte[]> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.String(),
                    Serdes.ByteArray()).withLoggingDisabled().build();
            store.init(context.getStateStoreContext(), store);
            context.addStateStore(store);
        }
        context.setCurrentSystemTimeMs(1_000_000);
        FeatureExtractionProcessor processor = processor(context);
        int restartAt = chunks.size() / 2 + 17;
        for (int i = 0; i < chunks.size(); i++) {
            if (i == restartAt) {
                processor.close();
                processor = processor(context); // a new task: the stores kept, what was in memory lost
            }
            processor.process(new Record<>("call-restart", serializer.serialize("audio.chunks", chunks.get(i)), i));
        }

        List<SegmentFeatures> events = context.forwarded().stream().map(f -> f.record().value())
                .filter(FeatureOutput.ExtractedSegment.class::isInstance).map(o -> ((FeatureOutput.ExtractedSegment) o).features())
                .filter(e -> e.getEncoderLogMel() != null).toList();
        List<Segment> offline = ChannelFeatureExtractor.segmentsOf(audio, RATE, CONFIG.features());
        assertThat(events).hasSameSizeAs(offline).hasSizeGreaterThanOrEqualTo(3);
        for (int i = 0; i < offline.size(); i++) {
            float[] expected = EncoderLogMel.of(audio, RATE, offline.get(i).startSample(), offline.get(i).endSample());
            assertThat(SegmentFeaturesMapper.values(events.get(i).getEncoderLogMel())).as("segment " + i).containsExactly(expected);
        }
    }
}
