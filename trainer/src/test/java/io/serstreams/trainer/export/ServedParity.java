package io.serstreams.trainer.export;

import ai.djl.ndarray.NDManager;
import io.serstreams.featureextractor.audio.AudioFiles;
import io.serstreams.featureextractor.encoder.EncoderCache;
import io.serstreams.featureextractor.encoder.EncoderSpec;
import io.serstreams.featureextractor.features.FeatureConfig;
import io.serstreams.modelserver.classify.FileClassifier;
import io.serstreams.modelserver.engine.BundleLoader;
import io.serstreams.modelserver.engine.EngineOptions;
import io.serstreams.modelserver.engine.InferenceEngine;
import io.serstreams.modelserver.engine.SegmentPrediction;
import io.serstreams.modelserver.onnx.EncoderGraphCache;
import io.serstreams.trainer.data.Utterance;
import io.serstreams.trainer.eval.DjlUtteranceClassifier;
import io.serstreams.trainer.eval.UtteranceClassifier;
import io.serstreams.trainer.model.MpglnBlock;
import io.serstreams.trainer.train.BatchAssembler;
import io.serstreams.trainer.train.SegmentSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The check both mn04 export parity tests make: a bundle referencing mn04, loaded through
 * {@link BundleLoader} from an encoder cache holding the real checkpoint, reads each clip as the
 * DJL model does, within 1e-4, and the readings differ from clip to clip far more than that.
 */
final class ServedParity {
    private ServedParity() {
    }

    /** An encoder cache under {@code dir} holding {@code checkpoint}, and a loader over it that neither downloads nor falls back. */
    static BundleLoader loader(Path checkpoint, Path dir) throws Exception {
        Path encoders = Files.createDirectories(dir.resolve("encoders"));
        Path copy = encoders.resolve(EncoderSpec.MN04.fileName());
        if (!Files.exists(copy)) {
            Files.copy(checkpoint, copy);
        }
        return new BundleLoader(new EncoderGraphCache(new EncoderCache(encoders, "test"), dir), null, null, line -> {
        });
    }

    static void assertServedMatchesDjl(Path bundle, BundleLoader loader, MpglnBlock block, BatchAssembler assembler, List<Utterance> clips,
                                       NDManager manager) throws Exception {
        try (InferenceEngine engine = InferenceEngine.open(loader.load(bundle), EngineOptions.cpu())) {
            DjlUtteranceClassifier djl = new DjlUtteranceClassifier(block, assembler, SegmentSource.reading(FeatureConfig.DEFAULT), manager);
            FileClassifier served = new FileClassifier(engine, 64);
            double worst = 0;
            double spread = 0;
            float[] firstArousal = null;
            for (Utterance u : clips) {
                UtteranceClassifier.Reading expected = djl.classify(u).orElseThrow();
                SegmentPrediction actual = served.classify(AudioFiles.read(u.file())).channels().get(0).overall();
                worst = Math.max(worst, maxDiff(expected.emotion(), actual.emotionProbabilities()));
                worst = Math.max(worst, maxDiff(expected.arousal(), actual.arousal().probabilities()));
                worst = Math.max(worst, maxDiff(expected.valence(), actual.valence().probabilities()));
                firstArousal = firstArousal == null ? expected.arousal() : firstArousal;
                spread = Math.max(spread, maxDiff(expected.arousal(), firstArousal));
            }
            assertThat(worst).as("largest difference between DJL and the served bundle").isLessThanOrEqualTo(1e-4);
            // Not a vacuous match: the readings differ from clip to clip far more than that.
            assertThat(spread).isGreaterThan(1e-3);
        }
    }

    static double maxDiff(float[] a, float[] b) {
        assertThat(a).hasSameSizeAs(b);
        double worst = 0;
        for (int i = 0; i < a.length; i++) {
            worst = Math.max(worst, Math.abs(a[i] - b[i]));
        }
        return worst;
    }
}
