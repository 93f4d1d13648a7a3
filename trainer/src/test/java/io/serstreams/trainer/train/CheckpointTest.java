package io.serstreams.trainer.train;

import ai.djl.Model;
import io.serstreams.featureextractor.features.FeatureConfig;
import io.serstreams.modelserver.bundle.ModelBundle;
import io.serstreams.modelserver.bundle.Normalization;
import io.serstreams.trainer.data.DataException;
import io.serstreams.trainer.export.CheckpointExporter;
import io.serstreams.trainer.export.MpglnExporter;
import io.serstreams.trainer.model.MpglnBlock;
import io.serstreams.trainer.model.MpglnConfig;
import io.serstreams.trainer.model.Variant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Checkpoints: a resumed run ends where an unbroken one does; a checkpoint exports to the same graphs. */
class CheckpointTest {
    private static final FeatureConfig FEATURES = FeatureConfig.DEFAULT;

    @TempDir
    Path dir;

    private static TrainingCheckpoint train(MpglnConfig config, List<TrainingExample> examples, Normalization norm, int steps,
                                            MpglnTrainer.Checkpoints checkpoints) {
        try (Model model = Model.newInstance("mpgln")) {
            model.setBlock(new MpglnBlock(config));
            MpglnTrainer.train(model, examples, norm, new TrainingSettings(steps, 6, 3e-3f, 11, GroupLoss.defaults()), FEATURES.patchFrames(),
                    FEATURES.melBands(), null, checkpoints);
            return TrainingCheckpoint.read(checkpoints.file());
        }
    }

    @Test
    void aRunResumedFromItsCheckpointEndsWithTheWeightsOfAnUnbrokenRun() {
        // Recordings of 3.5 s: each gives a full segment and a shorter last one, so batches crop at random offsets
        // and a resume must replay those draws too.
        List<TrainingExample> examples = TrainingPipelineTest.synthetic(3, 5, 16000 * 7 / 2);
        assertThat(examples.stream().mapToInt(e -> e.segment().frames()).distinct().count()).isGreaterThan(1);
        Normalization norm = NormalizationStats.of(examples, FEATURES.melBands());
        MpglnConfig config = MpglnConfig.tiny(Variant.MPGL, 2);

        // The first run over these batches does not always end where a second identical one does (seen in CI and here: in
        // a failing run the second, third and resumed runs agreed exactly and the first did not; perhaps kernels chosen anew
        // for each input shape met for the first time, not confirmed). So the same run once first, thrown away: the test then
        // compares resuming with not resuming, not a first run with later ones.
        train(config, examples, norm, 16, new MpglnTrainer.Checkpoints(dir.resolve("warm-up.bin"), 100, null, false));
        TrainingCheckpoint unbroken = train(config, examples, norm, 16, new MpglnTrainer.Checkpoints(dir.resolve("a.bin"), 100, null, false));
        TrainingCheckpoint halfway = train(config, examples, norm, 8, new MpglnTrainer.Checkpoints(dir.resolve("b.bin"), 4, null, false));
        assertThat(halfway.step()).isEqualTo(8);
        TrainingCheckpoint resumed = train(config, examples, norm, 16, new MpglnTrainer.Checkpoints(dir.resolve("b.bin"), 4, halfway, false));

        assertThat(unbroken.step()).isEqualTo(16);
        assertThat(resumed.step()).isEqualTo(16);
        ResumedRuns.assertEndedTogether(halfway.parameters(), resumed.parameters(), unbroken.parameters());
        assertThat(resumed.optimizer().values()).allSatisfy(m -> assertThat(m.updates()).isEqualTo(16));
    }

    @Test
    void aCheckpointOfAnotherShapeIsRefusedByName() {
        List<TrainingExample> examples = TrainingPipelineTest.synthetic(2, 6);
        Normalization norm = NormalizationStats.of(examples, FEATURES.melBands());
        TrainingCheckpoint tiny = train(MpglnConfig.tiny(Variant.SPSL, 2), examples, norm, 2,
                new MpglnTrainer.Checkpoints(dir.resolve("spsl.bin"), 1, null, false));
        assertThatThrownBy(() -> train(MpglnConfig.tiny(Variant.MPGL, 2), examples, norm, 4,
                new MpglnTrainer.Checkpoints(dir.resolve("mpgl.bin"), 1, tiny, false)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("another variant or size");
    }

    @Test
    void aTruncatedCheckpointIsReportedAsSuch() throws Exception {
        Path file = dir.resolve("state.bin");
        new TrainingCheckpoint(3, Map.of("w", new float[]{1, 2, 3}), Map.of("w", new ResumableAdam.Moments(3, new float[3], new float[3]))).write(file);
        TrainingCheckpoint back = TrainingCheckpoint.read(file);
        assertThat(back.step()).isEqualTo(3);
        assertThat(back.parameters().get("w")).containsExactly(1, 2, 3);
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 5));
        assertThatThrownBy(() -> TrainingCheckpoint.read(file)).isInstanceOf(DataException.class).hasMessageContaining("truncated");
        assertThatThrownBy(() -> TrainingCheckpoint.read(dir.resolve("missing.bin"))).hasMessageContaining("no checkpoint at");
    }

