package io.serstreams.streamprocessor.pipeline;

import io.serstreams.featureextractor.audio.DecodedAudio;
import io.serstreams.featureextractor.topology.FeatureTopology;
import io.serstreams.featureextractor.topology.FeatureTopologyConfig;
import io.serstreams.featureextractor.signals.NonSpeechSignals;
import io.serstreams.modelserver.bundle.ModelBundle;
import io.serstreams.modelserver.engine.EngineOptions;
import io.serstreams.modelserver.engine.InferenceEngine;
import io.serstreams.modelserver.engine.SegmentClassifier;
import io.serstreams.schema.AudioChunk;
import io.serstreams.schema.AudioEncoding;
import io.serstreams.schema.CallEmotionSummary;
import io.serstreams.schema.Channel;
import io.serstreams.schema.DeclaredDomain;
import io.serstreams.schema.DomainProfileState;
import io.serstreams.schema.EmotionAlert;
import io.serstreams.schema.EmotionEvent;
import io.serstreams.schema.LabelProbability;
import io.serstreams.schema.SegmentFeatures;
import io.serstreams.schemas.registry.LocalSchemaRegistryClient;
import io.serstreams.schemas.serde.ConfluentAvroDeserializer;
import io.serstreams.schemas.serde.ConfluentAvroSerializer;
import io.serstreams.streamprocessor.inference.BatchPolicy;
import io.serstreams.streamprocessor.inference.DomainTagger;
import io.serstreams.streamprocessor.inference.InferenceTopology;
import io.serstreams.streamprocessor.inference.SegmentBatcher;
import io.serstreams.modelserver.engine.SegmentPrediction;
import io.serstreams.modelserver.profile.ProfileMoments;
import io.serstreams.streamprocessor.profiles.DomainKey;
import io.serstreams.streamprocessor.profiles.ProfileSettings;
import io.serstreams.modelserver.profile.ProfileDecay;
import io.serstreams.streamprocessor.replay.CallChunker;
import io.serstreams.streamprocessor.summary.AlertRules;
import io.serstreams.streamprocessor.testing.ProfileChecks;
import io.serstreams.streamprocessor.testing.SampleCalls;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Both topologies in one TopologyTestDriver, with the shipped model in ONNX Runtime and real
 * speech: chunks in; segments, one emotion event per segment, summaries and alerts out.
 */
class PipelineTopologyTest {
    private static InferenceEngine engine;

    @TempDir
    Path stateDir;

    private final LocalSchemaRegistryClient registry = LocalSchemaRegistryClient.inMemory();
    private TopologyTestDriver driver;

    @BeforeAll
    static void openModel() {
        engine = InferenceEngine.open(ModelBundle.load(Path.of("../models/mpgln")), EngineOptions.cpu());
    }

    @AfterAll
    static void closeModel() {
        engine.close();
    }

    @AfterEach
    void close() {
        if (driver != null) {
            driver.close();
        }
    }

    /** Profiles as the tests below want them; on, with a minimum no test call reaches, unless a test says otherwise. */
    private ProfileSettings profiles = ProfileSettings.on(DomainKey.parse("tenant"), Duration.ofHours(1), ProfileDecay.NONE, Duration.ofSeconds(10));

    private InferenceTopology.Settings settings(BatchPolicy policy) {
        return new InferenceTopology.Settings(policy, AlertRules.parse(List.of(AlertRules.DEFAULTS.get(0), "agent-speaking: when=emotion:* k=2 n=2 role=agent severity=info")),
                5, Duration.ofHours(1), new DomainTagger(Map.of(), Map.of("test-", DomainTagger.parse("tenant=acme,language=en-US"))), true, profiles);
    }

