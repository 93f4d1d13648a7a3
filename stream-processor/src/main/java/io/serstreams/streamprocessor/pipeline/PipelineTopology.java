package io.serstreams.streamprocessor.pipeline;

import io.serstreams.featureextractor.topology.FeatureTopology;
import io.serstreams.featureextractor.topology.FeatureTopologyConfig;
import io.serstreams.modelserver.bundle.ModelManifest;
import io.serstreams.modelserver.engine.SegmentClassifier;
import io.serstreams.schema.AudioChunk;
import io.serstreams.schema.CallEmotionSummary;
import io.serstreams.schema.DomainProfileState;
import io.serstreams.schema.EmotionAlert;
import io.serstreams.schema.EmotionEvent;
import io.serstreams.schema.SegmentFeatures;
import io.serstreams.schemas.registry.SchemaRegistryClient;
import io.serstreams.schemas.serde.ConfluentAvroDeserializer;
import io.serstreams.schemas.serde.ConfluentAvroSerde;
import io.serstreams.streamprocessor.inference.InferenceTopology;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.KStream;

import java.util.Map;
import java.util.Set;

/**
 * The whole application's topology, in one place: the feature topology (audio.chunks to
 * audio.segments) and the inference topology (audio.segments to events, summaries and alerts),
 * either or both, as the instance's roles say.
 */
public final class PipelineTopology {
    /** What an instance runs: CPU feature pods and GPU inference pods scale apart. */
    public enum Role { FEATURES, INFERENCE }

    private PipelineTopology() {
    }

    /**
     * @param classifier the model; may be null when {@code roles} lacks INFERENCE
     * @param model      the model's manifest; may be null likewise
     * @return the stream of the first topology added (frameworks such as Micronaut want one)
     */
    public static KStream<String, ?> addTo(StreamsBuilder builder, Set<Role> roles, FeatureTopologyConfig features, InferenceTopology.Settings inference,
                             SegmentClassifier classifier, ModelManifest model, SchemaRegistryClient registry) {
        if (roles.isEmpty()) {
            throw new IllegalArgumentException("ser.pipeline.roles names no role: give features, inference or both");
        }
        // Default serde settings: schemas register under <topic>-value on first write (per-domain topics included).
        Map<String, Object> serdeConfig = Map.of();
        KStream<String, ?> first = null;
        if (roles.contains(Role.FEATURES)) {
            first = FeatureTopology.addTo(builder, features, new ConfluentAvroDeserializer<>(registry, AudioChunk.class),
                    ConfluentAvroSerde.specific(SegmentFeatures.class, registry).configured(serdeConfig, false));
        }
        if (roles.contains(Role.INFERENCE)) {
            if (classifier == null || model == null) {
                throw new IllegalArgumentException("the inference role needs a model: set ser.model.path");
            }
            KStream<String, EmotionEvent> inferred = InferenceTopology.addTo(builder, inference, classifier, model, new InferenceTopology.EventSerdes(
                    new ConfluentAvroDeserializer<>(registry, SegmentFeatures.class),
                    ConfluentAvroSerde.specific(EmotionEvent.class, registry).configured(serdeConfig, false),
                    ConfluentAvroSerde.specific(CallEmotionSummary.class, registry).configured(serdeConfig, false),
                    ConfluentAvroSerde.specific(EmotionAlert.class, registry).configured(serdeConfig, false),
                    ConfluentAvroSerde.specific(DomainProfileState.class, registry).configured(serdeConfig, false)));
            first = first == null ? inferred : first;
        }
        return first;
    }

    /** The topology on its own (tests, and the topology description the application logs). */
    public static Topology build(Set<Role> roles, FeatureTopologyConfig features, InferenceTopology.Settings inference, SegmentClassifier classifier,
                                 ModelManifest model, SchemaRegistryClient registry) {
        StreamsBuilder builder = new StreamsBuilder();
        addTo(builder, roles, features, inference, classifier, model, registry);
        return builder.build();
    }
}
