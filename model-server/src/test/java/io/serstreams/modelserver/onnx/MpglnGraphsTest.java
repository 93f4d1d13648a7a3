package io.serstreams.modelserver.onnx;

import io.serstreams.featureextractor.features.FeatureConfig;
import io.serstreams.modelserver.bundle.ModelBundle;
import io.serstreams.modelserver.engine.EngineOptions;
import io.serstreams.modelserver.engine.InferenceEngine;
import io.serstreams.modelserver.engine.SegmentInput;
import io.serstreams.modelserver.engine.SegmentPrediction;
import io.serstreams.modelserver.testing.Speech;
import io.serstreams.modelserver.testing.TestBundles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The extractor's dense top, which only the benchmarks' network has (the trainer's export covers the rest);
 * the graphs of a bundle with its own extractor, byte for byte as before heads could project an encoder's output;
 * the folded standardisation of that projection.
 */
class MpglnGraphsTest {
    @TempDir
    Path dir;

    @Test
    void aDenseTopOverTheFlattenedFeatureMapRunsInOnnxRuntime() {
        Path bundle = TestBundles.write(dir, 2, new int[]{4, 8, 8}, 8, 16, 32);
        try (InferenceEngine engine = InferenceEngine.open(ModelBundle.load(bundle), EngineOptions.cpu())) {
            List<SegmentPrediction> predictions = engine.predict(Speech.segments(3, 5).stream().map(SegmentInput::of).toList());
            assertThat(predictions).hasSize(3);
            for (SegmentPrediction p : predictions) {
                double sum = 0;
                for (float v : p.emotionProbabilities()) {
                    sum += v;
                }
                assertThat(sum).isCloseTo(1, within(1e-5));
            }
        }
    }

    @Test
    void aDenseTopOfTheWrongWidthForTheFeatureMapIsRefused() {
        MpglnWeights weights = TestBundles.weights(2, new int[]{4, 8, 8}, 8, 16, 32);
        MpglnWeights.Extractor extractor = weights.extractor();
        FeatureConfig features = FeatureConfig.DEFAULT;
        // Three halvings of 96 x 64 leave 12 x 8 per channel; a 32 x 64 patch would leave 4 x 8.
        assertThatThrownBy(() -> MpglnGraphs.extractor(extractor, 32, features.melBands(), "test"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the dense layer takes 768 inputs but the flattened feature map has 256");
    }

    // SHA-256 of the graphs below as MpglnGraphs wrote them before heads could carry an encoder projection.
    private static final String HEADS_BEFORE = "ac51932c9a3215f992d5860db14fd258e15ce18e1012bf849a02ae8e56f4e42e";
    private static final String SPSL_HEADS_BEFORE = "ba25c03453ecc2f0e721977595ddd4d1cb36af7dd9c1e50e56ae89ee4e5c4236";
    private static final String EXTRACTOR_BEFORE = "2390439b9dd185d9f20090b6baf14db0e26eaa16301b7ea0ad60cf14ec474946";

    @Test
    void graphsWithTheirOwnExtractorAreWrittenByteForByteAsBefore() throws Exception {
        Random random = new Random(42);
        MpglnWeights.Extractor extractor = new MpglnWeights.Extractor(List.of(new MpglnWeights.Conv(4, 1, gaussian(random, 36), gaussian(random, 4)),
                new MpglnWeights.Conv(8, 4, gaussian(random, 288), gaussian(random, 8))), null, dense(random, 8, 128));
        String[] expected = {HEADS_BEFORE, SPSL_HEADS_BEFORE};
        boolean[] transferred = {true, false};
        for (int i = 0; i < 2; i++) {
            boolean t = transferred[i];
            MpglnWeights.Heads heads = new MpglnWeights.Heads(128, t, lstm(random, 8, 39), lstm(random, 8, 39), dense(random, 16 + (t ? 128 : 0), 16),
                    dense(random, 16, 4), dense(random, 16, 3), dense(random, 16, 3), dense(random, 16, 5));
            assertThat(sha256(MpglnGraphs.heads(heads, "p").toByteArray())).as("heads, transferred path " + t).isEqualTo(expected[i]);
        }
        assertThat(sha256(MpglnGraphs.extractor(extractor, 96, 64, "p").toByteArray())).isEqualTo(EXTRACTOR_BEFORE);
    }

    @Test
    void aLayerOverUnstandardisedInputsGivesWhatTheLayerGivesOverStandardisedOnes() {
        Random random = new Random(5);
        MpglnWeights.Dense layer = dense(random, 3, 2);
        float[] mean = {0.5f, -1f, 2f};
        float[] std = {0.1f, 2f, 0.5f};
        float[] x = {0.7f, 1f, 1.5f};
        MpglnWeights.Dense folded = layer.overUnstandardised(mean, std);
        float[] w = layer.weight();
        float[] fw = folded.weight();
        for (int o = 0; o < 2; o++) {
            double direct = layer.bias()[o];
            double viaFold = folded.bias()[o];
            for (int i = 0; i < 3; i++) {
                direct += w[o * 3 + i] * (x[i] - mean[i]) / std[i];
                viaFold += fw[o * 3 + i] * x[i];
            }
            assertThat(viaFold).isCloseTo(direct, within(1e-5));
        }
        assertThatThrownBy(() -> layer.overUnstandardised(new float[2], std)).hasMessageContaining("standardisation mean has 2 values");
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static float[] gaussian(Random random, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return v;
    }

    private static MpglnWeights.Dense dense(Random random, int inputs, int outputs) {
        return new MpglnWeights.Dense(outputs, inputs, gaussian(random, inputs * outputs), gaussian(random, outputs));
    }

    private static MpglnWeights.Lstm lstm(Random random, int hidden, int inputs) {
        return new MpglnWeights.Lstm(hidden, inputs, gaussian(random, 4 * hidden * inputs), gaussian(random, 4 * hidden * hidden),
                gaussian(random, 4 * hidden), gaussian(random, 4 * hidden));
    }
}
