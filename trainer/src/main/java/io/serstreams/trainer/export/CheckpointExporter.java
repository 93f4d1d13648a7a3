package io.serstreams.trainer.export;

import ai.djl.Model;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import io.serstreams.featureextractor.encoder.EncoderSpec;
import io.serstreams.featureextractor.features.FeatureConfig;
import io.serstreams.featureextractor.features.FrameDescriptor;
import io.serstreams.modelserver.bundle.Labels;
import io.serstreams.modelserver.bundle.FeatureStatistics;
import io.serstreams.trainer.eval.ProtocolResult;
import io.serstreams.trainer.labels.Emotion;
import io.serstreams.trainer.model.MpglnBlock;
import io.serstreams.trainer.train.MpglnTrainer;
import io.serstreams.trainer.train.PretrainingTask;
import io.serstreams.trainer.train.RunDescription;
import io.serstreams.trainer.train.TrainingCheckpoint;
import io.serstreams.trainer.train.TrainingSettings;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a training run into a model bundle: from the block in memory at the end of {@code ser
 * train}, or from a checkpoint folder ({@code run.json} and {@code state.bin}) for {@code ser export}.
 */
public final class CheckpointExporter {
    /** The run description in a checkpoint folder. */
    public static final String RUN_FILE = "run.json";
    /** The latest state in a checkpoint folder. */
    public static final String STATE_FILE = "state.bin";

    /** The distillation teacher as model cards name it. */
    public static final String TEACHER = "EfficientAT mn04 (AudioSet, MIT licence, by Florian Schmid et al.)";

    private CheckpointExporter() {
    }

    /** Exports the latest checkpoint in {@code checkpointDir} to a bundle in {@code bundleDir}. */
    public static Path export(Path checkpointDir, Path bundleDir) {
        RunDescription run = RunDescription.read(checkpointDir.resolve(RUN_FILE));
        if (run.fineTuned()) {
            throw new IllegalArgumentException(checkpointDir + " is a run with " + run.fineTunedBlocks() + " fine-tuned mn04 blocks: "
                    + "its bundle would need the changed mn04 weights, which ser export does not write (the model is scored in DJL by ser train)");
        }
        TrainingCheckpoint checkpoint = TrainingCheckpoint.read(checkpointDir.resolve(STATE_FILE));
        FeatureConfig features = FeatureConfig.DEFAULT;
        try (Model model = Model.newInstance("mpgln")) {
            MpglnBlock block = new MpglnBlock(run.config());
            model.setBlock(block);
            try (Trainer trainer = model.newTrainer(new DefaultTrainingConfig(Loss.l2Loss()))) {
                Shape first = run.config().overEncoder() ? new Shape(1, run.config().encoderInput())
                        : new Shape(1, 2, features.patchFrames(), features.melBands());
                trainer.initialize(first, new Shape(1, 192, FrameDescriptor.COUNT));
                MpglnTrainer.restoreParameters(block, checkpoint);
                MpglnExporter.BundleInfo info = bundleInfo(run, checkpoint.step(), null);
                if (!run.config().overEncoder()) {
                    return MpglnExporter.export(block, info, bundleDir);
                }
                Path pooled = checkpointDir.resolve(FeatureStatistics.POOLED_FILE);
                if (!Files.isRegularFile(pooled)) {
                    throw new IllegalArgumentException(checkpointDir + " has no " + FeatureStatistics.POOLED_FILE
                            + " (the pooled encoder statistics the bundle needs): train it again with this version of ser train");
                }
                return MpglnExporter.exportReferencing(block, info, FeatureStatistics.read(pooled), List.of(), bundleDir);
            }
        }
    }

