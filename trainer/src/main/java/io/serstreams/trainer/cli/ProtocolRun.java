package io.serstreams.trainer.cli;

import ai.djl.Model;
import io.serstreams.featureextractor.features.FeatureConfig;
import io.serstreams.modelserver.bundle.Labels;
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
import io.serstreams.trainer.export.MpglnExporter;
import io.serstreams.trainer.labels.Emotion;
import io.serstreams.trainer.model.MpglnBlock;
import io.serstreams.trainer.model.MpglnConfig;
import io.serstreams.trainer.model.Variant;
import io.serstreams.trainer.train.ExtractorPretrainer;
import io.serstreams.trainer.train.FeatureDataset;
import io.serstreams.trainer.train.GroupLoss;
import io.serstreams.trainer.train.MpglnTrainer;
import io.serstreams.trainer.train.NormalizationStats;
import io.serstreams.trainer.train.TrainingExample;
import io.serstreams.trainer.train.TrainingSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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
    private final int steps;
    private final int batch;
    private final float learningRate;
    private final long seed;
    private final int pretrainSteps;

    ProtocolRun(List<Utterance> all, SpeakerSplits splits, DataProblems problems, int steps, int batch, float learningRate, long seed) {
        this(all, splits, problems, steps, batch, learningRate, seed, 0);
    }

    /** @param pretrainSteps steps of speaker-gender pre-training for the transferred path; 0 trains it from scratch */
    ProtocolRun(List<Utterance> all, SpeakerSplits splits, DataProblems problems, int steps, int batch, float learningRate, long seed,
                int pretrainSteps) {
        this.pretrainSteps = pretrainSteps;
        this.all = all;
        this.splits = splits;
        this.problems = problems;
        this.steps = steps;
        this.batch = batch;
        this.learningRate = learningRate;
        this.seed = seed;
    }

    static String name(Variant variant, String holdOut) {
        return (holdOut == null ? "adaptation" : "generalization-" + holdOut) + "-" + variant.name().toLowerCase(Locale.ROOT);
    }

    ProtocolResult run(Variant variant, String holdOut, Path bundleDir) {
        if (holdOut != null && !DISCRETE_DOMAINS.contains(holdOut)) {
            throw new IllegalArgumentException("--hold-out takes one of " + DISCRETE_DOMAINS + ", not " + holdOut);
        }
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
        List<float[]> pretrained = null;
        boolean pretrain = pretrainSteps > 0 && variant.transferredPath();
        if (pretrain) {
            List<ExtractorPretrainer.Labelled> labelled = new ArrayList<>();
            for (TrainingExample e : examples) {
                SpeakerGender.of(e.source()).ifPresent(g -> labelled.add(new ExtractorPretrainer.Labelled(e, g)));
            }
            pretrained = ExtractorPretrainer.pretrain(labelled, norm, MpglnConfig.of(variant, trainDomains.size()), pretrainSteps, batch,
                    learningRate, seed, features.patchFrames(), features.melBands());
        }
        long trainStart = System.nanoTime();
        try (Model model = Model.newInstance("mpgln")) {
            MpglnBlock block = new MpglnBlock(MpglnConfig.of(variant, trainDomains.size()));
            model.setBlock(block);
            MpglnTrainer.train(model, examples, norm, new TrainingSettings(steps, batch, learningRate, seed,
                    variant.groupLoss() ? GroupLoss.defaults() : GroupLoss.singleLoss()), features.patchFrames(), features.melBands(), pretrained);
            Map<String, Object> provenance = new LinkedHashMap<>();
            provenance.put("protocol", protocol);
            provenance.put("variant", variant.name());
            provenance.put("trainDomains", trainDomains);
            provenance.put("trainUtterances", train.size());
            provenance.put("trainSegments", examples.size());
            provenance.put("steps", steps);
            provenance.put("batch", batch);
            provenance.put("learningRate", learningRate);
            provenance.put("seed", seed);
            provenance.put("trainingSeconds", Math.round((System.nanoTime() - trainStart) / 1e9));
            provenance.put("transferredPathPretrained", pretrain);
            if (pretrain) {
                provenance.put("pretraining", "speaker gender identification on log-mel patches of the training domains' train speakers, "
                        + pretrainSteps + " steps; extractor frozen afterwards");
            }
            provenance.put("data", "EmoDB, EMOVO, RAVDESS, Korean emotional TTS sample, BAVED: research use only");
            Labels labels = new Labels(Emotion.CORE_CLASSES, List.of("low", "mid", "high"), List.of("negative", "neutral", "positive"), trainDomains);
            MpglnExporter.export(block, new MpglnExporter.BundleInfo("mpgln", "0.1.0-" + name(variant, holdOut) + "-seed" + seed,
                    variant + " trained by ser train (" + protocol + ")", labels, features, norm, 0.5, provenance), bundleDir);
        }
        List<DomainResult> scores;
        try (InferenceEngine engine = InferenceEngine.open(ModelBundle.load(bundleDir), EngineOptions.cpu())) {
            scores = Evaluator.evaluate(engine, test, problems);
        }
        return new ProtocolResult(protocol, variant.name(), seed, scores);
    }
}
