package io.serstreams.trainer.cli;

import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import io.serstreams.featureextractor.encoder.EncoderCache;
import io.serstreams.featureextractor.encoder.EncoderSpec;
import io.serstreams.featureextractor.features.FeatureConfig;
import io.serstreams.featureextractor.features.TelephoneLine;
import io.serstreams.trainer.augment.AugmentedCopies;
import io.serstreams.trainer.data.ValidationSplit;
import io.serstreams.trainer.encoder.DomainStandardisation;
import io.serstreams.modelserver.bundle.FeatureStatistics;
import io.serstreams.trainer.encoder.EncoderFeatureCache;
import io.serstreams.trainer.encoder.Mn04Features;
import io.serstreams.trainer.encoder.EncoderInput;
import io.serstreams.trainer.encoder.Mn04Input;
import io.serstreams.trainer.encoder.Mn04MapInput;
import io.serstreams.trainer.model.Mn04Block;
import io.serstreams.trainer.model.Mn04Tail;
import io.serstreams.trainer.eval.DjlUtteranceClassifier;
import io.serstreams.trainer.train.BatchAssembler;
import io.serstreams.trainer.train.SegmentSource;
import io.serstreams.modelserver.bundle.ModelBundle;
import io.serstreams.modelserver.bundle.Normalization;
import io.serstreams.modelserver.engine.EngineOptions;
import io.serstreams.modelserver.engine.InferenceEngine;
import io.serstreams.trainer.data.Corpora;
import io.serstreams.trainer.data.DataProblems;
import io.serstreams.trainer.data.SpeakerSplits;
import io.serstreams.trainer.data.Utterance;
import io.serstreams.trainer.eval.Evaluator;
import io.serstreams.trainer.eval.ProtocolResult;
import io.serstreams.trainer.export.CheckpointExporter;
import io.serstreams.trainer.export.ModelCard;
import io.serstreams.trainer.export.MpglnExporter;
import io.serstreams.trainer.model.MpglnBlock;
import io.serstreams.trainer.model.Variant;
import io.serstreams.trainer.encoder.Mn04Teacher;
import io.serstreams.trainer.train.ExtractorPretrainer;
import io.serstreams.trainer.train.GenderTarget;
import io.serstreams.trainer.train.PretrainingTarget;
import io.serstreams.trainer.train.PretrainingTask;
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
import java.util.Map;
import java.util.Set;

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
    private final List<TelephoneLine> lines;
    private EncoderFeatureCache mn04Cache;
    // Every model of a protocols run trains on overlapping data: each file is segmented once.
    private final SegmentSource segments = SegmentSource.remembering(FeatureConfig.DEFAULT);

    ProtocolRun(List<Utterance> all, SpeakerSplits splits, DataProblems problems, TrainingOptions options) {
        this(all, splits, problems, options, List.of(TelephoneLine.WIDEBAND));
    }

    /** As above, each model scored with its evaluated speakers heard over each of {@code lines}. */
    ProtocolRun(List<Utterance> all, SpeakerSplits splits, DataProblems problems, TrainingOptions options, List<TelephoneLine> lines) {
        this.all = all;
        this.splits = splits;
        this.problems = problems;
        this.options = options;
        this.lines = List.copyOf(lines);
    }

    /**
     * Trains (or, with {@code resume}, goes on from the checkpoint in {@code checkpointDir} where
     * there is one), exports to {@code bundleDir} and scores the bundle on the test speakers.
     */
    List<ProtocolResult> run(Variant variant, String holdOut, Path bundleDir, Path checkpointDir, boolean resume) {
        checkHoldOut(holdOut);
        String protocol = holdOut == null ? ProtocolResult.ADAPTATION : ProtocolResult.GENERALIZATION;
        List<String> trainDomains = Corpora.domains().stream().filter(d -> !d.equals(holdOut)).toList();
        List<Utterance> train = new ArrayList<>();
        List<Utterance> test = new ArrayList<>();
        partition(trainDomains, holdOut, train, test);
        LOG.info("{} {}: {} training utterances from {}, {} {} utterances", protocol, variant, train.size(), trainDomains, test.size(),
                options.validation ? "validation" : "test");
        FeatureConfig features = FeatureConfig.DEFAULT;
        List<TrainingExample> examples = FeatureDataset.build(train, trainDomains, features, problems, segments);
        Normalization norm = NormalizationStats.of(examples, features.melBands());
        boolean perDomain = options.descriptorStatistics == TrainingOptions.DescriptorStatistics.PER_DOMAIN;
        // Each training corpus standardised by its own statistics; the bundle keeps the pool's for audio of no known domain.
        Map<String, Normalization> byDomain = perDomain ? NormalizationStats.perDomain(examples, features.melBands()) : Map.of();
        RunDescription description = new RunDescription(variant, trainDomains, holdOut, options.settings(variant), options.pretrainSteps, norm,
                train.size(), examples.size(), options.encoderName(), 0f, 0, perDomain, options.pretrainTarget,
                options.pretrainingLearningRate());
        if (description.mn04Features().isPresent()) {
            throw new IllegalArgumentException("--encoder mn04 runs through runs(...), which scores it in DJL");
        }
        TrainingCheckpoint resumeFrom = resume ? resumable(description, checkpointDir) : null;
        description.write(checkpointDir.resolve(CheckpointExporter.RUN_FILE));
        List<float[]> pretrained = null;
        if (resumeFrom == null && description.extractorPretrained()) {
            pretrained = ExtractorPretrainer.pretrain(pretrainingTarget(description.pretrainTarget(), train, examples), norm, byDomain, description.config(),
                    options.pretrainSteps, options.batch, description.pretrainLearningRate(), options.seed, features.patchFrames(), features.melBands())
                    .extractor();
        }
        long trainStart = System.nanoTime();
        MpglnExporter.BundleInfo info;
        try (Model model = Model.newInstance("mpgln")) {
            MpglnBlock block = new MpglnBlock(description.config());
            model.setBlock(block);
            BatchAssembler assembler = new BatchAssembler(norm, features.patchFrames(), features.melBands());
            MpglnTrainer.train(model, examples, perDomain ? assembler.withInputStatistics(byDomain) : assembler, description.settings(), pretrained,
                    new MpglnTrainer.Checkpoints(checkpointDir.resolve(CheckpointExporter.STATE_FILE), options.checkpointEvery, resumeFrom,
                            description.extractorPretrained()));
            info = CheckpointExporter.bundleInfo(description, description.settings().steps(), Math.round((System.nanoTime() - trainStart) / 1e9));
            MpglnExporter.export(block, info, bundleDir);
        }
        List<ProtocolResult> results = new ArrayList<>();
        try (InferenceEngine engine = InferenceEngine.open(ModelBundle.load(bundleDir), EngineOptions.cpu())) {
            for (TelephoneLine line : lines) {
                List<Utterance> heard = Utterance.heardOver(test, line);
                if (perDomain) {
                    // As the stream serves a declared domain once its profile is active: statistics of the evaluated speakers' unlabelled audio.
                    Evaluator.Adapted adapted = Evaluator.evaluateWithOwnProfiles(engine, heard, problems);
                    results.add(new ProtocolResult(DataOptions.onLine(protocol, line), variant.name(), options.seed, adapted.pool()));
                    results.add(new ProtocolResult(DataOptions.onLine(protocol + ProtocolResult.OWN_PROFILE, line), variant.name(), options.seed,
                            adapted.ownProfile()));
                } else {
                    results.add(new ProtocolResult(DataOptions.onLine(protocol, line), variant.name(), options.seed, Evaluator.evaluate(engine, heard, problems)));
                }
            }
        }
        // The card's figures are the test speakers' only: a validation run's scores stay in its results files.
        if (!options.validation) {
            new ModelCard(info, null, results).write(bundleDir);
        }
        return results;
    }

    /**
     * Every result of one training: for the VGG-style path, {@link #run}'s; over the frozen mn04,
     * scored in DJL (each domain standardised as in training) and, over its embedding, exported to
     * {@code bundleDir} as a bundle referencing mn04 (pooled statistics); under domain generalization
     * twice: the held-out domain standardised by the pooled statistics of the training domains, and by
     * its own statistics from the unlabelled audio of its evaluated speakers (labels unused).
     */
    List<ProtocolResult> runs(Variant variant, String holdOut, Path bundleDir, Path checkpointDir, boolean resume) {
        if (options.encoder == TrainingOptions.Encoder.VGG) {
            return run(variant, holdOut, bundleDir, checkpointDir, resume);
        }
        checkHoldOut(holdOut);
        List<String> trainDomains = Corpora.domains().stream().filter(d -> !d.equals(holdOut)).toList();
        List<Utterance> train = new ArrayList<>();
        List<Utterance> test = new ArrayList<>();
        partition(trainDomains, holdOut, train, test);
        String protocol = holdOut == null ? ProtocolResult.ADAPTATION : ProtocolResult.GENERALIZATION;
        LOG.info("{} {} over mn04: {} training utterances from {}, {} {} utterances", protocol, variant, train.size(), trainDomains, test.size(),
                options.validation ? "validation" : "test");
        FeatureConfig features = FeatureConfig.DEFAULT;
        // Fine-tuning N blocks reads the activation maps at the first of them, kept in a cache of its own.
        int mapBlock = options.fineTuneBlocks == 0 ? 0 : Mn04Block.BLOCKS - options.fineTuneBlocks + 1;
        EncoderFeatureCache cache = mn04Cache(features, mapBlock);
        List<Utterance> needed = new ArrayList<>(train);
        lines.forEach(line -> needed.addAll(Utterance.heardOver(test, line)));
        cache.ensure(needed, problems);
        List<TrainingExample> examples = FeatureDataset.build(train, trainDomains, features, problems, segments);
        Normalization norm = NormalizationStats.of(examples, features.melBands());
        RunDescription description = new RunDescription(variant, trainDomains, holdOut, options.settings(variant), options.pretrainSteps, norm,
                train.size(), examples.size(), options.encoderName(), options.dropout, options.fineTuneBlocks,
                options.descriptorStatistics == TrainingOptions.DescriptorStatistics.PER_DOMAIN);
        TrainingCheckpoint resumeFrom = resume ? resumable(description, checkpointDir) : null;
        description.write(checkpointDir.resolve(CheckpointExporter.RUN_FILE));
        Mn04Features choice = description.mn04Features().orElseThrow();
        Map<String, FeatureStatistics> perDomain = DomainStandardisation.perDomain(cache, choice, examples);
        EncoderInput input = mapBlock == 0 ? new Mn04Input(cache, choice, perDomain) : new Mn04MapInput(cache, perDomain);
        BatchAssembler assembler = new BatchAssembler(norm, features.patchFrames(), features.melBands(), input);
        if (description.descriptorsPerDomain()) {
            assembler = assembler.withDescriptorStatistics(NormalizationStats.perDomain(examples, features.melBands()));
        }
        // Kept beside the checkpoint so that ser export can build the same bundle later.
        FeatureStatistics pooledTraining = DomainStandardisation.pooled(cache, choice, examples);
        pooledTraining.write(checkpointDir.resolve(FeatureStatistics.POOLED_FILE));
        List<ProtocolResult> results = new ArrayList<>();
        long trainStart = System.nanoTime();
        try (Model model = Model.newInstance("mpgln")) {
            Mn04Block mn04 = mapBlock == 0 ? null : Mn04Block.load(EncoderCache.configured().require(EncoderSpec.MN04), model.getNDManager());
            Mn04Tail tail = mn04 == null ? null : mn04.tail(mapBlock);
            MpglnBlock block = new MpglnBlock(description.config(), tail);
            model.setBlock(block);
            MpglnTrainer.train(model, examples, assembler, description.settings(),
                    null, new MpglnTrainer.Checkpoints(checkpointDir.resolve(CheckpointExporter.STATE_FILE), options.checkpointEvery, resumeFrom, false));
            long trainedSeconds = Math.round((System.nanoTime() - trainStart) / 1e9);
            // The pooled statistics do not depend on the line: one assembler serves every line.
            BatchAssembler pooled = holdOut == null ? null : assembler.withTransferred(input.with(holdOut, pooledTraining));
            if (pooled != null && description.descriptorsPerDomain()) {
                pooled = pooled.withDescriptorStatistics(holdOut, norm);
            }
            for (TelephoneLine line : lines) {
                List<Utterance> heard = Utterance.heardOver(test, line);
                if (holdOut == null) {
                    results.add(score(DataOptions.onLine(protocol, line), variant, block, assembler, heard, model));
                    continue;
                }
                // The held-out domain's own statistics come from its unlabelled audio as heard over this line.
                List<TrainingExample> unlabelled = FeatureDataset.build(heard, List.of(holdOut), features, problems, segments);
                BatchAssembler own = assembler.withTransferred(input.with(holdOut, DomainStandardisation.perDomain(cache, choice, unlabelled).get(holdOut)));
                if (description.descriptorsPerDomain()) {
                    own = own.withDescriptorStatistics(holdOut, NormalizationStats.of(unlabelled, features.melBands()));
                }
                results.add(score(DataOptions.onLine(GENERALIZATION_POOLED, line), variant, block, pooled, heard, model));
                results.add(score(DataOptions.onLine(GENERALIZATION_OWN, line), variant, block, own, heard, model));
            }
            if (choice == Mn04Features.EMBEDDING) {
                MpglnExporter.exportReferencing(block, CheckpointExporter.bundleInfo(description, description.settings().steps(), trainedSeconds),
                        // As for the VGG-style path: a validation run's scores stay in its results files, never on the card.
                        pooledTraining, options.validation ? List.of() : results, tail == null ? null : mn04.tensorsOf(tail), bundleDir);
            }
        }
        return results;
    }

    /**
     * Fails when a run with fine-tuned mn04 blocks would write its bundle under {@code models/}:
     * such a bundle holds changed third-party weights, and models/ holds what the repository ships.
     */
    static void checkFineTunedOut(int fineTuneBlocks, Path bundleDir) {
        Path models = Path.of(System.getProperty("ser.home", ".")).resolve("models").toAbsolutePath().normalize();
        if (fineTuneBlocks > 0 && bundleDir.toAbsolutePath().normalize().startsWith(models)) {
            throw new IllegalArgumentException("--out " + bundleDir + ": a bundle with fine-tuned mn04 blocks holds changed third-party weights "
                    + "and must not go under models/ (the models the repository ships); give a folder under target/");
        }
    }

    /**
     * The pre-training target over the training examples: their speakers' gender, or mn04's embedding
     * of each segment or of each patch (cached, each training corpus standardised by its own statistics).
     */
    private PretrainingTarget pretrainingTarget(PretrainingTask task, List<Utterance> train, List<TrainingExample> examples) {
        FeatureConfig features = FeatureConfig.DEFAULT;
        if (task == PretrainingTask.GENDER) {
            return GenderTarget.of(examples, features.patchFrames());
        }
        EncoderFeatureCache cache = mn04Cache(features, 0);
        cache.ensure(train, problems);
        Mn04Teacher teacher = new Mn04Teacher(cache, features.patchFrames());
        return task == PretrainingTask.MN04_PATCHES ? teacher.perPatch(examples) : teacher.perSegment(examples);
    }

    /** Domain generalization over mn04, the held-out domain standardised by the training domains' pooled statistics. */
    static final String GENERALIZATION_POOLED = ProtocolResult.GENERALIZATION + ", pooled training statistics";
    /** Domain generalization over mn04, the held-out domain standardised by its own unlabelled audio's statistics. */
    static final String GENERALIZATION_OWN = ProtocolResult.GENERALIZATION + ", own-domain statistics";

    private ProtocolResult score(String protocol, Variant variant, MpglnBlock block, BatchAssembler assembler, List<Utterance> test, Model model) {
        try (NDManager manager = model.getNDManager().newSubManager()) {
            var classifier = new DjlUtteranceClassifier(block, assembler, segments, manager);
            return new ProtocolResult(protocol, variant.name(), options.seed, Evaluator.evaluate(classifier, test, problems));
        }
    }

    private EncoderFeatureCache mn04Cache(FeatureConfig features, int mapBlock) {
        if (mn04Cache == null || mn04Cache.mapBlock() != mapBlock) {
            Path checkpoint = EncoderCache.configured().require(EncoderSpec.MN04);
            mn04Cache = new EncoderFeatureCache(Path.of(System.getProperty("ser.home", ".")).resolve("target/encoder-cache"), checkpoint, features,
                    mapBlock);
        }
        return mn04Cache;
    }

    /**
     * Train speakers of the training domains into {@code train}; the evaluated speakers into
     * {@code test}: the test speakers of the evaluated domains, or with {@code --validation} their
     * validation speakers ({@link ValidationSplit}), which then leave the training side. With
     * {@code --augment N}, each training recording is followed by its N copies through simulated channels; with
     * {@code --line-copies}, the recordings heard over plain G.711 lines follow them all.
     */
    private void partition(List<String> trainDomains, String holdOut, List<Utterance> train, List<Utterance> test) {
        Set<String> validation = options.validation ? ValidationSplit.speakers(all.stream().filter(u -> !splits.isTest(u)).toList()) : Set.of();
        for (Utterance u : all) {
            boolean evaluatedDomain = holdOut == null ? DISCRETE_DOMAINS.contains(u.domain()) : u.domain().equals(holdOut);
            boolean evaluated = options.validation ? ValidationSplit.isValidation(validation, u) : splits.isTest(u);
            if (evaluated) {
                if (evaluatedDomain) {
                    test.add(u);
                }
            } else if (!splits.isTest(u) && trainDomains.contains(u.domain())) {
                train.add(u);
            }
        }
        List<Utterance> overLines = options.lineCopies ? AugmentedCopies.overPlainLines(train) : List.of();
        if (options.augment > 0) {
            List<Utterance> augmented = AugmentedCopies.of(train, options.augment, options.seed);
            train.clear();
            train.addAll(augmented);
        }
        train.addAll(overLines);
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
