package io.serstreams.modelserver.engine;

import io.serstreams.featureextractor.features.FrameDescriptor;
import io.serstreams.featureextractor.features.Segment;
import io.serstreams.modelserver.bundle.ModelBundle;
import io.serstreams.modelserver.bundle.Normalization;
import io.serstreams.modelserver.profile.DomainProfile;
import io.serstreams.modelserver.testing.Speech;
import io.serstreams.modelserver.testing.TestBundles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

class InferenceEngineTest {
    @TempDir
    static Path dir;
    static InferenceEngine engine;
    static List<Segment> segments;

    @BeforeAll
    static void open() {
        engine = InferenceEngine.open(ModelBundle.load(TestBundles.small(dir.resolve("bundle"))), EngineOptions.cpu());
        segments = Speech.segments(12, 3);
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    private static List<SegmentInput> inputs(List<Segment> segments) {
        return segments.stream().map(SegmentInput::of).toList();
    }

    @Test
    void aSyntheticSegmentHasTheBundlesShapeAndNoEncoderLogMel() {
        SegmentInput synthetic = engine.syntheticSegment(192, () -> 0.5);
        assertThat(synthetic.patches()).isEqualTo(192 / engine.features().patchFrames());
        assertThat(synthetic.frames()).isEqualTo(192);
        assertThat(synthetic.encoderLogMel()).isNull();
        assertThat(synthetic.descriptors()).hasSize(192 * FrameDescriptor.COUNT).containsOnly(0.5f);
        assertThat(engine.predict(List.of(synthetic))).hasSize(1);
    }

    @Test
    void predictionsAreDistributionsWithLabelsFromTheManifest() {
        List<SegmentPrediction> predictions = engine.predict(inputs(segments));
        assertThat(predictions).hasSize(segments.size());
        for (SegmentPrediction p : predictions) {
            for (float[] distribution : List.of(p.emotionProbabilities(), p.arousal().probabilities(), p.valence().probabilities(), p.domainProbabilities())) {
                float sum = 0;
                for (float v : distribution) {
                    assertThat(v).isBetween(0f, 1f);
                    sum += v;
                }
                assertThat(sum).isCloseTo(1f, org.assertj.core.data.Offset.offset(1e-5f));
            }
            assertThat(p.emotionProbabilities()).hasSize(4);
            assertThat(p.emotion()).isIn("neutral", "happy", "angry", "sad");
            assertThat(p.arousal().group()).isIn("low", "mid", "high");
            assertThat(p.valence().group()).isIn("negative", "neutral", "positive");
            assertThat(p.arousal().score()).isBetween(-1f, 1f);
            float expected = p.arousal().probabilities()[2] - p.arousal().probabilities()[0];
            assertThat(p.arousal().score()).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-6f));
            assertThat(p.nearestDomain()).isIn("emodb", "emovo", "ravdess", "korean", "baved");
            assertThat(p.outOfDomain()).isEqualTo(p.domainConfidence() < 0.5f);
        }
        // Segments of one and two patches and of different frame counts are in the batch.
        assertThat(segments.stream().map(Segment::patches).distinct()).contains(1, 2);
        assertThat(segments.stream().map(Segment::frames).distinct().count()).isGreaterThan(2);
    }

    @Test
    void aSegmentsResultDoesNotDependOnItsBatchMates() {
        List<SegmentPrediction> alone = new ArrayList<>();
        for (Segment s : segments) {
            alone.add(engine.predict(List.of(SegmentInput.of(s))).get(0));
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < segments.size(); i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(5));
        for (int batchSize : new int[]{2, 5, 12}) {
            for (int start = 0; start < order.size(); start += batchSize) {
                List<Integer> members = order.subList(start, Math.min(order.size(), start + batchSize));
                List<SegmentPrediction> batched = engine.predict(members.stream().map(i -> SegmentInput.of(segments.get(i))).toList());
                for (int k = 0; k < members.size(); k++) {
                    assertClose(batched.get(k), alone.get(members.get(k)));
                }
            }
        }
    }

    @Test
    void concurrentCallersGetTheSameResults() throws Exception {
        List<SegmentPrediction> expected = engine.predict(inputs(segments));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<SegmentPrediction>>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                futures.add(pool.submit(() -> engine.predict(inputs(segments))));
            }
            for (Future<List<SegmentPrediction>> f : futures) {
                List<SegmentPrediction> got = f.get();
                for (int i = 0; i < got.size(); i++) {
                    assertClose(got.get(i), expected.get(i));
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void cudaFallsBackToTheCpuWhereThereIsNone() {
        EngineOptions cuda = new EngineOptions(EngineOptions.Device.CUDA, 1, false);
        try (InferenceEngine fallback = InferenceEngine.open(engine.bundle(), cuda)) {
            // No CUDA provider in the CPU build: the engine says so once and runs on the CPU.
            assertThat(fallback.device()).isEqualTo(EngineOptions.Device.CPU);
            assertClose(fallback.predict(inputs(segments.subList(0, 1))).get(0), engine.predict(inputs(segments.subList(0, 1))).get(0));
        }
    }

    @Test
    void closingWhileCallsRunWaitsForThemAndRefusesLaterOnes() throws Exception {
        InferenceEngine own = InferenceEngine.open(engine.bundle(), EngineOptions.cpu());
        List<SegmentInput> batch = inputs(segments);
        java.util.concurrent.atomic.AtomicInteger answered = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.CountDownLatch running = new java.util.concurrent.CountDownLatch(2);
        ExecutorService callers = Executors.newFixedThreadPool(2);
        List<Future<String>> refusals = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            refusals.add(callers.submit(() -> {
                running.countDown();
                // Calls back to back until the engine refuses one; a session closed under a running call would crash the JVM instead.
                while (true) {
                    try {
                        assertThat(own.predict(batch)).hasSize(batch.size());
                        answered.incrementAndGet();
                    } catch (IllegalStateException e) {
                        return e.getMessage();
                    }
                }
            }));
        }
        running.await();
        Thread.sleep(200);
        own.close();
        for (Future<String> refusal : refusals) {
            assertThat(refusal.get()).contains("is closed");
        }
        callers.shutdown();
        assertThat(answered.get()).isPositive();
    }

    static void assertClose(SegmentPrediction a, SegmentPrediction b) {
        assertArraysClose(a.emotionProbabilities(), b.emotionProbabilities());
        assertArraysClose(a.arousal().probabilities(), b.arousal().probabilities());
        assertArraysClose(a.valence().probabilities(), b.valence().probabilities());
        assertArraysClose(a.domainProbabilities(), b.domainProbabilities());
    }

    private static void assertArraysClose(float[] a, float[] b) {
        assertThat(a).hasSameSizeAs(b);
        for (int i = 0; i < a.length; i++) {
            assertThat((double) Math.abs(a[i] - b[i])).isLessThanOrEqualTo(1e-5);
        }
    }

    @Test
    void aProfileOfThePoolsOwnStatisticsChangesNothingAndAnotherDomainsStandardisesEachSegmentByItsOwn() {
        Normalization pool = engine.manifest().normalization();
        String version = engine.manifest().features().version();
        DomainProfile same = new DomainProfile("pool", version, null, 1, 1, pool, null);
        // A louder domain: its log-mel sits 2 higher and spreads twice as wide.
        DomainProfile louder = new DomainProfile("louder", version, null, 1, 1,
                new Normalization(pool.logMelMean() + 2, pool.logMelStd() * 2, pool.descriptorMean(), pool.descriptorStd()), null);
        List<SegmentInput> plain = inputs(segments.subList(0, 4));
        List<SegmentPrediction> base = engine.predict(plain);
        List<SegmentPrediction> withSame = engine.predict(plain.stream().map(s -> s.withProfile(same)).toList());
        // One batch, segments of two domains: each standardised by its own profile.
        List<SegmentInput> mixed = List.of(plain.get(0).withProfile(louder), plain.get(1), plain.get(2).withProfile(louder), plain.get(3));
        List<SegmentPrediction> withMixed = engine.predict(mixed);
        for (int i = 0; i < plain.size(); i++) {
            assertThat(withSame.get(i).emotionProbabilities()).containsExactly(base.get(i).emotionProbabilities(), org.assertj.core.data.Offset.offset(1e-6f));
            assertThat(base.get(i).encoderOutput()).as("no encoder output from a model with its own extractor").isNull();
        }
        assertThat(withMixed.get(1).emotionProbabilities()).containsExactly(base.get(1).emotionProbabilities(), org.assertj.core.data.Offset.offset(1e-6f));
        assertThat(maxDifference(withMixed.get(0).emotionProbabilities(), base.get(0).emotionProbabilities())).isGreaterThan(1e-4f);
        SegmentPrediction louderAlone = engine.predict(List.of(plain.get(0).withProfile(louder))).get(0);
        assertThat(withMixed.get(0).emotionProbabilities()).containsExactly(louderAlone.emotionProbabilities(), org.assertj.core.data.Offset.offset(1e-5f));
    }

    @Test
    void aProfileMadeForAnEncoderModelIsRefusedInOneLine() {
        DomainProfile forMn04 = new DomainProfile("acme", engine.manifest().features().version(), "mn04", 1, 1, Normalization.identity(),
                new io.serstreams.modelserver.bundle.FeatureStatistics(new float[384], new float[384]));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> engine.predict(List.of(SegmentInput.of(segments.get(0)).withProfile(forMn04))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("was made for encoder mn04");
    }

    private static float maxDifference(float[] a, float[] b) {
        float max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }
}
