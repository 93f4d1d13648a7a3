package io.serstreams.trainer.encoder;

import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import io.serstreams.featureextractor.features.FeatureConfig;
import io.serstreams.modelserver.bundle.Normalization;
import io.serstreams.trainer.data.DataProblems;
import io.serstreams.trainer.data.Utterance;
import io.serstreams.trainer.eval.DjlUtteranceClassifier;
import io.serstreams.trainer.eval.UtteranceClassifier;
import io.serstreams.trainer.model.EncoderFixtures;
import io.serstreams.trainer.model.Mn04Block;
import io.serstreams.trainer.model.MpglnBlock;
import io.serstreams.trainer.model.MpglnConfig;
import io.serstreams.trainer.model.Variant;
import io.serstreams.trainer.train.BatchAssembler;
import io.serstreams.trainer.train.FeatureDataset;
import io.serstreams.trainer.train.GroupLoss;
import io.serstreams.trainer.train.MpglnTrainer;
import io.serstreams.trainer.train.NormalizationStats;
import io.serstreams.trainer.train.ResumedRuns;
import io.serstreams.trainer.train.SegmentSource;
import io.serstreams.trainer.train.TrainingCheckpoint;
import io.serstreams.trainer.train.TrainingExample;
import io.serstreams.trainer.train.TrainingSettings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Fine-tuning mn04's last block with MPGLN on a few real clips, through the trainer as ser train
 * runs it: the cache keeps each segment's map at block 15's input, and the map run through the
 * tail gives the cached embedding; a few steps change block 15 and the last conv, by at most the
 * scaled learning rate per step, and leave every earlier mn04 weight and every BatchNorm running
 * statistic bit-identical; a run resumed from its checkpoint ends with the weights of one that
 * never stopped.
 */
class Mn04FineTuningTest {
    private static final FeatureConfig FEATURES = FeatureConfig.DEFAULT;
    private static final int FIRST = 15;
    private static final float LR = 3e-3f;
    private static final float SCALE = 0.1f;

    @TempDir
    static Path dir;

    private static EncoderFeatureCache cache;
    private static List<TrainingExample> examples;
    private static Mn04MapInput input;
    private static Normalization norm;

    @BeforeAll
    static void encode() {
        List<Utterance> utterances = EncoderFixtures.clips(List.of("emodb", "korean"), 5, 4);
        DataProblems problems = new DataProblems(DataProblems.Policy.SKIP);
        cache = new EncoderFeatureCache(dir, EncoderFixtures.mn04(), FEATURES, FIRST);
        cache.ensure(utterances, problems);
        examples = FeatureDataset.build(utterances, List.of("emodb", "korean"), FEATURES, problems);
        input = new Mn04MapInput(cache, DomainStandardisation.perDomain(cache, Mn04Features.EMBEDDING, examples));
        norm = NormalizationStats.of(examples, FEATURES.melBands());
    }

    @Test
    void cachedMapsThroughTheTailGiveTheCachedEmbedding() {
        assertThat(cache.folder().getFileName().toString()).isNotEqualTo(new EncoderFeatureCache(dir, EncoderFixtures.mn04(), FEATURES).folder()
                .getFileName().toString());
        EncoderFeatureCache reopened = new EncoderFeatureCache(dir, EncoderFixtures.mn04(), FEATURES, FIRST);
        try (NDManager manager = NDManager.newBaseManager()) {
            Mn04Block mn04 = Mn04Block.load(EncoderFixtures.mn04(), manager);
            for (TrainingExample e : examples.subList(0, 3)) {
                EncodedSegment segment = reopened.of(e.source(), e.segment().index()).orElseThrow();
                ActivationMap map = segment.map();
                assertThat(map.channels()).isEqualTo(64);
                assertThat(map.rows()).isEqualTo(4);
                assertThat(map.values()).containsExactly(cache.of(e.source(), e.segment().index()).orElseThrow().map().values());
                float[] embedding = mn04.tail(FIRST).forward(new ParameterStore(manager, false),
                        new ai.djl.ndarray.NDList(manager.create(map.values(), new ai.djl.ndarray.types.Shape(1, 64, 4, map.columns()))), false)
                        .singletonOrThrow().toFloatArray();
                for (int i = 0; i < embedding.length; i++) {
                    assertThat(embedding[i]).isCloseTo(segment.embedding()[i], within(1e-5f));
                }
            }
        }
    }

