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
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The extractor's dense top, which only the benchmarks' network has (the trainer's export covers the rest). */
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
}
