package io.serstreams.featureextractor.topology;

import io.serstreams.featureextractor.features.ChannelFeatureExtractor;
import io.serstreams.featureextractor.features.FeatureConfig;
import io.serstreams.featureextractor.features.Segment;
import io.serstreams.featureextractor.testing.Signals;
import io.serstreams.schema.AudioChunk;
import io.serstreams.schema.AudioEncoding;
import io.serstreams.schema.ChannelRole;
import io.serstreams.schema.SegmentFeatures;
import io.serstreams.schemas.registry.LocalSchemaRegistryClient;
import io.serstreams.schemas.serde.ConfluentAvroDeserializer;
import io.serstreams.schemas.serde.ConfluentAvroSerde;
import io.serstreams.schemas.serde.ConfluentAvroSerializer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Every rule of the feature topology, on Kafka's TopologyTestDriver with a real in-process registry. */
class FeatureTopologyTest {
    private static final int RATE = 8000;
    private static final FeatureConfig FEATURES = FeatureConfig.DEFAULT.withSegments(96, 96);
    private static final FeatureTopologyConfig CONFIG = FeatureTopologyConfig.DEFAULT.withFeatures(FEATURES);

    @TempDir
    Path stateDir;

    private final LocalSchemaRegistryClient registry = LocalSchemaRegistryClient.inMemory();
    private final ConfluentAvroSerializer<AudioChunk> chunkSerializer = new ConfluentAvroSerializer<>(registry);
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> chunks;
    private TestOutputTopic<String, SegmentFeatures> segments;
    private TestOutputTopic<String, byte[]> deadLetters;

    @BeforeEach
    void start() {
        chunkSerializer.configure(Map.of(), false);
        open(CONFIG);
    }

