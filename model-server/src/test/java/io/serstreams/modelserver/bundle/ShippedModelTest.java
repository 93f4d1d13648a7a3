package io.serstreams.modelserver.bundle;

import io.serstreams.modelserver.engine.EngineOptions;
import io.serstreams.modelserver.engine.InferenceEngine;
import io.serstreams.modelserver.engine.SegmentInput;
import io.serstreams.modelserver.engine.SegmentPrediction;
import io.serstreams.modelserver.testing.Speech;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The bundle shipped in models/mpgln stays loadable and servable as the engine and its contract evolve. */
class ShippedModelTest {

    @Test
    void theShippedModelLoadsAndClassifies() {
        ModelBundle bundle = ModelBundle.load(Path.of("..", "models", "mpgln"));
        assertThat(bundle.manifest().name()).isEqualTo("mpgln");
        assertThat(bundle.manifest().labels().emotion()).containsExactly("neutral", "happy", "angry", "sad");
        try (InferenceEngine engine = InferenceEngine.open(bundle, EngineOptions.cpu())) {
            List<SegmentPrediction> predictions = engine.predict(Speech.segments(3, 11).stream().map(SegmentInput::of).toList());
            assertThat(predictions).hasSize(3).allSatisfy(p -> assertThat(p.emotion()).isIn("neutral", "happy", "angry", "sad"));
        }
    }
}