    /** Manifest contents for a model of {@code run} after {@code stepsDone} steps; {@code trainingSeconds} may be null. */
    public static MpglnExporter.BundleInfo bundleInfo(RunDescription run, int stepsDone, Long trainingSeconds) {
        String protocol = run.holdOut() == null ? ProtocolResult.ADAPTATION : ProtocolResult.GENERALIZATION;
        TrainingSettings settings = run.settings();
        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("protocol", protocol);
        provenance.put("variant", run.variant().name());
        provenance.put("trainDomains", run.trainDomains());
        provenance.put("trainUtterances", run.trainUtterances());
        provenance.put("trainSegments", run.trainSegments());
        provenance.put("steps", stepsDone);
        provenance.put("plannedSteps", settings.steps());
        provenance.put("batch", settings.batchSize());
        provenance.put("learningRate", settings.learningRate());
        provenance.put("lossWeights", Map.of("arousal", settings.loss().arousalWeight(), "valence", settings.loss().valenceWeight(),
                "group", settings.loss().groupWeight()));
        provenance.put("seed", settings.seed());
        if (settings.weightDecay() > 0) {
            provenance.put("weightDecay", settings.weightDecay());
        }
        if (settings.augmentedCopies() > 0) {
            provenance.put("augmentedCopies", settings.augmentedCopies());
        }
        if (settings.plainLineCopies()) {
            provenance.put("plainLineCopies", true);
        }
        if (trainingSeconds != null) {
            provenance.put("trainingSeconds", trainingSeconds);
        }
        provenance.put("transferredPathPretrained", run.extractorPretrained());
        if (run.descriptorsPerDomain()) {
            provenance.put("inputStatistics", "per-domain: each training corpus's inputs standardised by its own statistics; serve with a "
                    + "domain profile (the manifest's normalization is the training pool's, for audio of no known domain)");
        }
        if (run.extractorPretrained()) {
            provenance.put("pretrainingLearningRate", run.pretrainLearningRate());
        }
        if (run.extractorPretrained() && run.pretrainTarget().distilsMn04()) {
            String regressed = run.pretrainTarget() == PretrainingTask.MN04_PATCHES
                    ? "the extractor's embedding of each full 0.96 s log-mel patch, through a throw-away linear head, regressed (mean squared error) "
                    + "on the mean of mn04's time steps under the same patch"
                    : "the extractor's mean embedding over each segment's log-mel patches, through a throw-away linear head, regressed (mean squared "
                    + "error) on mn04's pooled embedding of the same segment";
            provenance.put("pretraining", "distillation of " + TEACHER + ": " + regressed + ", each corpus standardised by its own statistics; "
                    + "the training domains' train speakers' audio, no emotion labels; " + run.pretrainSteps() + " steps; extractor frozen afterwards");
            provenance.put("teacher", TEACHER + ", " + EncoderSpec.MN04.release() + ", sha256 " + EncoderSpec.MN04.sha256()
                    + "; used in training only: this bundle holds none of its weights and needs nothing fetched");
        } else if (run.extractorPretrained()) {
            provenance.put("pretraining", "speaker gender identification on log-mel patches of the training domains' train speakers, "
                    + run.pretrainSteps() + " steps; extractor frozen afterwards");
        }
        run.mn04Features().ifPresent(f -> {
            provenance.put("encoder", run.encoder());
            provenance.put("encoderStandardisation", "pooled statistics of the training domains' train-speaker segments, folded into the "
                    + "projection (per-domain in training; the served audio's domain is unknown)");
            if (run.dropout() > 0) {
                provenance.put("dropout", run.dropout());
            }
            if (run.fineTuned()) {
                provenance.put("fineTunedBlocks", run.fineTunedBlocks());
                provenance.put("encoderLrScale", settings.encoderLrScale());
            }
        });
        provenance.put("data", "EmoDB, EMOVO, RAVDESS, Korean emotional TTS sample, BAVED: research use only");
        Labels labels = new Labels(Emotion.CORE_CLASSES, List.of("low", "mid", "high"), List.of("negative", "neutral", "positive"), run.trainDomains());
        String encoder = run.encoder() == null ? null : run.encoder() + (run.fineTuned() ? "-finetuned" + run.fineTunedBlocks() : "");
        String name = encoder == null ? "mpgln" : "mpgln-" + encoder;
        String version = "0.1.0-" + run.name() + (encoder == null ? "" : "-" + encoder) + "-seed" + settings.seed();
        String over = encoder == null ? "" : run.fineTuned()
                ? " over " + run.encoder() + " with its last " + run.fineTunedBlocks() + " blocks fine-tuned (learning rate x " + settings.encoderLrScale() + ")"
                : " over the frozen " + run.encoder();
        return new MpglnExporter.BundleInfo(name, version, run.variant() + over + " trained by ser train (" + protocol + ")", labels,
                FeatureConfig.DEFAULT, run.normalization(), 0.5, provenance);
    }
}
