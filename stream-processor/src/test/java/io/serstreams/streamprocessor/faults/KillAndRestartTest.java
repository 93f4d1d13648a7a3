package io.serstreams.streamprocessor.faults;

import io.serstreams.schema.AudioChunk;
import io.serstreams.schema.AudioEncoding;
import io.serstreams.modelserver.bundle.ModelBundle;
import io.serstreams.modelserver.profile.ProfileDecay;
import io.serstreams.schema.CallEmotionSummary;
import io.serstreams.schema.DeclaredDomain;
import io.serstreams.schema.DomainProfileState;
import io.serstreams.schema.EmotionEvent;
import io.serstreams.schema.SegmentFeatures;
import io.serstreams.schemas.registry.CachingSchemaRegistryClient;
import io.serstreams.schemas.registry.RegistryClientConfig;
import io.serstreams.schemas.registry.RestSchemaRegistryClient;
import io.serstreams.schemas.registry.SchemaRegistryClient;
import io.serstreams.schemas.registry.server.SchemaRegistryServer;
import io.serstreams.schemas.serde.ConfluentAvroSerializer;
import io.serstreams.schemas.testkit.SharedKafkaCluster;
import io.serstreams.schemas.testkit.TestRegistry;
import io.serstreams.streamprocessor.embedded.EmbeddedDemo;
import io.serstreams.streamprocessor.replay.CallRecording;
import io.serstreams.streamprocessor.replay.CallReplayer;
import io.serstreams.streamprocessor.testing.CommittedRecords;
import io.serstreams.streamprocessor.testing.ProfileChecks;
import io.serstreams.streamprocessor.testing.SampleCalls;
import io.serstreams.streamprocessor.testing.TestApplication;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Exactly-once under a crash: the application runs as its own process, is killed with SIGKILL in
 * the middle of a call, and is started again on the same state directory. A read-committed reader
 * sees every segment's emotion event exactly once: none lost, none repeated; and the call's tenant's
 * domain profile holds every speech segment once, its statistics those of exactly these segments.
 */
class KillAndRestartTest {
    @TempDir
    Path state;

