package io.serstreams.streamprocessor.app;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.serstreams.schema.AudioChunk;
import io.serstreams.schema.CallEmotionSummary;
import io.serstreams.schema.EmotionAlert;
import io.serstreams.schema.EmotionEvent;
import io.serstreams.schema.LabelProbability;
import io.serstreams.schema.SegmentFeatures;
import io.serstreams.schemas.EventTopic;
import io.serstreams.schemas.registry.server.SchemaRegistryServer;
import io.serstreams.schemas.serde.ConfluentAvroSerializer;
import io.serstreams.schemas.testkit.SharedKafkaCluster;
import io.serstreams.schemas.testkit.TestRegistry;
import io.serstreams.streamprocessor.replay.CallRecording;
import io.serstreams.streamprocessor.replay.CallReplayer;
import io.serstreams.streamprocessor.testing.CommittedRecords;
import io.serstreams.streamprocessor.testing.SampleCalls;
import io.serstreams.streamprocessor.testing.TestApplication;
import io.serstreams.streamprocessor.topics.TopicProvisioner;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The application (Micronaut, both roles, the shipped model, exactly-once v2) against a real KRaft
 * broker and registry: a sample call replayed through it comes out as its segments, exactly one
 * emotion event per segment, the final summaries and an alert; replayed again, the same events. An
 * unreadable record on domain.profiles for the calls' tenant stops nothing.
 */
class PipelineEndToEndTest {
    private static final Path CALL = SampleCalls.escalatingCall();
    private static SchemaRegistryServer registry;
    private static ApplicationContext app;

    @BeforeAll
    static void start() throws Exception {
        registry = TestRegistry.start();
        Map<String, Object> props = TestApplication.settings("ser-e2e", registry.url());
        props.put("ser.inference.max-batch", 8);
        props.put("ser.inference.call-id-prefixes", List.of("support-: tenant=acme,language=en-US"));
        props.put("ser.summary.alert-rules", List.of("agent-speaking: when=emotion:* k=2 n=2 role=agent severity=info"));
        // The call is replayed twice under one tenant and must read the same both times: its profile must not take over
        // in between (with two minutes it could, depending on the calls' speech and on timing). Profiles: PipelineTopologyTest.
        props.put("ser.profiles.min-speech", "1h");
        unreadableProfileOf("tenant=acme");
        app = TestApplication.startRunning(props);
    }