    @Test
    void exportingACheckpointGivesTheGraphsOfTheModelThatWroteIt() throws Exception {
        List<TrainingExample> examples = TrainingPipelineTest.synthetic(2, 7);
        Normalization norm = NormalizationStats.of(examples, FEATURES.melBands());
        TrainingSettings settings = new TrainingSettings(3, 4, 1e-3f, 2, GroupLoss.defaults());
        RunDescription run = new RunDescription(Variant.MPGL, List.of("emodb", "emovo"), null, settings, 0, norm, examples.size(), examples.size());
        Path checkpoints = dir.resolve("run");
        run.write(checkpoints.resolve(CheckpointExporter.RUN_FILE));
        assertThat(RunDescription.read(checkpoints.resolve(CheckpointExporter.RUN_FILE))).isEqualTo(run);
        Path direct;
        try (Model model = Model.newInstance("mpgln")) {
            MpglnBlock block = new MpglnBlock(run.config());
            model.setBlock(block);
            MpglnTrainer.train(model, examples, norm, settings, FEATURES.patchFrames(), FEATURES.melBands(), null,
                    new MpglnTrainer.Checkpoints(checkpoints.resolve(CheckpointExporter.STATE_FILE), 100, null, false));
            direct = MpglnExporter.export(block, CheckpointExporter.bundleInfo(run, 3, 1L), dir.resolve("direct"));
        }
        Path exported = CheckpointExporter.export(checkpoints, dir.resolve("exported"));

        assertThat(Files.readAllBytes(exported.resolve("heads.onnx"))).isEqualTo(Files.readAllBytes(direct.resolve("heads.onnx")));
        assertThat(Files.readAllBytes(exported.resolve("extractor.onnx"))).isEqualTo(Files.readAllBytes(direct.resolve("extractor.onnx")));
        ModelBundle bundle = ModelBundle.load(exported);
        assertThat(bundle.manifest().labels().domains()).containsExactly("emodb", "emovo");
        assertThat(bundle.manifest().training()).containsEntry("steps", 3);
    }

    @Test
    void onlyTheStepCountMayChangeOnResume() {
        Normalization norm = Normalization.identity();
        RunDescription run = new RunDescription(Variant.MPGL, List.of("emodb"), null, new TrainingSettings(100, 8, 1e-3f, 1, GroupLoss.defaults()),
                0, norm, 10, 12);
        RunDescription longer = new RunDescription(Variant.MPGL, List.of("emodb"), null, new TrainingSettings(300, 8, 1e-3f, 1, GroupLoss.defaults()),
                0, norm, 10, 12);
        RunDescription otherLr = new RunDescription(Variant.MPGL, List.of("emodb"), null, new TrainingSettings(100, 8, 2e-3f, 1, GroupLoss.defaults()),
                0, norm, 10, 12);
        assertThat(run.differencesFrom(longer)).isEmpty();
        assertThat(run.differencesFrom(otherLr)).containsExactly("learning rate");
        RunDescription overLines = new RunDescription(Variant.MPGL, List.of("emodb"), null, new TrainingSettings(100, 8, 1e-3f, 1, GroupLoss.defaults(),
                1f, 0f, 0, true), 0, norm, 10, 12);
        assertThat(run.differencesFrom(overLines)).containsExactly("plain-line copies");
        assertThat(run.differencesFrom(new RunDescription(Variant.MPSL, List.of("emodb"), null, run.settings(), 0, norm, 10, 13)))
                .containsExactly("variant", "training data");
    }

    @Test
    void thePretrainingLearningRateIsRecordedAndDefaultsToTheRunsOwn() throws Exception {
        Normalization norm = Normalization.identity();
        TrainingSettings settings = new TrainingSettings(100, 8, 1e-3f, 1, GroupLoss.defaults());
        RunDescription faster = new RunDescription(Variant.MPGL, List.of("emodb"), null, settings, 600, norm, 10, 12, null, 0f, 0, false,
                PretrainingTask.MN04_PATCHES, 3e-3f);
        RunDescription asLr = new RunDescription(Variant.MPGL, List.of("emodb"), null, settings, 600, norm, 10, 12, null, 0f, 0, false,
                PretrainingTask.MN04_PATCHES, 0f);
        assertThat(asLr.pretrainLearningRate()).isEqualTo(1e-3f);
        assertThat(faster.differencesFrom(asLr)).containsExactly("pre-training learning rate");

        Path file = dir.resolve("lr/run.json");
        faster.write(file);
        RunDescription read = RunDescription.read(file);
        assertThat(read.pretrainLearningRate()).isEqualTo(3e-3f);
        assertThat(read.pretrainTarget()).isEqualTo(PretrainingTask.MN04_PATCHES);
        assertThat(read.differencesFrom(faster)).isEmpty();
        // A run.json written before the option existed has no such field: its pre-training ran at the run's rate.
        String old = Files.readString(file).replaceAll(",\\s*\"pretrainLearningRate\"\\s*:\\s*[0-9.eE-]+", "");
        assertThat(old).doesNotContain("pretrainLearningRate");
        Files.writeString(file, old);
        assertThat(RunDescription.read(file).pretrainLearningRate()).isEqualTo(1e-3f);
    }
}