    @Test
    void fineTuningChangesOnlyTheLastBlockAndLastConvAtTheScaledRate() {
        int steps = 3;
        try (Model model = Model.newInstance("mpgln")) {
            Mn04Block mn04 = Mn04Block.load(EncoderFixtures.mn04(), model.getNDManager());
            Map<String, float[]> before = mn04Weights(mn04);
            MpglnBlock block = fineTunable(model, mn04);
            // Initialised here to read the fusion layer's starting weights; the trainer keeps initialised parameters as they are.
            block.initialize(model.getNDManager(), ai.djl.ndarray.types.DataType.FLOAT32, assembler().firstInputShape(),
                    new ai.djl.ndarray.types.Shape(1, 192, io.serstreams.featureextractor.features.FrameDescriptor.COUNT));
            Map<String, float[]> fusionBefore = Map.of("fusion", block.fusion().getParameters().valueAt(0).getArray().toFloatArray());
            MpglnTrainer.train(model, examples, assembler(), settings(steps), null, MpglnTrainer.Checkpoints.none());
            Map<String, float[]> after = mn04Weights(mn04);
            int changed = 0;
            for (var entry : before.entrySet()) {
                String key = entry.getKey();
                boolean tail = key.startsWith("features.15.") || key.startsWith("features.16.");
                boolean running = key.endsWith("running_mean") || key.endsWith("running_var");
                if (tail && !running) {
                    double moved = maxAbsDifference(entry.getValue(), after.get(key));
                    // Adam moves a weight by about its rate per step, never much more.
                    assertThat(moved).as(key).isLessThanOrEqualTo(steps * LR * SCALE * 1.05);
                    changed += moved > 0 ? 1 : 0;
                } else {
                    assertThat(after.get(key)).as(key).containsExactly(entry.getValue());
                }
            }
            assertThat(changed).isGreaterThan(10);
            // The rest of the network learns at the full rate.
            double fusionMoved = maxAbsDifference(fusionBefore.get("fusion"), block.fusion().getParameters().valueAt(0).getArray().toFloatArray());
            assertThat(fusionMoved).isGreaterThan(steps * LR * SCALE * 2);

            try (NDManager manager = NDManager.newBaseManager()) {
                UtteranceClassifier.Reading reading = new DjlUtteranceClassifier(block, assembler(), SegmentSource.reading(FEATURES), manager)
                        .classify(examples.get(0).source()).orElseThrow();
                assertThat(reading.emotion()).hasSize(4);
            }
        }
    }

    @Test
    void aResumedFineTuningEndsWhereAnUnbrokenOneDoes() {
        Path state = dir.resolve("state.bin");
        Map<String, float[]> unbroken;
        try (Model model = Model.newInstance("mpgln")) {
            MpglnBlock block = fineTunable(model);
            MpglnTrainer.train(model, examples, assembler(), settings(6), null, MpglnTrainer.Checkpoints.none());
            unbroken = weights(block);
        }
        Map<String, float[]> halfway;
        try (Model model = Model.newInstance("mpgln")) {
            MpglnBlock block = fineTunable(model);
            MpglnTrainer.train(model, examples, assembler(), settings(3), null, new MpglnTrainer.Checkpoints(state, 3, null, false));
            halfway = weights(block);
        }
        try (Model model = Model.newInstance("mpgln")) {
            MpglnBlock block = fineTunable(model);
            MpglnTrainer.train(model, examples, assembler(), settings(6), null,
                    new MpglnTrainer.Checkpoints(state, 3, TrainingCheckpoint.read(state), false));
            Map<String, float[]> resumed = weights(block);
            assertThat(resumed.keySet()).anyMatch(k -> k.contains("encoder_tail"));
            ResumedRuns.assertEndedTogether(halfway, resumed, unbroken);
        }
    }

    private static MpglnBlock fineTunable(Model model) {
        return fineTunable(model, Mn04Block.load(EncoderFixtures.mn04(), model.getNDManager()));
    }

    private static MpglnBlock fineTunable(Model model, Mn04Block mn04) {
        MpglnBlock block = new MpglnBlock(MpglnConfig.tiny(Variant.MPGL, 2).withEncoderInput(384), mn04.tail(FIRST));
        model.setBlock(block);
        return block;
    }

    private static BatchAssembler assembler() {
        return new BatchAssembler(norm, FEATURES.patchFrames(), FEATURES.melBands(), input);
    }

    private static TrainingSettings settings(int steps) {
        return new TrainingSettings(steps, 6, LR, 7, GroupLoss.defaults(), SCALE);
    }

    /** Every tensor of {@code mn04} by checkpoint key. */
    private static Map<String, float[]> mn04Weights(Mn04Block mn04) {
        Map<String, float[]> weights = new LinkedHashMap<>();
        mn04.stateDictKeys().forEach((p, k) -> weights.put(k, p.getArray().toFloatArray()));
        return weights;
    }

    private static Map<String, float[]> weights(MpglnBlock block) {
        Map<String, float[]> weights = new LinkedHashMap<>();
        block.getParameters().forEach(p -> weights.put(p.getKey(), p.getValue().getArray().toFloatArray()));
        return weights;
    }

    private static double maxAbsDifference(float[] a, float[] b) {
        assertThat(a).hasSameSizeAs(b);
        double worst = 0;
        for (int i = 0; i < a.length; i++) {
            worst = Math.max(worst, Math.abs(a[i] - b[i]));
        }
        return worst;
    }
}
