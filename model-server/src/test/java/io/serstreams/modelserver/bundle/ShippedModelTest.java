package io.serstreams.modelserver.bundle;

import io.serstreams.featureextractor.encoder.EncoderSpec;
import io.serstreams.modelserver.engine.BundleLoader;
import io.serstreams.modelserver.engine.EngineOptions;
import io.serstreams.modelserver.engine.InferenceEngine;
import io.serstreams.modelserver.engine.SegmentInput;
import io.serstreams.modelserver.engine.SegmentPrediction;
import io.serstreams.modelserver.testing.Mn04Fixtures;
import io.serstreams.modelserver.testing.Speech;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bundles shipped in models/ stay loadable and servable as the engine and its contract evolve:
 * the default model, and the one over mn04, which holds no encoder weights and runs with the
 * checkpoint from the encoder cache ({@code ../shared/encoders} in tests; skipped with the reason where absent).
 */
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

    @Test
    void theDistilledModelNeedsNothingFetchedClassifiesAndNamesItsTeacher() throws Exception {
        Path folder = Path.of("..", "models", "mpgln-distilled");
        ModelBundle bundle = ModelBundle.load(folder);
        assertThat(bundle.manifest().encoder()).isNull();
        assertThat(bundle.hasExtractor()).isTrue();
        try (InferenceEngine engine = InferenceEngine.open(bundle, EngineOptions.cpu())) {
            List<SegmentPrediction> predictions = engine.predict(Speech.segments(2, 5).stream().map(SegmentInput::of).toList());
            assertThat(predictions).hasSize(2).allSatisfy(p -> assertThat(p.emotion()).isIn("neutral", "happy", "angry", "sad"));
        }
        assertThat(Files.readString(folder.resolve("MODEL_CARD.md"))).contains("Teacher: EfficientAT mn04", "holds none of its weights", "Train speakers");
    }

    @Test
    void theShippedModelOverMn04HoldsOnlyItsHeadsAndRunsWithTheFetchedEncoder() throws Exception {
        Path folder = Path.of("..", "models", "mpgln-mn04");
        try (Stream<Path> files = Files.list(folder)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("manifest.json", "heads.onnx", "MODEL_CARD.md");
        }
        ModelBundle declared = ModelBundle.load(folder);
        assertThat(declared.encoder()).hasValueSatisfying(e -> assertThat(e.sha256()).isEqualTo(EncoderSpec.MN04.sha256()));
        assertThat(Files.readString(folder.resolve("MODEL_CARD.md"))).contains("EfficientAT mn04", "MIT licence", "Train speakers");

        Mn04Fixtures.checkpoint(); // skips the rest where the checkpoint is not at hand
        List<String> notices = new ArrayList<>();
        ModelBundle bundle = BundleLoader.configured(false, null, notices::add).load(folder);
        assertThat(notices).isEmpty();
        try (InferenceEngine engine = InferenceEngine.open(bundle, EngineOptions.cpu())) {
            SegmentInput segment = engine.syntheticSegment(192, () -> -4);
            assertThat(engine.predict(List.of(segment, segment))).hasSize(2)
                    .allSatisfy(p -> assertThat(p.emotion()).isIn("neutral", "happy", "angry", "sad"));
        }
    }
}
