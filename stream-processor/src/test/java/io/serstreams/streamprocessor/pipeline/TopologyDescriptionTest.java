package io.serstreams.streamprocessor.pipeline;

import io.serstreams.featureextractor.topology.FeatureTopology;
import io.serstreams.featureextractor.topology.FeatureTopologyConfig;
import io.serstreams.modelserver.bundle.ModelBundle;
import io.serstreams.schemas.registry.LocalSchemaRegistryClient;
import io.serstreams.streamprocessor.inference.BatchPolicy;
import io.serstreams.streamprocessor.inference.DomainTagger;
import io.serstreams.streamprocessor.inference.InferenceTopology;
import io.serstreams.streamprocessor.profiles.DomainKey;
import io.serstreams.streamprocessor.profiles.ProfileSettings;
import io.serstreams.modelserver.profile.ProfileDecay;
import io.serstreams.streamprocessor.summary.AlertRules;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The application's topology as Kafka Streams describes it: every node named by us, each sink fed
 * by the branch of its own kind, the stores on the processors that own them, and the two
 * sub-topologies in the order that keeps task ids (and so state directories) as they were, the
 * domain profiles' after them.
 */
class TopologyDescriptionTest {

    private static List<TopologyDescription.Subtopology> describe() {
        return description().subtopologies().stream().sorted(Comparator.comparingInt(TopologyDescription.Subtopology::id)).toList();
    }

    private static TopologyDescription description() {
        return description(ProfileSettings.on(DomainKey.parse("tenant"), Duration.ofMinutes(2), ProfileDecay.NONE, Duration.ofSeconds(10)));
    }

    private static TopologyDescription description(ProfileSettings profiles) {
        InferenceTopology.Settings settings = new InferenceTopology.Settings(BatchPolicy.DEFAULT, AlertRules.parse(AlertRules.DEFAULTS), 5,
                Duration.ofHours(1), new DomainTagger(Map.of(), Map.of()), true, profiles);
        return PipelineTopology.build(EnumSet.allOf(PipelineTopology.Role.class), FeatureTopologyConfig.DEFAULT, settings, segments -> {
                    throw new AssertionError("describing a topology runs no model");
                }, ModelBundle.load(Path.of("../models/mpgln")).manifest(), LocalSchemaRegistryClient.inMemory()).describe();
    }

    private static Map<String, TopologyDescription.Node> nodes(TopologyDescription.Subtopology subtopology) {
        return subtopology.nodes().stream().collect(Collectors.toMap(TopologyDescription.Node::name, Function.identity()));
    }

    private static Set<String> predecessors(TopologyDescription.Node node) {
        return node.predecessors().stream().map(TopologyDescription.Node::name).collect(Collectors.toSet());
    }

    private static String topic(TopologyDescription.Node sink) {
        return ((TopologyDescription.Sink) sink).topic();
    }

    @Test
    void featuresComeFirstAndInferenceSecondAsBeforeThenTheDomainProfiles() {
        List<TopologyDescription.Subtopology> subtopologies = describe();
        assertThat(subtopologies).hasSize(3);
        assertThat(nodes(subtopologies.get(0))).containsKey(FeatureTopology.SOURCE);
        assertThat(nodes(subtopologies.get(1))).containsKey(InferenceTopology.SOURCE);
        assertThat(nodes(subtopologies.get(2))).containsKey(InferenceTopology.PROFILE_AGGREGATOR);
    }

    @Test
    void everyNodeHasTheNameWeGaveIt() {
        for (TopologyDescription.Subtopology subtopology : describe()) {
            assertThat(nodes(subtopology).keySet()).noneMatch(name -> name.startsWith("KSTREAM-") || name.startsWith("KTABLE-"));
        }
    }

    @Test
    void eachInferenceSinkIsFedByItsOwnKindOfOutput() {
        Map<String, TopologyDescription.Node> inference = nodes(describe().get(1));
        assertThat(((TopologyDescription.Processor) inference.get(InferenceTopology.BATCHER)).stores()).containsExactly(InferenceTopology.PENDING_STORE);
        assertThat(((TopologyDescription.Processor) inference.get(InferenceTopology.SUMMARIZER)).stores()).containsExactly(InferenceTopology.SUMMARY_STORE);

        assertThat(predecessors(inference.get(InferenceTopology.CLASSIFIED))).containsExactly(InferenceTopology.BATCHER);
        assertThat(predecessors(inference.get(InferenceTopology.REJECTED))).containsExactly(InferenceTopology.BATCHER);
        assertThat(predecessors(inference.get(InferenceTopology.CHANNEL_ENDS))).containsExactly(InferenceTopology.BATCHER);

        assertThat(topic(inference.get(InferenceTopology.EVENTS_SINK))).isEqualTo("emotion.events");
        assertThat(predecessors(inference.get(InferenceTopology.EVENTS_SINK))).containsExactly(InferenceTopology.CLASSIFIED);
        assertThat(((TopologyDescription.Sink) inference.get(InferenceTopology.DOMAIN_EVENTS_SINK)).topicNameExtractor()).isNotNull();
        assertThat(predecessors(inference.get(InferenceTopology.DOMAIN_EVENTS_SINK))).containsExactly(InferenceTopology.CLASSIFIED);
        assertThat(topic(inference.get(InferenceTopology.DLQ_SINK))).isEqualTo("audio.segments.dlq");
        assertThat(predecessors(inference.get(InferenceTopology.DLQ_SINK))).containsExactly(InferenceTopology.REJECTED);

        // The summariser reads the events and the channel ends, merged, and nothing else.
        assertThat(predecessors(inference.get(InferenceTopology.SUMMARIZER))).containsExactly(InferenceTopology.SUMMARY_INPUT);
        assertThat(predecessors(inference.get(InferenceTopology.SUMMARY_INPUT)))
                .containsExactlyInAnyOrder(InferenceTopology.SUMMARY_EVENTS, InferenceTopology.CHANNEL_ENDS);
        assertThat(predecessors(inference.get(InferenceTopology.SUMMARY_EVENTS))).containsExactly(InferenceTopology.CLASSIFIED);
        assertThat(topic(inference.get(InferenceTopology.SUMMARY_SINK))).isEqualTo("emotion.call-summary");
        assertThat(predecessors(inference.get(InferenceTopology.SUMMARY_SINK))).containsExactly(InferenceTopology.SUMMARIES);
        assertThat(topic(inference.get(InferenceTopology.ALERTS_SINK))).isEqualTo("emotion.alerts");
        assertThat(predecessors(inference.get(InferenceTopology.ALERTS_SINK))).containsExactly(InferenceTopology.ALERTS);
        assertThat(predecessors(inference.get(InferenceTopology.SUMMARIES))).containsExactly(InferenceTopology.SUMMARIZER);
        assertThat(predecessors(inference.get(InferenceTopology.ALERTS))).containsExactly(InferenceTopology.SUMMARIZER);
    }