    private void open(FeatureTopologyConfig config) {
        ConfluentAvroDeserializer<AudioChunk> chunkDeserializer = new ConfluentAvroDeserializer<>(registry, AudioChunk.class);
        ConfluentAvroSerde<SegmentFeatures> segmentSerde = ConfluentAvroSerde.specific(SegmentFeatures.class, registry).configured(Map.of(), false);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "feature-topology-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(FeatureTopology.build(config, chunkDeserializer, segmentSerde), props);
        chunks = driver.createInputTopic("audio.chunks", Serdes.String().serializer(), Serdes.ByteArray().serializer());
        segments = driver.createOutputTopic("audio.segments", Serdes.String().deserializer(), segmentSerde.deserializer());
        deadLetters = driver.createOutputTopic("audio.chunks.dlq", Serdes.String().deserializer(), Serdes.ByteArray().deserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    private static float[] speech(long seed) {
        return Signals.concat(Signals.voice(150, RATE * 2, RATE, seed), new float[RATE], Signals.voice(210, RATE * 3 / 2, RATE, seed + 1));
    }

    private void send(AudioChunk chunk) {
        chunks.pipeInput(chunk.getCallId(), chunkSerializer.serialize("audio.chunks", chunk));
    }

    private void sendAll(List<AudioChunk> all) {
        all.forEach(this::send);
    }

    private List<SegmentFeatures> segmentsOf(String callId) {
        return segments.readValuesToList().stream().filter(s -> s.getCallId().equals(callId)).toList();
    }

    /** The events carry exactly the offline extractor's segments. */
    private static void assertMatchesOffline(List<SegmentFeatures> events, float[] audio) {
        List<Segment> offline = ChannelFeatureExtractor.segmentsOf(audio, RATE, FEATURES);
        assertThat(events.stream().map(e -> e.getSegmentIndex() + "@" + e.getStartSample()).toList())
                .isEqualTo(offline.stream().map(o -> o.index() + "@" + o.startSample()).toList());
        for (int i = 0; i < offline.size(); i++) {
            SegmentFeatures e = events.get(i);
            Segment o = offline.get(i);
            assertThat(e.getSegmentIndex()).isEqualTo(o.index());
            assertThat(e.getStartSample()).isEqualTo(o.startSample());
            assertThat(e.getEndSample()).isEqualTo(o.endSample());
            assertThat(SegmentFeaturesMapper.values(e.getLogMel())).containsExactly(o.logMel());
            assertThat(SegmentFeaturesMapper.values(e.getDescriptors())).containsExactly(o.descriptors());
            assertThat(e.getLogMel().getShape()).containsExactly(o.patches(), 96, 64);
            assertThat(e.getDescriptors().getShape()).containsExactly(o.frames(), 39);
        }
    }

    private List<String> deadLetterReasons() {
        List<String> reasons = new ArrayList<>();
        for (TestRecord<String, byte[]> r : deadLetters.readRecordsToList()) {
            Header reason = r.headers().lastHeader(FeatureTopology.HEADER_REASON);
            assertThat(r.headers().lastHeader(FeatureTopology.HEADER_MESSAGE)).isNotNull();
            assertThat(new String(r.headers().lastHeader(FeatureTopology.HEADER_TOPIC).value(), StandardCharsets.UTF_8)).isEqualTo("audio.chunks");
            reasons.add(new String(reason.value(), StandardCharsets.UTF_8));
        }
        return reasons;
    }

    @Test
    void aCallInOrderGivesTheOfflineSegmentsAndEndsWithTheFlag() {
        float[] audio = speech(1);
        sendAll(CallChunks.of("call-1", 1, audio, RATE, 160, AudioEncoding.PCM16LE));
        List<SegmentFeatures> events = segmentsOf("call-1");
        // PCM16 quantises the audio: compare with the offline run on the same quantised samples.
        assertMatchesOffline(events, quantised(audio));
        assertThat(events).isNotEmpty();
        SegmentFeatures first = events.get(0);
        assertThat(first.getChannel().getRole()).isEqualTo(ChannelRole.CUSTOMER);
        assertThat(first.getDeclaredDomain().getTenant()).isEqualTo("acme");
        assertThat(first.getFeatureVersion()).isEqualTo(FEATURES.version());
        assertThat(first.getTimings().getFirstChunkCaptureTime()).isEqualTo(CallChunks.START);
        assertThat(events.subList(0, events.size() - 1)).noneMatch(SegmentFeatures::getEndOfCall);
        assertThat(events.get(events.size() - 1).getEndOfCall()).isTrue();
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    private static float[] quantised(float[] audio) {
        return io.serstreams.featureextractor.audio.SampleEncoding.PCM16LE.decodeMono(
                io.serstreams.featureextractor.audio.SampleEncoder.encode(audio, io.serstreams.featureextractor.audio.SampleEncoding.PCM16LE));
    }

    @Test
    void chunksOutOfOrderWithinTheWindowAndDuplicatesChangeNothing() {
        float[] audio = speech(2);
        List<AudioChunk> inOrder = CallChunks.of("call-2", 0, audio, RATE, 160, AudioEncoding.FLOAT32LE);
        List<AudioChunk> shuffled = new ArrayList<>();
        Random random = new Random(7);
        for (int i = 0; i < inOrder.size(); i += 8) {
            List<AudioChunk> block = new ArrayList<>(inOrder.subList(i, Math.min(i + 8, inOrder.size())));
            Collections.shuffle(block, random);
            shuffled.addAll(block);
            if (random.nextBoolean()) {
                shuffled.add(block.get(0)); // a duplicate
            }
        }
        sendAll(shuffled);
        assertMatchesOffline(segmentsOf("call-2"), audio);
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void aShortLostStretchIsFilledWithSilenceAndFlagged() {
        float[] audio = Signals.voice(150, RATE * 3, RATE, 3);
        List<AudioChunk> all = new ArrayList<>(CallChunks.of("call-3", 0, audio, RATE, 160, AudioEncoding.FLOAT32LE));
        all.remove(30); // 20 ms at 0.6 s never arrive
        sendAll(all);
        List<SegmentFeatures> events = segmentsOf("call-3");
        assertThat(events).isNotEmpty();
        assertThat(events.get(0).getConcealedGapMs()).isEqualTo(20);
        assertThat(events.stream().skip(1)).allSatisfy(e -> assertThat(e.getConcealedGapMs()).isZero());
        // Time runs on across the filled gap: the second segment starts where it would have.
        assertThat(events.get(1).getStartMs()).isEqualTo(960);
    }

    @Test
    void aLongLostStretchEndsTheSegmentRunAndTimeKeepsCounting() {
        float[] audio = Signals.voice(150, RATE * 6, RATE, 4);
        List<AudioChunk> all = new ArrayList<>(CallChunks.of("call-4", 0, audio, RATE, 160, AudioEncoding.FLOAT32LE));
        List<AudioChunk> kept = new ArrayList<>(all.subList(0, 75)); // 1.5 s
        kept.addAll(all.subList(175, all.size()));                    // 2 s lost, then 2.5 s
        sendAll(kept);
        List<SegmentFeatures> events = segmentsOf("call-4");
        assertThat(events.stream().filter(e -> e.getEndMs() <= 1500)).hasSize(2); // a full segment and the run's tail
        List<SegmentFeatures> after = events.stream().filter(e -> e.getStartMs() >= 3500).toList();
        assertThat(after).isNotEmpty();
        assertThat(after.get(0).getStartMs()).isEqualTo(3500);
        assertThat(events.stream().filter(e -> e.getStartMs() > 1500 && e.getStartMs() < 3500)).isEmpty();
    }

    @Test
    void endOfCallFreesTheStateAndLateChunksAreDeadLettered() {
        List<AudioChunk> call = CallChunks.of("call-5", 0, speech(5), RATE, 400, AudioEncoding.MULAW);
        sendAll(call);
        assertThat(segmentsOf("call-5")).last().satisfies(e -> assertThat(e.getEndOfCall()).isTrue());
        KeyValueStore<String, byte[]> buffered = driver.getKeyValueStore(FeatureTopology.CHUNK_STORE);
        KeyValueStore<String, byte[]> checkpoints = driver.getKeyValueStore(FeatureTopology.CHECKPOINT_STORE);
        try (var it = buffered.all()) {
            assertThat(it.hasNext()).isFalse();
        }
        try (var it = checkpoints.all()) {
            assertThat(it.hasNext()).isFalse();
        }
        send(AudioChunk.newBuilder(call.get(3)).setSequenceNumber(call.size() + 5).build());
        assertThat(deadLetterReasons()).containsExactly("CALL_CLOSED");

        // After the retention the ended channel is forgotten entirely.
        driver.advanceWallClockTime(CONFIG.closedRetention().plusSeconds(5));
        KeyValueStore<String, byte[]> channels = driver.getKeyValueStore(FeatureTopology.CHANNEL_STORE);
        try (var it = channels.all()) {
            assertThat(it.hasNext()).isFalse();
        }
    }

    @Test
    void aCallThatNeverSaysGoodbyeIsEndedAfterTheIdleTimeout() {
        float[] audio = Signals.concat(Signals.voice(150, RATE * 2, RATE, 6), Signals.voice(170, RATE * 7 / 10, RATE, 7));
        sendAll(CallChunks.withoutEnd(CallChunks.of("call-6", 0, audio, RATE, 160, AudioEncoding.FLOAT32LE)));
        List<SegmentFeatures> before = segmentsOf("call-6");
        assertThat(before).noneMatch(SegmentFeatures::getEndOfCall);
        driver.advanceWallClockTime(CONFIG.idleTimeout().plus(CONFIG.sweepInterval()).plusSeconds(1));
        List<SegmentFeatures> after = segmentsOf("call-6");
        assertThat(after).last().satisfies(e -> assertThat(e.getEndOfCall()).isTrue());
        List<SegmentFeatures> all = new ArrayList<>(before);
        all.addAll(after);
        assertMatchesOffline(all, audio);
    }

    @Test
    void anEndedSilentChannelStillSaysSo() {
        sendAll(CallChunks.of("call-7", 0, new float[RATE * 3], RATE, 800, AudioEncoding.PCM16LE));
        assertThat(segmentsOf("call-7")).singleElement().satisfies(marker -> {
            assertThat(marker.getEndOfCall()).isTrue();
            assertThat(marker.getSegmentIndex()).isZero();
            assertThat(marker.getLogMel().getShape()).containsExactly(0, 96, 64);
            assertThat(marker.getDescriptors().getShape()).containsExactly(0, 39);
        });
    }

    @Test
    void badChunksGoToTheDeadLetterTopicAndNothingElseIsAffected() {
        float[] audio = speech(8);
        List<AudioChunk> good = CallChunks.of("good-call", 0, audio, RATE, 160, AudioEncoding.FLOAT32LE);
        AudioChunk template = CallChunks.of("bad-call", 0, speech(9), RATE, 160, AudioEncoding.PCM16LE).get(0);
        byte[] valid = chunkSerializer.serialize("audio.chunks", template);

        int half = good.size() / 2;
        sendAll(good.subList(0, half));

        byte[] badMagic = valid.clone();
        badMagic[0] = 1;
        chunks.pipeInput("bad-call", badMagic);
        byte[] unknownId = valid.clone();
        ByteBuffer.wrap(unknownId).putInt(1, 4242);
        chunks.pipeInput("bad-call", unknownId);
        chunks.pipeInput("bad-call", Arrays.copyOf(valid, valid.length - 7));
        chunks.pipeInput("bad-call", (byte[]) null);
        byte[] leftover = Arrays.copyOf(valid, valid.length + 5);
        chunks.pipeInput("bad-call", leftover);
        int otherId = registry.register("something-else-value", "{\"type\":\"record\",\"name\":\"Other\",\"fields\":[{\"name\":\"x\",\"type\":\"int\"}]}");
        chunks.pipeInput("bad-call", ByteBuffer.allocate(6).put((byte) 0).putInt(otherId).put((byte) 2).array());
        send(AudioChunk.newBuilder(template).setSampleRate(1234).build());
        send(AudioChunk.newBuilder(template).setPayload(ByteBuffer.wrap(new byte[321])).build());
        send(AudioChunk.newBuilder(template).setPayload(ByteBuffer.wrap(new byte[6 * RATE * 2])).build());
        ByteBuffer nan = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putFloat(0.1f).putFloat(Float.NaN).putFloat(0).putFloat(0);
        send(AudioChunk.newBuilder(template).setEncoding(AudioEncoding.FLOAT32LE).setPayload(nan.flip()).build());
        send(AudioChunk.newBuilder(template).setSequenceNumber(-3).build());
        chunks.pipeInput("someone-else", valid);
        send(template);
        send(AudioChunk.newBuilder(template).setSequenceNumber(1).setSampleRate(16000).build());

        sendAll(good.subList(half, good.size()));

        assertThat(deadLetterReasons()).containsExactly("BAD_MAGIC_BYTE", "UNKNOWN_SCHEMA_ID", "TRUNCATED_PAYLOAD", "EMPTY_RECORD",
                "CORRUPT_PAYLOAD", "INCOMPATIBLE_SCHEMA", "INVALID_SAMPLE_RATE", "PAYLOAD_SIZE_MISMATCH", "OVERSIZE_CHUNK", "INVALID_SAMPLES", "INVALID_POSITION",
                "KEY_MISMATCH", "SAMPLE_RATE_CHANGED");
        assertMatchesOffline(segmentsOf("good-call"), audio);
    }

    @Test
    void floatChunksWithSamplesTheFeaturesCannotUseAreDeadLetteredWithTheirOwnReason() {
        float[] audio = speech(10);
        List<AudioChunk> good = CallChunks.of("float-call", 0, audio, RATE, 160, AudioEncoding.FLOAT32LE);
        AudioChunk template = CallChunks.of("bad-floats", 0, speech(11), RATE, 160, AudioEncoding.FLOAT32LE).get(3);
        int half = good.size() / 2;
        sendAll(good.subList(0, half));
        float[] values = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 3e30f};
        for (float value : values) {
            ByteBuffer payload = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putFloat(0.1f).putFloat(-0.2f).putFloat(value).putFloat(0);
            send(AudioChunk.newBuilder(template).setPayload(payload.flip()).build());
        }
        sendAll(good.subList(half, good.size()));

        List<TestRecord<String, byte[]>> dead = deadLetters.readRecordsToList();
        assertThat(dead).extracting(r -> header(r, FeatureTopology.HEADER_REASON)).containsOnly("INVALID_SAMPLES").hasSize(values.length);
        long offset = template.getSampleOffset() + 2;
        assertThat(dead).extracting(r -> header(r, FeatureTopology.HEADER_MESSAGE)).containsExactly(
                "sample 2 of the chunk (sample offset " + offset + " of the channel) is NaN: the FLOAT32LE payload holds non-finite samples",
                "sample 2 of the chunk (sample offset " + offset + " of the channel) is +Infinity: the FLOAT32LE payload holds non-finite samples",
                "sample 2 of the chunk (sample offset " + offset + " of the channel) is -Infinity: the FLOAT32LE payload holds non-finite samples",
                "sample 2 of the chunk (sample offset " + offset + " of the channel) is 3.0E30: the FLOAT32LE payload holds samples beyond +-1000000 (full scale is +-1)");
        assertMatchesOffline(segmentsOf("float-call"), audio);
    }

    private static String header(TestRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    @Test
    void forAModelThatTakesTheEncoderFrontEndEachSegmentCarriesItsEfficientAtLogMel() {
        driver.close();
        open(CONFIG.withFrontEnd(io.serstreams.featureextractor.features.FrontEnd.EFFICIENTAT_LOGMEL));
        int rate = 16000;
        float[] audio = Signals.concat(Signals.voice(150, rate * 2, rate, 5), new float[rate / 2], Signals.voice(210, rate, rate, 6));
        sendAll(CallChunks.of("call-efficientat", 0, audio, rate, 320, AudioEncoding.FLOAT32LE));

        List<SegmentFeatures> events = segmentsOf("call-efficientat").stream().filter(e -> !e.getEndOfCall() || e.getEncoderLogMel() != null).toList();
        List<Segment> offline = ChannelFeatureExtractor.segmentsOf(audio, rate, FEATURES);
        assertThat(events).hasSize(offline.size()).isNotEmpty();
        for (int i = 0; i < offline.size(); i++) {
            Segment o = offline.get(i);
            // What classify computes offline for the same segment of the same audio.
            float[] expected = io.serstreams.featureextractor.features.EncoderLogMel.of(audio, rate, o.startSample(), o.endSample());
            SegmentFeatures e = events.get(i);
            assertThat(e.getEncoderLogMel()).as("segment " + i).isNotNull();
            assertThat(e.getEncoderLogMel().getShape()).containsExactly(expected.length / 128, 128);
            assertThat(SegmentFeaturesMapper.values(e.getEncoderLogMel())).containsExactly(expected);
            // About 100 frames a second of the segment's span.
            assertThat(e.getEncoderLogMel().getShape().get(0)).isCloseTo((int) ((o.endSample() - o.startSample()) / 160), org.assertj.core.data.Offset.offset(2));
        }
    }

    @Test
    void byDefaultSegmentsCarryNoEncoderLogMel() {
        float[] audio = speech(9);
        sendAll(CallChunks.of("call-default", 0, audio, RATE, 160, AudioEncoding.FLOAT32LE));
        assertThat(segmentsOf("call-default")).isNotEmpty().allSatisfy(e -> assertThat(e.getEncoderLogMel()).isNull());
    }
}