    private Process launch(String applicationId, String registryUrl, Path log) throws IOException {
        // The application runs on the test JVM's class path.
        Map<String, Object> settings = TestApplication.settings("ser-kill", registryUrl);
        // Both processes are one application on one state directory, as a restarted pod would be.
        settings.put("kafka.streams.default.application.id", applicationId);
        settings.put("kafka.streams.default.state.dir", state.toString());
        settings.put("ser.dashboard.enabled", false);
        // The tenant's profile becomes active within the call; no decay, so its statistics are a plain mean.
        settings.put("ser.profiles.min-speech", "5s");
        settings.put("ser.profiles.publish-every", "1s");
        settings.put("ser.profiles.half-life", "0s");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g"));
        settings.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("@" + classPathArgumentFile());
        command.add("io.serstreams.streamprocessor.app.SerStreamsApplication");
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    /** The test JVM's class path, in an argument file, as the launcher passes it. */
    private Path classPathArgumentFile() throws IOException {
        Path file = state.resolve("classpath.args");
        if (!java.nio.file.Files.exists(file)) {
            java.nio.file.Files.writeString(file, "-cp \"" + System.getProperty("java.class.path").replace("\\", "\\\\") + "\"\n");
        }
        return file;
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = java.nio.file.Files.exists(log) ? java.nio.file.Files.readAllLines(log) : List.of();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    private static <T extends SpecificRecord> List<T> read(String topic, Class<T> type, String callId, SchemaRegistryClient registry,
                                                         Predicate<List<T>> done, Duration timeout) {
        return CommittedRecords.read(SharedKafkaCluster.bootstrapServers(), registry, topic, type, callId, done, timeout, Duration.ZERO);
    }

    private static String place(SegmentFeatures segment) {
        return segment.getChannel().getIndex() + ":" + segment.getSegmentIndex();
    }

    @Test
    void killedMidCallAndRestartedTheApplicationEmitsEverySegmentsEventAndCountsEverySpeechSegmentInItsDomainsProfileExactlyOnce() throws Exception {
        String applicationId = SharedKafkaCluster.uniqueName("ser-kill");
        String callId = SharedKafkaCluster.uniqueName("kill-call");
        String tenant = SharedKafkaCluster.uniqueName("kill-tenant");
        Path log = state.resolve("application.log");
        try (SchemaRegistryServer registryServer = TestRegistry.start()) {
            SchemaRegistryClient registry = new CachingSchemaRegistryClient(new RestSchemaRegistryClient(
                    RegistryClientConfig.fromProperties(Map.of("schema.registry.url", registryServer.url()))));
            Process first = launch(applicationId, registryServer.url(), log);
            try {
                // Ready once it has created the topics and joined: its first events would come then.
                long deadline = System.currentTimeMillis() + 90_000;
                while (!java.nio.file.Files.exists(log) || !java.nio.file.Files.readString(log).contains("Startup completed")) {
                    if (!first.isAlive()) {
                        throw new AssertionError("the application process exited " + first.exitValue() + ":\n" + tail(log));
                    }
                    assertThat(System.currentTimeMillis()).as("started within 90 s").isLessThan(deadline);
                    Thread.sleep(200);
                }
                ConfluentAvroSerializer<AudioChunk> serializer = new ConfluentAvroSerializer<>(registry);
                serializer.configure(Map.of(), false);
                CallRecording call = CallRecording.load(SampleCalls.escalatingCall(), callId, 200, AudioEncoding.PCM16LE,
                        new DeclaredDomain(tenant, null, null), Instant.now());
                CompletableFuture<Void> replay = CompletableFuture.runAsync(() -> {
                    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(EmbeddedDemo.producerProps(SharedKafkaCluster.bootstrapServers()),
                            new StringSerializer(), new ByteArraySerializer())) {
                        new CallReplayer(producer, serializer, "audio.chunks").replay(List.of(call), 2, CallReplayer.Progress.NONE);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                // Some events out, then SIGKILL in the middle of the call.
                List<EmotionEvent> before = read("emotion.events", EmotionEvent.class, callId, registry, l -> l.size() >= 3, Duration.ofSeconds(60));
                assertThat(before).as("events before the crash").hasSizeGreaterThanOrEqualTo(3);
                first.destroyForcibly().waitFor();
                Thread.sleep(1000);
                Process second = launch(applicationId, registryServer.url(), log);
                try {
                    replay.join();
                    List<CallEmotionSummary> summaries = read("emotion.call-summary", CallEmotionSummary.class, callId, registry,
                            l -> l.stream().filter(CallEmotionSummary::getFinal$).map(s -> s.getChannel().getIndex()).distinct().count() == 2,
                            Duration.ofSeconds(120));
                    assertThat(summaries.stream().filter(CallEmotionSummary::getFinal$).map(s -> s.getChannel().getIndex()).distinct())
                            .as("final summaries after the restart (log: %s)", log).hasSize(2);
                    List<SegmentFeatures> segmentRecords = read("audio.segments", SegmentFeatures.class, callId, registry, l -> false, Duration.ofSeconds(5))
                            .stream().filter(s -> s.getLogMel().getShape().get(0) > 0).toList();
                    List<String> segments = segmentRecords.stream().map(KillAndRestartTest::place).toList();
                    // Read for a fixed while rather than up to the expected count, so a repeated event would be seen too.
                    List<EmotionEvent> eventRecords = read("emotion.events", EmotionEvent.class, callId, registry, l -> false, Duration.ofSeconds(8));
                    List<String> events = eventRecords.stream().map(e -> e.getChannel().getIndex() + ":" + e.getSegmentIndex()).toList();
                    assertThat(segments).hasSizeGreaterThanOrEqualTo(10).doesNotHaveDuplicates();
                    assertThat(events).as("every segment's event once: none lost, none repeated").containsExactlyInAnyOrderElementsOf(segments);

                    // The profile: every speech segment once, across the crash (its sums restored from the changelog, none added twice).
                    Set<String> speech = eventRecords.stream().filter(EmotionEvent::getSpeech).map(e -> e.getChannel().getIndex() + ":" + e.getSegmentIndex())
                            .collect(Collectors.toSet());
                    List<SegmentFeatures> speechSegments = segmentRecords.stream().filter(s -> speech.contains(place(s))).toList();
                    String domain = "tenant=" + tenant;
                    List<DomainProfileState> published = read("domain.profiles", DomainProfileState.class, domain, registry,
                            l -> !l.isEmpty() && l.get(l.size() - 1).getSegments() >= speechSegments.size(), Duration.ofSeconds(30));
                    assertThat(published).as("the tenant's profile on domain.profiles (log: %s)", log).isNotEmpty();
                    DomainProfileState latest = published.get(published.size() - 1);
                    assertThat(latest.getSegments()).as("speech segments in the profile: none lost, none counted twice").isEqualTo(speechSegments.size());
                    assertThat(latest.getState()).isEqualTo("active");
                    ProfileChecks.assertStatisticsOf(latest, ProfileChecks.sumsOf(speechSegments, ModelBundle.load(Path.of("../models/mpgln")).manifest(), ProfileDecay.NONE));
                    // The first segments went to the model before the profile had its minimum: the training pool's.
                    assertThat(eventRecords.stream().filter(e -> e.getSegmentIndex() == 0)).allMatch(e -> e.getDomainProfile() == null);

                    // A later call of the tenant, once the restarted instance holds the active profile: its segments are read by it.
                    String laterCall = SharedKafkaCluster.uniqueName("kill-later");
                    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(EmbeddedDemo.producerProps(SharedKafkaCluster.bootstrapServers()),
                            new StringSerializer(), new ByteArraySerializer())) {
                        new CallReplayer(producer, serializer, "audio.chunks").replay(List.of(CallRecording.load(SampleCalls.friendlyCall(), laterCall,
                                200, AudioEncoding.PCM16LE, new DeclaredDomain(tenant, null, null), Instant.now())), 0, CallReplayer.Progress.NONE);
                    }
                    List<CallEmotionSummary> later = read("emotion.call-summary", CallEmotionSummary.class, laterCall, registry,
                            l -> l.stream().filter(CallEmotionSummary::getFinal$).map(s -> s.getChannel().getIndex()).distinct().count() == 2,
                            Duration.ofSeconds(60));
                    assertThat(later).as("the later call's summaries (log: %s)", log).anyMatch(CallEmotionSummary::getFinal$);
                    assertThat(read("emotion.events", EmotionEvent.class, laterCall, registry, l -> false, Duration.ofSeconds(5)))
                            .isNotEmpty().allSatisfy(e -> assertThat(e.getDomainProfile()).isEqualTo(domain));
                } finally {
                    second.destroy();
                    second.waitFor();
                }
            } finally {
                first.destroyForcibly();
            }
        }
    }
}
