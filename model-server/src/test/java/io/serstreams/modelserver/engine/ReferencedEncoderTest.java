package io.serstreams.modelserver.engine;

import io.serstreams.featureextractor.audio.DecodedAudio;
import io.serstreams.featureextractor.encoder.EncoderCache;
import io.serstreams.featureextractor.encoder.EncoderFetcher;
import io.serstreams.featureextractor.encoder.EncoderSpec;
import io.serstreams.featureextractor.features.EfficientAtFrontEnd;
import io.serstreams.featureextractor.features.EncoderLogMel;
import io.serstreams.featureextractor.features.FeatureConfig;
import io.serstreams.featureextractor.features.FrameDescriptor;
import io.serstreams.featureextractor.features.FrontEnd;
import io.serstreams.modelserver.bundle.BundleException;
import io.serstreams.modelserver.bundle.EncoderReference;
import io.serstreams.modelserver.bundle.ModelBundle;
import io.serstreams.modelserver.bundle.FeatureStatistics;
import io.serstreams.modelserver.classify.FileClassifier;
import io.serstreams.modelserver.profile.DomainProfile;
import io.serstreams.modelserver.onnx.EncoderGraphCache;
import io.serstreams.modelserver.testing.Mn04Fixtures;
import io.serstreams.modelserver.testing.Speech;
import io.serstreams.modelserver.testing.TestBundles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Bundles that hold their extractor by reference: the real mn04 checkpoint ({@code ../shared/encoders}, skipped with the
 * reason where absent), converted by our converter into a cache in a temporary folder, and seeded random heads.
 */
class ReferencedEncoderTest {
    @TempDir
    Path dir;

    private final List<String> notices = new ArrayList<>();

    private BundleLoader loaderWithCheckpoint() throws Exception {
        Path root = Files.createDirectories(dir.resolve("encoders"));
        Path copy = root.resolve(EncoderSpec.MN04.fileName());
        if (!Files.exists(copy)) {
            Files.copy(Mn04Fixtures.checkpoint(), copy);
        }
        return new BundleLoader(new EncoderGraphCache(new EncoderCache(root, "test"), dir), null, null, notices::add);
    }

    private InferenceEngine engine(String output) throws Exception {
        ModelBundle bundle = loaderWithCheckpoint().load(TestBundles.referencing(dir.resolve("bundle-" + output), output));
        return InferenceEngine.open(bundle, EngineOptions.cpu());
    }

    /** A segment with zero built-in features and this encoder log-mel ([frames, 128]). */
    private static SegmentInput segment(float[] encoderLogMel) {
        FeatureConfig f = FeatureConfig.DEFAULT;
        return new SegmentInput(new float[f.patchFrames() * f.melBands()], 1, new float[f.segmentFrames() * FrameDescriptor.COUNT],
                f.segmentFrames(), encoderLogMel, EncoderLogMel.frames(encoderLogMel));
    }

