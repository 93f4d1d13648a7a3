package io.serstreams.trainer.train;

import io.serstreams.trainer.testing.SyntheticVoice;
import ai.djl.Model;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import io.serstreams.featureextractor.features.ChannelFeatureExtractor;
import io.serstreams.featureextractor.features.FeatureConfig;
import io.serstreams.featureextractor.features.Segment;
import io.serstreams.modelserver.bundle.Labels;
import io.serstreams.modelserver.bundle.ModelBundle;
import io.serstreams.modelserver.bundle.Normalization;
import io.serstreams.modelserver.engine.EngineOptions;
import io.serstreams.modelserver.engine.InferenceEngine;
import io.serstreams.modelserver.engine.SegmentInput;
import io.serstreams.modelserver.engine.SegmentPrediction;
import io.serstreams.trainer.data.Corpora;
import io.serstreams.trainer.data.DataProblems;
import io.serstreams.trainer.data.Utterance;
import io.serstreams.trainer.export.MpglnExporter;
import io.serstreams.trainer.labels.Emotion;
import io.serstreams.trainer.labels.UtteranceLabels;
import io.serstreams.trainer.model.MpglnBlock;
import io.serstreams.trainer.model.MpglnConfig;
import io.serstreams.trainer.model.Variant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Train, export, serve: a tiny MPGLN trained with the group loss on a few files learns, and its
 * exported bundle gives in ONNX Runtime what the DJL model gives, so the path cannot silently break.
 */
class TrainingPipelineTest {
    private static final FeatureConfig FEATURES = FeatureConfig.DEFAULT;

    @TempDir
    Path dir;

    /** Voice-like audio whose pitch and loudness depend on the class, so a small model can tell them apart. */
    static List<TrainingExample> synthetic(int perClass, long seed) {
        return synthetic(perClass, seed, 16000 * 2);
    }

    /** As above, each recording {@code samples} long at 16 kHz. */
    static List<TrainingExample> synthetic(int perClass, long seed, int samples) {
        Random random = new Random(seed);
        List<TrainingExample> examples = new ArrayList<>();
        Emotion[] classes = {Emotion.NEUTRAL, Emotion.HAPPY, Emotion.ANGRY, Emotion.SAD};
        double[] pitch = {120, 220, 180, 100};
        double[] loudness = {0.15, 0.3, 0.5, 0.08};
        for (int c = 0; c < classes.length; c++) {
            for (int n = 0; n < perClass; n++) {
                float[] audio = SyntheticVoice.of(pitch[c], loudness[c], 0.4, 0, 0.005, 0.01, samples, random);
                for (Segment s : ChannelFeatureExtractor.segmentsOf(audio, 16000, FEATURES)) {
                    UtteranceLabels labels = UtteranceLabels.of(classes[c]);
                    examples.add(new TrainingExample(s, labels, n % 2, new Utterance(Path.of("synthetic-" + c + "-" + n), "d" + n % 2, "spk" + n, labels)));
                }
            }
        }
        return examples;
    }

    @Test
    void theGroupLossGoesDownWithTraining() {
        List<TrainingExample> examples = synthetic(6, 1);
        Normalization norm = NormalizationStats.of(examples, FEATURES.melBands());
        try (Model model = Model.newInstance("mpgln")) {
            model.setBlock(new MpglnBlock(MpglnConfig.tiny(Variant.MPGL, 2)));
            MpglnTrainer.History history = MpglnTrainer.train(model, examples, norm,
                    new TrainingSettings(150, 8, 3e-3f, 7, GroupLoss.defaults()), FEATURES.patchFrames(), FEATURES.melBands());
            assertThat(history.losses()).hasSize(150).allSatisfy(l -> assertThat(l).isFinite());
            assertThat(history.meanOfLast(10)).isLessThan(0.7 * history.meanOfFirst(10));
        }
    }

    @Test
    void aTrainedModelExportsAndServesAsItWasTrained() throws Exception {
        List<TrainingExample> examples = corpusOrSynthetic();
        Normalization norm = NormalizationStats.of(examples, FEATURES.melBands());
        try (Model model = Model.newInstance("mpgln"); NDManager manager = NDManager.newBaseManager()) {
            MpglnBlock block = new MpglnBlock(MpglnConfig.tiny(Variant.MPGL, 5));
            model.setBlock(block);
            MpglnTrainer.train(model, examples, norm, new TrainingSettings(20, 8, 1e-3f, 3, GroupLoss.defaults()),
                    FEATURES.patchFrames(), FEATURES.melBands());
            Path bundle = MpglnExporter.export(block, new MpglnExporter.BundleInfo("mpgln", "ci", "pipeline test", Labels.standard(),
                    FEATURES, norm, 0.5, Map.of("steps", 20)), dir.resolve("bundle"));

            List<TrainingExample> probe = examples.subList(0, Math.min(6, examples.size()));
            try (InferenceEngine engine = InferenceEngine.open(ModelBundle.load(bundle), EngineOptions.cpu())) {
                List<SegmentPrediction> served = engine.predict(probe.stream().map(e -> SegmentInput.of(e.segment())).toList());
                BatchAssembler assembler = new BatchAssembler(norm, FEATURES.patchFrames(), FEATURES.melBands());
                for (int i = 0; i < probe.size(); i++) {
                    NDList inputs = assembler.assemble(manager, List.of(probe.get(i)), null).inputs();
                    NDList out = block.forward(new ParameterStore(manager, false), inputs, false);
                    float[] djl = out.get(0).softmax(1).toFloatArray();
                    float[] ort = served.get(i).emotionProbabilities();
                    for (int k = 0; k < djl.length; k++) {
                        assertThat((double) Math.abs(djl[k] - ort[k])).isLessThanOrEqualTo(1e-4);
                    }
                }
            }
        }
    }

    /** A few files of two corpora where ../shared is present, else generated audio. */
    private static List<TrainingExample> corpusOrSynthetic() throws Exception {
        Path corpora = Path.of(System.getProperty("shared.dir", "../../shared")).resolve("corpora");
        if (!Files.isDirectory(corpora)) {
            return synthetic(4, 2);
        }
        DataProblems problems = new DataProblems(DataProblems.Policy.SKIP);
        List<Utterance> chosen = new ArrayList<>();
        for (String domain : List.of("emodb", "korean", "baved")) {
            try (Stream<Utterance> all = Corpora.reader(domain).read(corpora.resolve(domain), problems).stream()) {
                chosen.addAll(all.filter(u -> u.file().getFileName().toString().hashCode() % 7 == 0).limit(6).toList());
            }
        }
        List<TrainingExample> examples = FeatureDataset.build(chosen, Corpora.domains(), FEATURES, problems);
        assertThat(examples).hasSizeGreaterThan(6);
        return examples;
    }
}
