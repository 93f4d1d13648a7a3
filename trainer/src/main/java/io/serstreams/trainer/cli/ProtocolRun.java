package io.serstreams.trainer.cli;

import ai.djl.Model;
import io.serstreams.featureextractor.features.FeatureConfig;
import io.serstreams.modelserver.bundle.ModelBundle;
import io.serstreams.modelserver.bundle.Normalization;
import io.serstreams.modelserver.engine.EngineOptions;
import io.serstreams.modelserver.engine.InferenceEngine;
import io.serstreams.trainer.data.Corpora;
import io.serstreams.trainer.data.DataProblems;
import io.serstreams.trainer.data.SpeakerGender;
import io.serstreams.trainer.data.SpeakerSplits;
import io.serstreams.trainer.data.Utterance;
import io.serstreams.trainer.eval.DomainResult;
import io.serstreams.trainer.eval.Evaluator;
import io.serstreams.trainer.eval.ProtocolResult;
import io.serstreams.trainer.export.CheckpointExporter;
import io.serstreams.trainer.export.MpglnExporter;
import io.serstreams.trainer.model.MpglnBlock;
import io.serstreams.trainer.model.Variant;
import io.serstreams.trainer.train.ExtractorPretrainer;
import io.serstreams.trainer.train.FeatureDataset;
import io.serstreams.trainer.train.MpglnTrainer;
import io.serstreams.trainer.train.NormalizationStats;
import io.serstreams.trainer.train.RunDescription;
import io.serstreams.trainer.train.TrainingCheckpoint;
import io.serstreams.trainer.train.TrainingExample;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One training run under one evaluation protocol of labels.md: multi-domain adaptation (train on
 * the train speakers of all five domains, test on the test speakers of the four discrete ones) or,
 * with a held-out domain, domain generalization (train on the other four, test on its test speakers).
 * Trains, exports the bundle, and scores the bundle through the serving engine.
 */
final class ProtocolRun {
    private static final Logger LOG = LoggerFactory.getLogger(ProtocolRun.class);
    static final List<String> DISCRETE_DOMAINS = List.of("emodb", "emovo", "ravdess", "korean");

    private final List<Utterance> all;
    private final SpeakerSplits splits;
    private final DataProblems problems;
    private final TrainingOptions options;

    ProtocolRun(List<Utterance> all, SpeakerSplits splits, DataProblems problems, TrainingOptions options) {
        this.all = all;
        this.splits = splits;
        this.problems = problems;
        this.options = options;
    }

    /**
     * Trains (or, with {@code resume}, goes on from the checkpoint in {@code checkpointDir} where
     * there is one), exports to {@code bundleDir} and scores the bundle on the test speakers.
     */
    ProtocolResult run(Variant variant, String holdOut, Path bundleDir, Path checkpointDir, boolean resume) {
        checkHoldOut(holdOut);
        String protocol = holdOut == null ? ProtocolResult.ADAPTATION : ProtocolResult.GENERALIZATION;
        List<String> trainDomains = Corpora.domains().stream().filter(d -> !d.equals(holdOut)).toList();
        List<Utterance> train = new ArrayList<>();
        List<Utterance> test = new ArrayList<>();
        for (Utterance u : all) {
            boolean isTest = splits.isTest(u);
            if (!isTest && trainDomains.contains(u.domain())) {
                train.add(u);
            } else if (isTest && (holdOut == null ? DISCRETE_DOMAINS.contains(u.domain()) : u.domain().equals(holdOut))) {
                test.add(u);
            }
        }
        LOG.info("{} {}: {} training utterances from {}, {} test utterances", protocol, variant, train.size(), trainDomains, test.size());
        FeatureConfig features = FeatureConfig.DEFAULT;
        List<TrainingExample> examples = FeatureDataset.build(train, trainDomains, features, problems);
        Normalization norm = NormalizationStats.of(examples, features.melBands());
        RunDescription description = new RunDescription(variant, trainDomains, holdOut, options.settings(variant), options.pretrainSteps, norm,
                train.size(), examples.size());
        TrainingCheckpoint resumeFrom = resume ? resumable(description, checkpointDir) : null;
        description.write(checkpointDir.resolve(CheckpointExporter.RUN_FILE));
        List<float[]> pretrained = null;
        if (resumeFrom == null && description.extractorPretrained()) {
            List<ExtractorPretrainer.Labelled> labelled = new ArrayList<>();
            for (TrainingExample e : examples) {
                SpeakerGender.of(e.source()).ifPresent(g -> labelled.add(new ExtractorPretrainer.Labelled(e, g)));
            }
            pretrained = ExtractorPretrainer.pretrain(labelled, norm, description.config(), options.pretrainSteps, options.batch,
                    options.learningRate, options.seed, features.patchFrames(), features.melBands());
        }
        long trainStart = System.nanoTime();
        try (Model model = Model.newInstance("mpgln")) {
            MpglnBlock block = new MpglnBlock(description.config());
            model.setBlock(block);
            MpglnTrainer.train(model, examples, norm, description.settings(), features.patchFrames(), features.melBands(), pretrained,
                    new MpglnTrainer.Checkpoints(checkpointDir.resolve(CheckpointExporter.STATE_FILE), options.checkpointEvery, resumeFrom,
                            description.extractorPretrained()));
            MpglnExporter.export(block, CheckpointExporter.bundleInfo(description, description.settings().steps(),
                    Math.round((System.nanoTime() - trainStart) / 1e9)), bundleDir);
        }
        List<DomainResult> scores;
        try (InferenceEngine engine = InferenceEngine.open(ModelBundle.load(bundleDir), EngineOptions.cpu())) {
            scores = Evaluator.evaluate(engine, test, problems);
        }
        return new ProtocolResult(protocol, variant.name(), options.seed, scores);
    }

    /** Fails unless {@code holdOut} is null (multi-domain adaptation) or one of the discrete domains. */
    static void checkHoldOut(String holdOut) {
        if (holdOut != null && !DISCRETE_DOMAINS.contains(holdOut)) {
            throw new IllegalArgumentException("--hold-out takes one of " + DISCRETE_DOMAINS + ", not " + holdOut);
        }
    }

    /** The checkpoint to go on from, when there is one and it was written by this same run. */
    private static TrainingCheckpoint resumable(RunDescription description, Path checkpointDir) {
        Path state = checkpointDir.resolve(CheckpointExporter.STATE_FILE);
        if (!Files.exists(state)) {
            LOG.info("no checkpoint in {}: starting afresh", checkpointDir);
            return null;
        }
        RunDescription saved = RunDescription.read(checkpointDir.resolve(CheckpointExporter.RUN_FILE));
        List<String> differences = saved.differencesFrom(description);
        if (!differences.isEmpty()) {
            throw new IllegalArgumentException("the checkpoint in " + checkpointDir + " was written by a run with another " + String.join(", ", differences)
                    + "; only --steps may change on resume. Start afresh without --resume, or give another --checkpoints folder.");
        }
        return TrainingCheckpoint.read(state);
    }
}