    /**
     * A record on domain.profiles for the replayed calls' tenant that this application cannot read (a schema id its
     * registry never gave out, as other applications' records on a shared broker are): the application must run on,
     * the tenant's segments read by the training pool's statistics until its own profile is published over it.
     */
    private static void unreadableProfileOf(String domain) throws Exception {
        new TopicProvisioner(SharedKafkaCluster.clientProps()).ensure(2, (short) 1);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(SharedKafkaCluster.clientProps(), new StringSerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(EventTopic.DOMAIN_PROFILES.topicName(), domain, new byte[]{0, 0, 0, 0x7f, 0x7f, 1, 2, 3})).get();
        }
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
        if (registry != null) {
            registry.close();
        }
    }

    private static void replay(String callId) throws Exception {
        ConfluentAvroSerializer<AudioChunk> serializer = new ConfluentAvroSerializer<>(app.getBean(io.serstreams.schemas.registry.SchemaRegistryClient.class));
        serializer.configure(Map.of(), false);
        Map<String, Object> props = new HashMap<>(SharedKafkaCluster.clientProps());
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            CallRecording call = CallRecording.load(CALL, callId, 200, io.serstreams.schema.AudioEncoding.PCM16LE, null, Instant.now());
            new CallReplayer(producer, serializer, "audio.chunks").replay(List.of(call), 0, CallReplayer.Progress.NONE);
        }
    }

    /** A topic's committed records of {@code callId}, until {@code done} holds (or a minute passes), then 2 s more for late duplicates. */
    private static <T extends SpecificRecord> List<T> read(String topic, Class<T> type, String callId, Predicate<List<T>> done) {
        return CommittedRecords.read(SharedKafkaCluster.bootstrapServers(), app.getBean(io.serstreams.schemas.registry.SchemaRegistryClient.class), topic,
                type, callId, done, Duration.ofSeconds(60), Duration.ofSeconds(2));
    }

    private static boolean bothChannelsFinal(List<CallEmotionSummary> summaries) {
        return summaries.stream().filter(CallEmotionSummary::getFinal$).map(s -> s.getChannel().getIndex()).distinct().count() == 2;
    }

    @Test
    void aReplayedCallComesOutAsSegmentsEventsSummariesAndAnAlertExactlyOnce() throws Exception {
        replay("support-e2e-a");

        List<CallEmotionSummary> summaries = read("emotion.call-summary", CallEmotionSummary.class, "support-e2e-a", PipelineEndToEndTest::bothChannelsFinal);
        assertThat(bothChannelsFinal(summaries)).as("final summaries of both channels").isTrue();
        List<SegmentFeatures> segments = read("audio.segments", SegmentFeatures.class, "support-e2e-a", l -> true).stream()
                .filter(s -> s.getLogMel().getShape().get(0) > 0).toList();
        List<EmotionEvent> events = read("emotion.events", EmotionEvent.class, "support-e2e-a", l -> l.size() >= segments.size());

        assertThat(segments).hasSizeGreaterThanOrEqualTo(10);
        List<String> segmentIds = segments.stream().map(s -> s.getChannel().getIndex() + ":" + s.getSegmentIndex()).toList();
        assertThat(segmentIds).doesNotHaveDuplicates();
        List<String> eventIds = events.stream().map(e -> e.getChannel().getIndex() + ":" + e.getSegmentIndex()).toList();
        assertThat(eventIds).as("one event per segment, none lost, none repeated").containsExactlyInAnyOrderElementsOf(segmentIds);
        for (int channel = 0; channel < 2; channel++) {
            int c = channel;
            assertThat(events.stream().filter(e -> e.getChannel().getIndex() == c).map(EmotionEvent::getSegmentIndex).toList()).isSorted();
            CallEmotionSummary last = summaries.stream().filter(s -> s.getChannel().getIndex() == c && s.getFinal$()).findFirst().orElseThrow();
            assertThat(last.getSegmentCount()).isEqualTo((int) events.stream().filter(e -> e.getChannel().getIndex() == c).count());
        }
        assertThat(events).allSatisfy(e -> assertThat(e.getDeclaredDomain().getTenant()).isEqualTo("acme"));

        List<EmotionAlert> alerts = read("emotion.alerts", EmotionAlert.class, "support-e2e-a", l -> !l.isEmpty());
        assertThat(alerts).isNotEmpty();
        assertThat(alerts.get(0).getRule()).isEqualTo("agent-speaking");
        assertThat(alerts.get(0).getAlertId()).isEqualTo("support-e2e-a:0:agent-speaking:1");
        assertThat(alerts.stream().map(EmotionAlert::getAlertId).toList()).doesNotHaveDuplicates();

        // The interactive query sees the ended call.
        int port = app.getBean(EmbeddedServer.class).getPort();
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/calls/support-e2e-a"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"callId\":\"support-e2e-a\"").contains("\"ended\":true");
        // The probes the k8s manifests use.
        for (String probe : List.of("/health/readiness", "/health/liveness")) {
            assertThat(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + probe)).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).as(probe).isEqualTo(200);
        }

        // Replayed again (a new call id), the same call gives the same readings.
        replay("support-e2e-b");
        List<EmotionEvent> again = read("emotion.events", EmotionEvent.class, "support-e2e-b", l -> l.size() >= events.size());
        assertThat(again).hasSize(events.size());
        Map<String, EmotionEvent> first = events.stream().collect(Collectors.toMap(e -> e.getChannel().getIndex() + ":" + e.getSegmentIndex(), e -> e));
        for (EmotionEvent e : again) {
            EmotionEvent before = first.get(e.getChannel().getIndex() + ":" + e.getSegmentIndex());
            assertThat(e.getEmotion()).isEqualTo(before.getEmotion());
            assertThat(e.getStartMs()).isEqualTo(before.getStartMs());
            assertThat(e.getArousal().getScore()).isEqualTo(before.getArousal().getScore());
            assertThat(e.getProbabilities().stream().map(LabelProbability::getProbability).toList())
                    .isEqualTo(before.getProbabilities().stream().map(LabelProbability::getProbability).toList());
        }
    }
}
