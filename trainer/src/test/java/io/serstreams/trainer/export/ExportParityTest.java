package io.serstreams.trainer.export;

import io.serstreams.trainer.testing.SyntheticVoice;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.serstreams.featureextractor.features.ChannelFeatureExtractor;
import io.serstreams.featureextractor.features.FeatureConfig;
import io.serstreams.featureextractor.features.FrameDescriptor;
import io.serstreams.featureextractor.features.Segment;
import io.serstreams.modelserver.bundle.Labels;
import io.serstreams.modelserver.bundle.ModelBundle;
import io.serstreams.modelserver.bundle.Normalization;
import io.serstreams.modelserver.engine.EngineOptions;
import io.serstreams.modelserver.engine.InferenceEngine;
import io.serstreams.modelserver.engine.SegmentInput;
import io.serstreams.modelserver.engine.SegmentPrediction;
import io.serstreams.trainer.model.MpglnBlock;
import io.serstreams.trainer.model.MpglnConfig;
import io.serstreams.trainer.model.Variant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same inputs through the DJL model and through its exported bundle in ONNX Runtime (via the
 * serving engine, batched, with masks) agree within 1e-4 on every output.
 */
class ExportParityTest {
    @TempDir
    Path dir;

    private static List<Segment> segments() {
        List<Segment> all = new ArrayList<>();
        Random random = new Random(3);
        for (int n = 0; n < 4; n++) {
            int samples = 16000 * 2 / 3 + random.nextInt(16000 * 3);
            float[] voice = SyntheticVoice.of(120 + 40 * n, 0.3, 0, 1.0 / 3, 0, 0.005, samples, random);
            all.addAll(ChannelFeatureExtractor.segmentsOf(voice, 16000, FeatureConfig.DEFAULT));
        }
        return all;
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void onnxRuntimeMatchesDjl(Variant variant) {
        List<Segment> segments = segments();
        assertThat(segments.stream().map(Segment::frames).distinct().count()).as("segments of several lengths").isGreaterThan(1);
        // Seeded initialisation: the same random network on every run, so the check below is repeatable.
        ai.djl.engine.Engine.getInstance().setRandomSeed(7);
        try (Model model = Model.newInstance("mpgln"); NDManager manager = NDManager.newBaseManager()) {
            MpglnBlock block = new MpglnBlock(MpglnConfig.tiny(variant, 5));
            model.setBlock(block);
            block.initialize(manager, DataType.FLOAT32, new Shape(1, 2, 96, 64), new Shape(1, 192, FrameDescriptor.COUNT));

            Path bundle = MpglnExporter.export(block, new MpglnExporter.BundleInfo("mpgln", "parity", "parity test", Labels.standard(),
                    FeatureConfig.DEFAULT, Normalization.identity(), 0.5, Map.of()), dir.resolve(variant.name()));
            try (InferenceEngine engine = InferenceEngine.open(ModelBundle.load(bundle), EngineOptions.cpu())) {
                List<SegmentPrediction> served = engine.predict(segments.stream().map(SegmentInput::of).toList());
                ParameterStore ps = new ParameterStore(manager, false);
                double worst = 0;
                for (int i = 0; i < segments.size(); i++) {
                    Segment s = segments.get(i);
                    NDArray logMel = manager.create(s.logMel(), new Shape(1, s.patches(), 96, 64));
                    NDArray descriptors = manager.create(s.descriptors(), new Shape(1, s.frames(), FrameDescriptor.COUNT));
                    // A short segment's last patch is padded with silence; the engine pools only real patches, and so
                    // does a batch of one here when it is fed the same patches.
                    NDList out = block.forward(ps, new NDList(logMel, descriptors), false);
                    SegmentPrediction p = served.get(i);
                    worst = Math.max(worst, maxDiff(out.get(0).softmax(1).toFloatArray(), p.emotionProbabilities()));
                    worst = Math.max(worst, maxDiff(out.get(1).softmax(1).toFloatArray(), p.arousal().probabilities()));
                    worst = Math.max(worst, maxDiff(out.get(2).softmax(1).toFloatArray(), p.valence().probabilities()));
                    worst = Math.max(worst, maxDiff(out.get(3).softmax(1).toFloatArray(), p.domainProbabilities()));
                }
                assertThat(worst).as("largest difference, " + variant).isLessThanOrEqualTo(1e-4);
                // Not a vacuous match: the outputs differ from segment to segment far more than that.
                double spread = 0;
                for (SegmentPrediction p : served) {
                    spread = Math.max(spread, maxDiff(p.arousal().probabilities(), served.get(0).arousal().probabilities()));
                }
                assertThat(spread).isGreaterThan(1e-3);
            }
        }
    }

    private static double maxDiff(float[] a, float[] b) {
        assertThat(a).hasSameSizeAs(b);
        double worst = 0;
        for (int i = 0; i < a.length; i++) {
            worst = Math.max(worst, Math.abs(a[i] - b[i]));
        }
        return worst;
    }
}
