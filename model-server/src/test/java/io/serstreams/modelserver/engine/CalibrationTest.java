package io.serstreams.modelserver.engine;

import io.serstreams.modelserver.bundle.BundleException;
import io.serstreams.modelserver.bundle.Calibration;
import io.serstreams.modelserver.bundle.ModelBundle;
import io.serstreams.modelserver.bundle.ModelManifest;
import io.serstreams.modelserver.testing.TestBundles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

/** Temperature scaling: what it does to probabilities, and that a bundle's calibration is what the engine serves. */
class CalibrationTest {
    @TempDir
    Path dir;

    @Test
    void aTemperatureAboveOneSoftensBelowOneSharpensAndTheRankingStays() {
        float[] p = {0.7f, 0.2f, 0.1f, 0f};
        float[] soft = Calibration.atTemperature(p, 2);
        float[] sharp = Calibration.atTemperature(p, 0.5);
        assertThat(soft[0]).isLessThan(p[0]);
        assertThat(sharp[0]).isGreaterThan(p[0]);
        // p^(1/2) renormalised: sqrt(0.7) / (sqrt(0.7) + sqrt(0.2) + sqrt(0.1) + ~0).
        assertThat((double) soft[0]).isCloseTo(Math.sqrt(0.7) / (Math.sqrt(0.7) + Math.sqrt(0.2) + Math.sqrt(0.1)), offset(1e-5));
        for (float[] q : new float[][]{soft, sharp}) {
            assertThat(q[0]).isGreaterThan(q[1]);
            assertThat(q[1]).isGreaterThan(q[2]);
            assertThat(q[3]).isGreaterThanOrEqualTo(0f).isLessThan(1e-3f);
            assertThat((double) (q[0] + q[1] + q[2] + q[3])).isCloseTo(1.0, offset(1e-5));
        }
        assertThat(Calibration.NONE.apply(p)).containsExactly(p);
        assertThatThrownBy(() -> new Calibration(0, "x")).isInstanceOf(BundleException.class).hasMessageContaining("positive");
    }

    @Test
    void theEngineServesTheBundlesCalibratedProbabilities() throws Exception {
        Path plain = TestBundles.small(dir.resolve("plain"));
        Path calibrated = TestBundles.small(dir.resolve("calibrated"));
        ModelManifest manifest = ModelBundle.load(calibrated).manifest().withCalibration(new Calibration(1.7, "validation speakers"));
        Files.writeString(calibrated.resolve(ModelManifest.FILE), ModelBundle.json().writeValueAsString(manifest));
        assertThat(ModelBundle.load(calibrated).manifest().calibrationOrNone().temperature()).isEqualTo(1.7);

        try (InferenceEngine raw = InferenceEngine.open(ModelBundle.load(plain), EngineOptions.cpu());
             InferenceEngine soft = InferenceEngine.open(ModelBundle.load(calibrated), EngineOptions.cpu())) {
            Random random = new Random(4);
            var segment = raw.syntheticSegment(raw.bundle().features().segmentFrames(), random::nextGaussian);
            SegmentPrediction before = raw.predict(List.of(segment)).get(0);
            SegmentPrediction after = soft.predict(List.of(segment)).get(0);
            float[] expected = Calibration.atTemperature(before.emotionProbabilities(), 1.7);
            for (int i = 0; i < expected.length; i++) {
                assertThat((double) after.emotionProbabilities()[i]).isCloseTo(expected[i], offset(1e-5));
            }
            assertThat(after.emotion()).isEqualTo(before.emotion());
            assertThat(after.arousal().probabilities()).containsExactly(before.arousal().probabilities());
        }
    }

    @Test
    void aSegmentTakesTheTemperatureOfTheDomainItsDomainHeadNamesWhileInDomain() throws Exception {
        Path plain = TestBundles.small(dir.resolve("plain"));
        ModelManifest base = ModelBundle.load(plain).manifest();
        try (InferenceEngine raw = InferenceEngine.open(ModelBundle.load(plain), EngineOptions.cpu())) {
            Random random = new Random(5);
            var segment = raw.syntheticSegment(raw.bundle().features().segmentFrames(), random::nextGaussian);
            SegmentPrediction before = raw.predict(List.of(segment)).get(0);
            String named = before.nearestDomain();
            Calibration perDomain = new Calibration(1.7, "validation speakers", java.util.Map.of(named, 0.6));

            // In domain (threshold 0): the named domain's own temperature.
            SegmentPrediction inDomain = predict(base.withOutOfDomainThreshold(0).withCalibration(perDomain), "in", segment);
            assertProbabilities(inDomain, Calibration.atTemperature(before.emotionProbabilities(), 0.6));
            // Out of domain (threshold 1): the temperature for every other segment.
            SegmentPrediction outOfDomain = predict(base.withOutOfDomainThreshold(1).withCalibration(perDomain), "out", segment);
            assertThat(outOfDomain.outOfDomain()).isTrue();
            assertProbabilities(outOfDomain, Calibration.atTemperature(before.emotionProbabilities(), 1.7));
        }
    }

    @Test
    void aManifestWithoutDomainTemperaturesStillLoadsAndOneNamingAnUnknownDomainFailsInOneLine() throws Exception {
        Path bundle = TestBundles.small(dir.resolve("b"));
        ModelManifest base = ModelBundle.load(bundle).manifest();
        String json = ModelBundle.json().writeValueAsString(base.withCalibration(new Calibration(1.3, "older bundle")));
        assertThat(json).doesNotContain("\"domains\" : {");
        Files.writeString(bundle.resolve(ModelManifest.FILE), json);
        assertThat(ModelBundle.load(bundle).manifest().calibrationOrNone().temperatureFor(base.labels().domains().get(0), true)).isEqualTo(1.3);

        Files.writeString(bundle.resolve(ModelManifest.FILE), ModelBundle.json().writeValueAsString(
                base.withCalibration(new Calibration(1.3, "x", java.util.Map.of("klingon", 2.0)))));
        assertThatThrownBy(() -> ModelBundle.load(bundle)).isInstanceOf(BundleException.class)
                .hasMessageContaining("domain 'klingon', which is not one of the model's domains");
        assertThatThrownBy(() -> new Calibration(1.3, "x", java.util.Map.of("emodb", -1.0))).isInstanceOf(BundleException.class)
                .hasMessageContaining("temperature of domain 'emodb' must be a positive number");
    }

    private SegmentPrediction predict(ModelManifest manifest, String name, SegmentInput segment) throws Exception {
        Path bundle = TestBundles.small(dir.resolve(name));
        Files.writeString(bundle.resolve(ModelManifest.FILE), ModelBundle.json().writeValueAsString(manifest));
        try (InferenceEngine engine = InferenceEngine.open(ModelBundle.load(bundle), EngineOptions.cpu())) {
            return engine.predict(List.of(segment)).get(0);
        }
    }

    private static void assertProbabilities(SegmentPrediction prediction, float[] expected) {
        for (int i = 0; i < expected.length; i++) {
            assertThat((double) prediction.emotionProbabilities()[i]).isCloseTo(expected[i], offset(1e-5));
        }
    }
}