    @Test
    void speechSumsGoByDomainThroughANamedRepartitionTopicToTheAggregatorWhichPublishesToTheCompactedTopicTheBatcherReadsGlobally() {
        TopologyDescription.Subtopology inference = describe().get(1);
        Map<String, TopologyDescription.Node> inferenceNodes = nodes(inference);
        assertThat(predecessors(inferenceNodes.get(InferenceTopology.PROFILE_CONTRIBUTIONS))).containsExactly(InferenceTopology.BATCHER);
        String repartition = InferenceTopology.PROFILE_REPARTITION + "-repartition";
        assertThat(inferenceNodes.values()).filteredOn(n -> n instanceof TopologyDescription.Sink)
                .filteredOn(n -> repartition.equals(topic(n))).hasSize(1);

        Map<String, TopologyDescription.Node> profiles = nodes(describe().get(2));
        TopologyDescription.Source source = (TopologyDescription.Source) profiles.values().stream()
                .filter(n -> n instanceof TopologyDescription.Source).findFirst().orElseThrow();
        assertThat(source.topicSet()).containsExactly(repartition);
        assertThat(((TopologyDescription.Processor) profiles.get(InferenceTopology.PROFILE_AGGREGATOR)).stores())
                .containsExactly(InferenceTopology.PROFILE_STORE);
        assertThat(predecessors(profiles.get(InferenceTopology.PROFILE_AGGREGATOR))).containsExactly(source.name());
        assertThat(topic(profiles.get(InferenceTopology.PROFILES_SINK))).isEqualTo("domain.profiles");
        assertThat(predecessors(profiles.get(InferenceTopology.PROFILES_SINK))).containsExactly(InferenceTopology.PROFILE_AGGREGATOR);

        TopologyDescription.GlobalStore global = description().globalStores().stream().findFirst().orElseThrow();
        assertThat(global.source().name()).isEqualTo(InferenceTopology.LATEST_PROFILES + "-source");
        assertThat(global.processor().name()).isEqualTo(InferenceTopology.LATEST_PROFILES);
        assertThat(global.source().topicSet()).containsExactly("domain.profiles");
        assertThat(global.processor().stores()).containsExactly(InferenceTopology.LATEST_PROFILES_STORE);
    }

    @Test
    void withProfilesOffTheTopologyIsTheTwoSubTopologiesItWasBeforeThem() {
        TopologyDescription off = description(ProfileSettings.OFF);
        assertThat(off.subtopologies()).hasSize(2);
        assertThat(off.globalStores()).isEmpty();
        assertThat(off.subtopologies().stream().flatMap(t -> t.nodes().stream()).map(TopologyDescription.Node::name))
                .doesNotContain(InferenceTopology.PROFILE_CONTRIBUTIONS, InferenceTopology.PROFILE_AGGREGATOR);
    }

    @Test
    void eachFeatureSinkIsFedByItsOwnKindOfOutput() {
        Map<String, TopologyDescription.Node> features = nodes(describe().get(0));
        assertThat(((TopologyDescription.Processor) features.get(FeatureTopology.PROCESSOR)).stores())
                .containsExactlyInAnyOrder(FeatureTopology.CHANNEL_STORE, FeatureTopology.CHUNK_STORE, FeatureTopology.CHECKPOINT_STORE);
        assertThat(predecessors(features.get(FeatureTopology.SEGMENTS))).containsExactly(FeatureTopology.PROCESSOR);
        assertThat(predecessors(features.get(FeatureTopology.REJECTED))).containsExactly(FeatureTopology.PROCESSOR);
        assertThat(topic(features.get(FeatureTopology.SEGMENTS_SINK))).isEqualTo("audio.segments");
        assertThat(predecessors(features.get(FeatureTopology.SEGMENTS_SINK))).containsExactly(FeatureTopology.SEGMENTS);
        assertThat(topic(features.get(FeatureTopology.DLQ_SINK))).isEqualTo("audio.chunks.dlq");
        assertThat(predecessors(features.get(FeatureTopology.DLQ_SINK))).containsExactly(FeatureTopology.REJECTED);
    }
}