    private static float[] randomLogMel(int frames, long seed) {
        Random random = new Random(seed);
        float[] values = new float[frames * EfficientAtFrontEnd.MEL_BANDS];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (random.nextGaussian() * 0.5 - 0.5);
        }
        return values;
    }

    @Test
    void aSyntheticSegmentCarriesTheEncoderLogMelOfItsSpan() throws Exception {
        try (InferenceEngine engine = engine(EncoderReference.EMBEDDING)) {
            SegmentInput synthetic = engine.syntheticSegment(192, () -> -4);
            FeatureConfig f = engine.features();
            long samples = 192L * f.hopSamples() * EfficientAtFrontEnd.SAMPLE_RATE / f.sampleRate();
            assertThat(synthetic.encoderFrames()).isEqualTo(EfficientAtFrontEnd.frameCount(samples)).isGreaterThan(150);
            assertThat(synthetic.patches()).isEqualTo(2);
            assertThat(synthetic.encoderLogMel()).containsOnly(-4f);
            assertThat(engine.predict(List.of(synthetic, synthetic))).hasSize(2);
        }
    }

    @Test
    void aReferencingBundleHoldsNoEncoderWeightsAndLoadsWithTheConvertedGraph() throws Exception {
        Path folder = TestBundles.referencing(dir.resolve("bundle"), EncoderReference.EMBEDDING);
        try (Stream<Path> files = Files.list(folder)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("manifest.json", "heads.onnx");
        }
        ModelBundle plain = ModelBundle.load(folder);
        assertThat(plain.hasExtractor()).isFalse();
        assertThat(plain.frontEnd()).isEqualTo(FrontEnd.EFFICIENTAT_LOGMEL);
        assertThatThrownBy(() -> InferenceEngine.open(plain, EngineOptions.cpu()))
                .isInstanceOf(BundleException.class).hasMessageContaining("load it with BundleLoader");

        ModelBundle loaded = loaderWithCheckpoint().load(folder);
        assertThat(loaded.hasExtractor()).isTrue();
        assertThat(loaded.describe()).isEqualTo("model " + folder + " (mpgln-mn04-test 0.0.0-untrained+1), encoder mn04 (sha256 899a8c621706)");
        assertThat(notices).isEmpty();
    }

    @Test
    void theEncoderEmbeddingOfEachFixtureClipMatchesEfficientAtsFromTheWaveform() throws Exception {
        double tolerance = Mn04Fixtures.tolerance("embedding (end to end from input.f32)");
        try (InferenceEngine engine = engine(EncoderReference.EMBEDDING)) {
            for (String clip : Mn04Fixtures.CLIPS) {
                float[] logMel = EncoderLogMel.frameMajor(EfficientAtFrontEnd.logMel(Mn04Fixtures.floats(clip, "input")));
                float[][] embedding = engine.embeddings(List.of(segment(logMel))).get(0);
                assertThat(embedding).hasDimensions(1, TestBundles.MN04_WIDTH);
                assertThat(maxAbsDifference(embedding[0], Mn04Fixtures.floats(clip, "embedding"))).as(clip).isLessThanOrEqualTo(tolerance);
            }
        }
    }

    @Test
    void framesAreOneVectorPerThirtyTwoFramesAndAverageToTheEmbedding() throws Exception {
        List<SegmentInput> segments = List.of(segment(randomLogMel(192, 1)), segment(randomLogMel(100, 2)), segment(randomLogMel(192, 3)));
        List<float[][]> frames;
        List<float[][]> embeddings;
        try (InferenceEngine engine = engine(EncoderReference.FRAMES)) {
            frames = engine.embeddings(segments);
        }
        try (InferenceEngine engine = engine(EncoderReference.EMBEDDING)) {
            embeddings = engine.embeddings(segments);
        }
        assertThat(frames.stream().map(f -> f.length)).containsExactly(6, 4, 6);
        for (int s = 0; s < segments.size(); s++) {
            float[] mean = new float[TestBundles.MN04_WIDTH];
            for (float[] column : frames.get(s)) {
                for (int e = 0; e < mean.length; e++) {
                    mean[e] += column[e] / frames.get(s).length;
                }
            }
            assertThat(maxAbsDifference(mean, embeddings.get(s)[0])).as("segment " + s).isLessThan(1e-5);
        }
    }

    @Test
    void aSegmentsResultDoesNotDependOnItsBatchMatesOfOtherLengths() throws Exception {
        for (String output : List.of(EncoderReference.EMBEDDING, EncoderReference.FRAMES)) {
            List<SegmentInput> segments = List.of(segment(randomLogMel(192, 1)), segment(randomLogMel(64, 2)),
                    segment(randomLogMel(192, 3)), segment(randomLogMel(150, 4)));
            try (InferenceEngine engine = engine(output)) {
                List<SegmentPrediction> batch = engine.predict(segments);
                for (int i = 0; i < segments.size(); i++) {
                    SegmentPrediction alone = engine.predict(List.of(segments.get(i))).get(0);
                    assertThat(maxAbsDifference(batch.get(i).emotionProbabilities(), alone.emotionProbabilities()))
                            .as(output + " segment " + i).isLessThan(1e-5);
                }
            }
        }
    }

    @Test
    void aDomainProfileStandardisesTheRawEmbeddingByItsDomainAndThePoolsOwnChangesNothing() throws Exception {
        List<SegmentInput> segments = List.of(segment(randomLogMel(192, 11)), segment(randomLogMel(192, 12)));
        try (InferenceEngine engine = engine(EncoderReference.EMBEDDING)) {
            List<SegmentPrediction> base = engine.predict(segments);
            float[][] raw = engine.embeddings(segments).stream().map(vectors -> vectors[0]).toArray(float[][]::new);
            assertThat(base.get(0).encoderOutput()).as("the raw embedding on the prediction").containsExactly(raw[0], org.assertj.core.data.Offset.offset(1e-6f));
            FeatureStatistics pool = engine.manifest().encoder().trainingStatistics();
            String version = engine.manifest().features().version();
            DomainProfile poolItself = new DomainProfile("pool", version, "mn04", 1, 1, engine.manifest().normalization(), pool);
            DomainProfile shifted = new DomainProfile("shifted", version, "mn04", 1, 1, engine.manifest().normalization(),
                    new FeatureStatistics(raw[0], pool.std()));
            List<SegmentPrediction> same = engine.predict(segments.stream().map(s -> s.withProfile(poolItself)).toList());
            assertThat(same.get(1).emotionProbabilities()).containsExactly(base.get(1).emotionProbabilities(), org.assertj.core.data.Offset.offset(1e-5f));
            assertThat(same.get(1).encoderOutput()).as("raw, before the profile").containsExactly(raw[1], org.assertj.core.data.Offset.offset(1e-6f));
            SegmentPrediction moved = engine.predict(List.of(segments.get(0).withProfile(shifted))).get(0);
            assertThat(maxAbsDifference(moved.emotionProbabilities(), base.get(0).emotionProbabilities())).isGreaterThan(1e-4);
        }
    }

    @Test
    void classifiesAGeneratedVoiceRecordingEndToEnd() throws Exception {
        float[] voice = Speech.voiceFor(140, 16000 * 4, 7);
        try (InferenceEngine engine = engine(EncoderReference.EMBEDDING)) {
            FileClassifier.FileResult result = new FileClassifier(engine, 4).classify(new DecodedAudio(16000, new float[][]{voice}));
            assertThat(result.segments()).isNotEmpty();
            for (FileClassifier.SegmentResult s : result.segments()) {
                float sum = 0;
                for (float p : s.prediction().emotionProbabilities()) {
                    sum += p;
                }
                assertThat(sum).isCloseTo(1f, org.assertj.core.data.Offset.offset(1e-4f));
            }
            // mn04 hears the generated voice (a harmonic tone with vibrato) as music rather than speech: the speech gate
            // then gives the channel no reading and says why.
            FileClassifier.ChannelResult channel = result.channels().get(0);
            assertThat(channel.overall()).isNull();
            assertThat(channel.reason()).as("the gate's finding on a generated voice").startsWith("no speech found: ").contains("(AudioSet tags Music 0.");
        }
    }

    @Test
    void withoutTheEncoderAndOfflineItSaysSoInOneLineAndRunsTheDefaultModel() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        URI unreachable = URI.create("http://127.0.0.1:" + closedPort + "/" + EncoderSpec.MN04.fileName());
        Path referencing = TestBundles.referencing(dir.resolve("referencing"), unreachable, EncoderReference.EMBEDDING, 1);
        Path fallback = TestBundles.small(dir.resolve("default"));
        EncoderCache empty = new EncoderCache(dir.resolve("empty-cache"), "test");
        BundleLoader loader = new BundleLoader(new EncoderGraphCache(empty, dir), EncoderFetcher.withDefaultClient(empty, line -> {
        }), fallback, notices::add);

        ModelBundle loaded = loader.load(referencing);

        assertThat(loaded.source()).isEqualTo(fallback.toString());
        assertThat(loaded.encoder()).isEmpty();
        assertThat(notices).hasSize(1);
        assertThat(notices.get(0)).startsWith("mn04 encoder not available (offline: ")
                .endsWith("); running the default model " + fallback + " \u2014 fetch it with ./ser encoder fetch")
                .doesNotContain("\n").doesNotContain("Exception");
        assertThat(empty.verified(EncoderSpec.MN04)).isEmpty();
        if (Files.exists(empty.root())) {
            try (Stream<Path> left = Files.list(empty.root())) {
                assertThat(left).isEmpty(); // no partial download left behind
            }
        }
        try (InferenceEngine engine = InferenceEngine.open(loaded, EngineOptions.cpu())) {
            assertThat(engine.manifest().name()).isEqualTo("mpgln-test");
        }
    }

    @Test
    void withoutAFallbackOrWithFetchingOffTheReasonIsNamed() throws Exception {
        Path referencing = TestBundles.referencing(dir.resolve("referencing"), EncoderReference.EMBEDDING);
        EncoderCache empty = new EncoderCache(dir.resolve("empty-cache"), "test");
        BundleLoader noFallback = new BundleLoader(new EncoderGraphCache(empty, dir), null, null, notices::add);
        assertThatThrownBy(() -> noFallback.load(referencing)).isInstanceOf(BundleException.class)
                .hasMessage(referencing + ": encoder mn04 not available (not in the encoder cache " + empty.root() + ", and fetching is off)");

        Path fallback = TestBundles.small(dir.resolve("default"));
        new BundleLoader(new EncoderGraphCache(empty, dir), null, fallback, notices::add).load(referencing);
        assertThat(notices).containsExactly("mn04 encoder not available (not in the encoder cache " + empty.root()
                + ", and fetching is off); running the default model " + fallback + " \u2014 fetch it with ./ser encoder fetch");
    }

    private static double maxAbsDifference(float[] a, float[] b) {
        assertThat(a).hasSameSizeAs(b);
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }
}