    private void open(BatchPolicy policy, SegmentClassifier classifier) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "pipeline-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(PipelineTopology.build(EnumSet.allOf(PipelineTopology.Role.class), FeatureTopologyConfig.DEFAULT, settings(policy),
                classifier, engine.manifest(), registry), props);
    }

    private void replay(String callId, DecodedAudio audio) {
        ConfluentAvroSerializer<AudioChunk> serializer = new ConfluentAvroSerializer<>(registry);
        serializer.configure(Map.of(), false);
        TestInputTopic<String, byte[]> chunks = driver.createInputTopic("audio.chunks", Serdes.String().serializer(), Serdes.ByteArray().serializer());
        List<List<AudioChunk>> channels = new ArrayList<>();
        for (int c = 0; c < audio.channelCount(); c++) {
            channels.add(CallChunker.chunks(callId, new Channel(c, CallChunker.roleOf(c, audio.channelCount())), audio.channels()[c], audio.sampleRate(), 200,
                    AudioEncoding.PCM16LE, null, Instant.parse("2026-11-24T09:00:00Z")));
        }
        for (int i = 0; i < channels.get(0).size(); i++) {
            for (List<AudioChunk> channel : channels) {
                AudioChunk chunk = channel.get(i);
                chunks.pipeInput(callId, serializer.serialize("audio.chunks", chunk), chunk.getCaptureTime());
            }
            driver.advanceWallClockTime(Duration.ofMillis(50));
        }
        driver.advanceWallClockTime(Duration.ofSeconds(1));
        settle();
    }

    /**
     * Lets the wall clock run (the model answers on its own thread, and answers go out at the next
     * punctuation) until no segment waits in the batching store.
     */
    private void settle() {
        KeyValueStore<Long, byte[]> pending = driver.getKeyValueStore(InferenceTopology.PENDING_STORE);
        if (pending == null) {
            return; // a driver with the feature topology alone
        }
        advanceUntil(() -> {
            try (var all = pending.all()) {
                return !all.hasNext();
            }
        });
    }

    private void advanceUntil(java.util.function.BooleanSupplier done) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!done.getAsBoolean()) {
            assertThat(System.nanoTime()).as("the pipeline settled within 10 s").isLessThan(deadline);
            driver.advanceWallClockTime(Duration.ofMillis(200));
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private <T extends org.apache.avro.specific.SpecificRecord> List<T> read(String topic, Class<T> type) {
        TestOutputTopic<String, T> out = driver.createOutputTopic(topic, Serdes.String().deserializer(), new ConfluentAvroDeserializer<>(registry, type));
        return out.readValuesToList();
    }

    @Test
    void aCallComesOutAsOneEventPerSegmentThenItsSummaryAndAlerts() {
        open(new BatchPolicy(4, Duration.ofSeconds(2), Duration.ofSeconds(20), 3), engine);
        replay("test-call-1", SampleCalls.stereoCall(4, 1));

        List<SegmentFeatures> segments = read("audio.segments", SegmentFeatures.class).stream()
                .filter(s -> s.getLogMel().getShape().get(0) > 0).toList();
        List<EmotionEvent> events = read("emotion.events", EmotionEvent.class);
        assertThat(segments).hasSizeGreaterThanOrEqualTo(8);
        // One event per segment, each segment once, in each channel's order.
        assertThat(events).hasSize(segments.size());
        assertThat(events.stream().map(e -> e.getChannel().getIndex() + ":" + e.getSegmentIndex()).toList())
                .containsExactlyInAnyOrderElementsOf(segments.stream().map(s -> s.getChannel().getIndex() + ":" + s.getSegmentIndex()).toList());
        for (int channel = 0; channel < 2; channel++) {
            int c = channel;
            List<Integer> order = events.stream().filter(e -> e.getChannel().getIndex() == c).map(EmotionEvent::getSegmentIndex).toList();
            assertThat(order).isSorted();
        }
        for (EmotionEvent e : events) {
            assertThat(e.getProbabilities().stream().mapToDouble(LabelProbability::getProbability).sum()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
            assertThat(e.getModelVersion()).isEqualTo(engine.manifest().name() + "-" + engine.manifest().version());
            assertThat(e.getDeclaredDomain()).isEqualTo(new DeclaredDomain("acme", "en-US", null));
            assertThat(e.getInferenceTimings().getBatchSize()).isBetween(1, 4);
            assertThat(engine.manifest().labels().domains()).contains(e.getNearestDomain().getDomain());
        }
        assertThat(events.stream().mapToInt(e -> e.getInferenceTimings().getBatchSize()).max().orElse(0)).isGreaterThan(1);

        // The same events on the per-domain topics.
        int routed = engine.manifest().labels().domains().stream().mapToInt(d -> read("emotion.events." + d, EmotionEvent.class).size()).sum();
        assertThat(routed).isEqualTo(events.size());

        List<CallEmotionSummary> summaries = read("emotion.call-summary", CallEmotionSummary.class);
        assertThat(summaries).hasSizeGreaterThanOrEqualTo(events.size());
        for (int channel = 0; channel < 2; channel++) {
            int c = channel;
            List<CallEmotionSummary> ofChannel = summaries.stream().filter(s -> s.getChannel().getIndex() == c).toList();
            CallEmotionSummary last = ofChannel.get(ofChannel.size() - 1);
            assertThat(last.getFinal$()).isTrue();
            assertThat(last.getSegmentCount()).isEqualTo((int) events.stream().filter(e -> e.getChannel().getIndex() == c).count());
            assertThat(last.getEmotionDistribution().stream().mapToDouble(LabelProbability::getProbability).sum())
                    .isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-3));
            assertThat(ofChannel.subList(0, ofChannel.size() - 1)).noneMatch(CallEmotionSummary::getFinal$);
        }

        List<EmotionAlert> alerts = read("emotion.alerts", EmotionAlert.class);
        List<EmotionAlert> agentAlerts = alerts.stream().filter(a -> a.getRule().equals("agent-speaking")).toList();
        assertThat(agentAlerts).isNotEmpty();
        EmotionAlert first = agentAlerts.get(0);
        assertThat(first.getChannel().getIndex()).isZero();
        assertThat(first.getEvidenceSegments()).containsExactly(0, 1);
        assertThat(first.getAlertId()).isEqualTo("test-call-1:0:agent-speaking:1");
        // Once fired, the rule waits n segments before it can fire again.
        for (int i = 1; i < agentAlerts.size(); i++) {
            int previous = agentAlerts.get(i - 1).getEvidenceSegments().get(1);
            assertThat(agentAlerts.get(i).getEvidenceSegments().get(1) - previous).isGreaterThanOrEqualTo(2);
        }

        KeyValueStore<Long, byte[]> pending = driver.getKeyValueStore(InferenceTopology.PENDING_STORE);
        assertThat(pending.approximateNumEntries()).isZero();
        KeyValueStore<String, byte[]> summaryStore = driver.getKeyValueStore(InferenceTopology.SUMMARY_STORE);
        assertThat(summaryStore.get("test-call-1#1")).isNotNull();
    }

    @Test
    void segmentsOfHoldMusicAndDtmfComeOutAsEventsWithoutSpeechThatSummariesAndAlertsIgnore() {
        open(new BatchPolicy(4, Duration.ofSeconds(2), Duration.ofSeconds(20), 3), engine);
        DecodedAudio call = SampleCalls.stereoCall(4, 2);
        int half = call.frames() / 2;
        float[] customer = new float[call.frames()];
        System.arraycopy(NonSpeechSignals.HOLD_MUSIC.onALine((double) half / call.sampleRate(), 3), 0, customer, 0, half);
        float[] dtmf = NonSpeechSignals.DTMF.generate((double) (call.frames() - half) / call.sampleRate(), 4);
        System.arraycopy(dtmf, 0, customer, half, call.frames() - half);
        replay("test-call-music", new DecodedAudio(call.sampleRate(), new float[][]{call.channels()[0], customer}));

        List<EmotionEvent> events = read("emotion.events", EmotionEvent.class);
        List<EmotionEvent> agent = events.stream().filter(e -> e.getChannel().getIndex() == 0).toList();
        List<EmotionEvent> music = events.stream().filter(e -> e.getChannel().getIndex() == 1).toList();
        assertThat(agent).isNotEmpty().allMatch(EmotionEvent::getSpeech);
        assertThat(music).as("the customer channel's segments of music and tones").hasSizeGreaterThanOrEqualTo(3).allSatisfy(e -> {
            assertThat(e.getSpeech()).isFalse();
            assertThat(e.getNoSpeechReason()).isNotBlank();
            assertThat(e.getEmotion()).isEqualTo("none");
            assertThat(e.getProbabilities()).isEmpty();
            assertThat(e.getArousal().getGroup()).isEqualTo("none");
            assertThat(e.getValence().getProbabilities()).isEmpty();
        });
        assertThat(music.get(music.size() - 1).getEndOfCall()).isTrue();

        List<CallEmotionSummary> summaries = read("emotion.call-summary", CallEmotionSummary.class);
        assertThat(summaries).isNotEmpty().allMatch(s -> s.getChannel().getIndex() == 0);
        assertThat(summaries.get(summaries.size() - 1).getSegmentCount()).isEqualTo(agent.size());
        assertThat(summaries.get(summaries.size() - 1).getFinal$()).isTrue();
        assertThat(read("emotion.alerts", EmotionAlert.class)).noneMatch(a -> a.getChannel().getIndex() == 1);

        // The tenant's profile took in the agent's speech and none of the music or tones.
        driver.advanceWallClockTime(Duration.ofSeconds(11));
        List<DomainProfileState> published = read("domain.profiles", DomainProfileState.class);
        assertThat(published).isNotEmpty();
        DomainProfileState latest = published.get(published.size() - 1);
        assertThat(latest.getDomain()).isEqualTo("tenant=acme");
        assertThat(latest.getSegments()).isEqualTo(agent.size());
        assertThat(latest.getState()).isEqualTo("collecting");
        assertThat(events).allSatisfy(e -> assertThat(e.getDomainProfile()).as("a profile short of its minimum is not used").isNull());
    }

    @Test
    void aDomainsProfileCollectsItsSpeechUntilTheMinimumThenStandardisesItsSegmentsWithStatisticsOfExactlyThoseSegments() {
        List<SegmentFeatures> speech = segmentsOf("test-profile", 3).stream().filter(s -> s.getLogMel().getShape().get(0) > 0).toList();
        assertThat(speech).hasSizeGreaterThanOrEqualTo(5);
        // Active once the first three segments are in.
        double seconds = speech.stream().limit(3).mapToDouble(ProfileChecks::seconds).sum();
        profiles = ProfileSettings.on(DomainKey.parse("tenant"), Duration.ofMillis(Math.round(seconds * 1000) - 1), ProfileDecay.NONE,
                Duration.ofSeconds(1));
        open(new BatchPolicy(1, Duration.ofMillis(100), Duration.ofSeconds(20), 3), engine);
        for (SegmentFeatures segment : speech) {
            // One at a time: each goes to the model after the previous one's sums are in the profile,
            // and a publication interval passes before the next (so the collecting state is published too).
            pipe(List.of(segment));
            settle();
            driver.advanceWallClockTime(Duration.ofSeconds(1));
        }
        List<EmotionEvent> events = read("emotion.events", EmotionEvent.class);
        assertThat(events).hasSize(speech.size()).allMatch(EmotionEvent::getSpeech);
        assertThat(events.subList(0, 3)).as("collecting: the training pool").allSatisfy(e -> assertThat(e.getDomainProfile()).isNull());
        assertThat(events.subList(3, events.size())).as("active: the tenant's own statistics")
                .allSatisfy(e -> assertThat(e.getDomainProfile()).isEqualTo("tenant=acme"));
        // The profile changes what the model reads: some later segment's probabilities differ from the training pool's reading of it.
        List<SegmentPrediction> pooled = engine.predict(speech.stream().map(SegmentBatcher::inputOf).toList());
        assertThat(java.util.stream.IntStream.range(3, events.size()).anyMatch(i -> Math.abs(events.get(i).getProbabilities().get(0).getProbability()
                - pooled.get(i).emotionProbabilities()[0]) > 1e-4)).isTrue();

        driver.advanceWallClockTime(Duration.ofSeconds(2));
        List<DomainProfileState> published = read("domain.profiles", DomainProfileState.class);
        assertThat(published.stream().map(p -> p.getState().toString()).distinct()).containsExactly("collecting", "active");
        DomainProfileState firstActive = published.stream().filter(p -> p.getState().equals("active")).findFirst().orElseThrow();
        assertThat(firstActive.getSegments()).as("published the moment it became active").isEqualTo(3);
        DomainProfileState latest = published.get(published.size() - 1);
        assertThat(latest.getSegments()).isEqualTo(speech.size());
        assertThat(latest.getModelVersion()).isEqualTo(engine.manifest().name() + "-" + engine.manifest().version());
        ProfileChecks.assertStatisticsOf(latest, ProfileChecks.sumsOf(speech, engine.manifest(), ProfileDecay.NONE));
    }

    @Test
    void aProfileWithAHalfLifeLetsOlderSpeechFade() {
        List<SegmentFeatures> speech = segmentsOf("test-drift", 3).stream().filter(s -> s.getLogMel().getShape().get(0) > 0).toList();
        ProfileDecay decay = ProfileDecay.halfLife(Duration.ofSeconds(2));
        profiles = ProfileSettings.on(DomainKey.parse("tenant"), Duration.ofHours(1), decay, Duration.ofSeconds(1));
        open(new BatchPolicy(1, Duration.ofMillis(100), Duration.ofSeconds(20), 3), engine);
        for (SegmentFeatures segment : speech) {
            pipe(List.of(segment));
            settle();
        }
        driver.advanceWallClockTime(Duration.ofSeconds(2));
        List<DomainProfileState> published = read("domain.profiles", DomainProfileState.class);
        DomainProfileState latest = published.get(published.size() - 1);
        assertThat(latest.getSegments()).isEqualTo(speech.size());
        assertThat(latest.getHalfLifeSeconds()).isEqualTo(2.0);
        // Sums added in arrival order, each earlier one scaled down by the half-life over the later speech.
        ProfileMoments decayed = ProfileChecks.sumsOf(speech, engine.manifest(), decay);
        ProfileChecks.assertStatisticsOf(latest, decayed);
        ProfileMoments plain = ProfileChecks.sumsOf(speech, engine.manifest(), ProfileDecay.NONE);
        assertThat(decayed.melWeight()).as("older speech counts less").isLessThan(plain.melWeight() * 0.9);
        assertThat(latest.getLogMelMean()).isNotCloseTo(plain.inputs().logMelMean(), org.assertj.core.data.Offset.offset(1e-4f));
    }

    @Test
    void aSegmentBatchGoesWhenFullOrWhenItsOldestHasWaited() {
        AtomicInteger calls = new AtomicInteger();
        List<Integer> sizes = new java.util.concurrent.CopyOnWriteArrayList<>();
        open(new BatchPolicy(3, Duration.ofSeconds(5), Duration.ofSeconds(20), 3), batch -> {
            calls.incrementAndGet();
            sizes.add(batch.size());
            return engine.predict(batch);
        });
        List<SegmentFeatures> segments = segmentsOf("test-batch", 3);
        List<SegmentFeatures> speech = segments.stream().filter(s -> s.getLogMel().getShape().get(0) > 0).limit(4).toList();
        pipe(speech.subList(0, 2));
        assertThat(calls.get()).isZero();
        driver.advanceWallClockTime(Duration.ofSeconds(4));
        assertThat(calls.get()).as("still within max.wait").isZero();
        pipe(speech.subList(2, 3));
        waitFor(() -> calls.get() == 1);
        assertThat(sizes).as("max.batch reached").containsExactly(3);
        pipe(speech.subList(3, 4));
        driver.advanceWallClockTime(Duration.ofSeconds(6));
        waitFor(() -> calls.get() == 2);
        assertThat(sizes).as("max.wait passed").containsExactly(3, 1);
        settle();
        assertThat(read("emotion.events", EmotionEvent.class)).hasSize(4);
    }

    @Test
    void badSegmentsGoToTheDeadLetterTopicWithTheirReasonAndTheRestGoesOn() {
        List<SegmentFeatures> speech = segmentsOf("test-bad", 2).stream().filter(s -> s.getLogMel().getShape().get(0) > 0).toList();
        open(new BatchPolicy(1, Duration.ofMillis(100), Duration.ofSeconds(20), 3), engine);
        TestInputTopic<String, byte[]> in = driver.createInputTopic("audio.segments", Serdes.String().serializer(), Serdes.ByteArray().serializer());
        ConfluentAvroSerializer<SegmentFeatures> serializer = new ConfluentAvroSerializer<>(registry);
        serializer.configure(Map.of(), false);
        SegmentFeatures good = speech.get(0);
        byte[] wire = serializer.serialize("audio.segments", good);

        byte[] badMagic = wire.clone();
        badMagic[0] = 7;
        byte[] unknownId = wire.clone();
        unknownId[4] = 99;
        byte[] truncated = java.util.Arrays.copyOf(wire, wire.length / 2);
        SegmentFeatures otherFeatures = SegmentFeatures.newBuilder(good).setFeatureVersion("some-other-front-end").build();
        SegmentFeatures wrongShape = SegmentFeatures.newBuilder(good).setLogMel(new io.serstreams.schema.Tensor(List.of(1, 96, 32),
                java.nio.ByteBuffer.allocate(96 * 32 * 4))).build();
        java.nio.ByteBuffer nan = java.nio.ByteBuffer.allocate(good.getDescriptors().getData().remaining()).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        nan.putFloat(0, Float.NaN);
        SegmentFeatures nanDescriptors = SegmentFeatures.newBuilder(good).setDescriptors(new io.serstreams.schema.Tensor(good.getDescriptors().getShape(), nan)).build();

        in.pipeInput("test-bad", badMagic);
        in.pipeInput("test-bad", unknownId);
        in.pipeInput("test-bad", truncated);
        in.pipeInput("test-bad", (byte[]) null);
        in.pipeInput("test-bad", serializer.serialize("audio.segments", otherFeatures));
        in.pipeInput("test-bad", serializer.serialize("audio.segments", wrongShape));
        in.pipeInput("test-bad", serializer.serialize("audio.segments", nanDescriptors));
        in.pipeInput("test-bad", wire);
        driver.advanceWallClockTime(Duration.ofSeconds(1));
        settle();

        TestOutputTopic<String, byte[]> dlq = driver.createOutputTopic("audio.segments.dlq", Serdes.String().deserializer(), Serdes.ByteArray().deserializer());
        List<TestRecord<String, byte[]>> dead = dlq.readRecordsToList();
        assertThat(dead.stream().map(r -> header(r, FeatureTopology.HEADER_REASON)).toList()).containsExactly("BAD_MAGIC_BYTE", "UNKNOWN_SCHEMA_ID",
                "TRUNCATED_PAYLOAD", "EMPTY_RECORD", "FEATURE_VERSION_MISMATCH", "INVALID_TENSOR", "INVALID_TENSOR");
        assertThat(header(dead.get(5), FeatureTopology.HEADER_MESSAGE)).contains("log-mel shape [1, 96, 32]");
        assertThat(header(dead.get(6), FeatureTopology.HEADER_MESSAGE)).contains("NaN");
        assertThat(dead.get(0).value()).isEqualTo(badMagic);
        List<EmotionEvent> events = read("emotion.events", EmotionEvent.class);
        assertThat(events).hasSize(1);
        assertThat(events.get(0).getSegmentIndex()).isEqualTo(good.getSegmentIndex());
    }

    @Test
    void aSlowModelTimesOutAndIsRetriedAndAFailingOneDeadLettersAfterItsAttempts() throws Exception {
        List<SegmentFeatures> speech = segmentsOf("test-slow", 2).stream().filter(s -> s.getLogMel().getShape().get(0) > 0).limit(2).toList();
        AtomicInteger calls = new AtomicInteger();
        // The first call takes 3 s, far past the 200 ms timeout; later ones answer at once.
        open(new BatchPolicy(2, Duration.ofMillis(100), Duration.ofMillis(200), 3), batch -> {
            if (calls.incrementAndGet() == 1) {
                try {
                    Thread.sleep(3000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return engine.predict(batch);
        });
        long started = System.nanoTime();
        pipe(speech);
        assertThat((System.nanoTime() - started) / 1e6).as("the stream thread did not wait for the 3 s call").isLessThan(1500);
        Thread.sleep(400);
        driver.advanceWallClockTime(Duration.ofMillis(50));
        assertThat(read("emotion.events", EmotionEvent.class)).as("the call overran its timeout and was given up").isEmpty();
        assertThat(calls.get()).as("no second call while the first still runs").isEqualTo(1);
        Thread.sleep(3000);
        driver.advanceWallClockTime(Duration.ofSeconds(1));
        settle();
        assertThat(read("emotion.events", EmotionEvent.class)).hasSize(2);
        assertThat(calls.get()).isEqualTo(2);

        driver.close();
        open(new BatchPolicy(2, Duration.ofMillis(100), Duration.ofSeconds(5), 3), batch -> {
            throw new IllegalStateException("GPU fell off the bus");
        });
        pipe(speech);
        settle();
        TestOutputTopic<String, byte[]> dlq = driver.createOutputTopic("audio.segments.dlq", Serdes.String().deserializer(), Serdes.ByteArray().deserializer());
        List<TestRecord<String, byte[]>> dead = dlq.readRecordsToList();
        assertThat(dead).hasSize(2).allSatisfy(r -> {
            assertThat(header(r, FeatureTopology.HEADER_REASON)).isEqualTo("INFERENCE_FAILED");
            assertThat(header(r, FeatureTopology.HEADER_MESSAGE)).contains("GPU fell off the bus").contains("3 attempts");
        });
        assertThat(read("emotion.events", EmotionEvent.class)).isEmpty();
    }

    @Test
    void segmentsTheModelHasWhenTheApplicationStopsStayInTheChangelogForARestart() throws Exception {
        List<SegmentFeatures> speech = segmentsOf("test-stop", 2).stream().filter(s -> s.getLogMel().getShape().get(0) > 0).limit(4).toList();
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        // This model holds its calls until the application has stopped.
        open(new BatchPolicy(2, Duration.ofSeconds(5), Duration.ofSeconds(20), 3), batch -> {
            calls.incrementAndGet();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return engine.predict(batch);
        });
        pipe(speech);
        waitFor(() -> calls.get() == 1);
        driver.advanceWallClockTime(Duration.ofMillis(100));
        TestOutputTopic<Long, byte[]> changelog = driver.createOutputTopic("pipeline-test-" + InferenceTopology.PENDING_STORE + "-changelog",
                Serdes.Long().deserializer(), Serdes.ByteArray().deserializer());
        Map<Long, byte[]> committed = new java.util.HashMap<>();
        changelog.readKeyValuesToList().forEach(kv -> committed.put(kv.key, kv.value));
        driver.close();
        driver = null;
        release.countDown();

        // What a restarted instance restores: every segment handed to the model, none answered yet.
        assertThat(read(committed)).containsExactlyElementsOf(speech.stream().map(SegmentFeatures::getSegmentIndex).toList());
    }

    private List<Integer> read(Map<Long, byte[]> changelog) {
        var deserializer = new ConfluentAvroDeserializer<>(registry, SegmentFeatures.class);
        return new java.util.TreeMap<>(changelog).values().stream().filter(java.util.Objects::nonNull)
                .map(bytes -> deserializer.deserialize("audio.segments", io.serstreams.streamprocessor.inference.PendingSegment.fromBytes(bytes).record())
                        .getSegmentIndex()).toList();
    }

    /** Segments into {@code audio.segments}, each under its call id, in the Confluent wire format. */
    private void pipe(List<SegmentFeatures> segments) {
        TestInputTopic<String, byte[]> in = driver.createInputTopic("audio.segments", Serdes.String().serializer(), Serdes.ByteArray().serializer());
        ConfluentAvroSerializer<SegmentFeatures> serializer = new ConfluentAvroSerializer<>(registry);
        serializer.configure(Map.of(), false);
        for (SegmentFeatures s : segments) {
            in.pipeInput(s.getCallId(), serializer.serialize("audio.segments", s));
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier done) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!done.getAsBoolean()) {
            assertThat(System.nanoTime()).as("within 10 s").isLessThan(deadline);
            Thread.onSpinWait();
        }
    }

    /** Segments of a short call, through the feature topology alone (in a driver of its own). */
    List<SegmentFeatures> segmentsOf(String callId, int turns) {
        TopologyTestDriver main = driver;
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "features-only");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.resolve("features").toString());
        driver = new TopologyTestDriver(PipelineTopology.build(EnumSet.of(PipelineTopology.Role.FEATURES), FeatureTopologyConfig.DEFAULT, null, null, null,
                registry), props);
        try {
            replay(callId, SampleCalls.stereoCall(turns, 3));
            return read("audio.segments", SegmentFeatures.class);
        } finally {
            driver.close();
            driver = main;
        }
    }

    static String header(TestRecord<String, byte[]> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
