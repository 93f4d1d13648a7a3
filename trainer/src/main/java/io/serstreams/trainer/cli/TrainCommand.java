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
import io.serstreams.trainer.data.SpeakerSplits;
import io.serstreams.trainer.data.Utterance;
import io.serstreams.trainer.eval.DomainResult;
import io.serstreams.trainer.eval.Evaluator;
import io.serstreams.trainer.eval.ProtocolResult;
import io.serstreams.trainer.eval.ResultsReport;
import io.serstreams.trainer.export.MpglnExporter;
import io.serstreams.trainer.labels.Emotion;
import io.serstreams.trainer.model.MpglnBlock;
import io.serstreams.trainer.model.MpglnConfig;
import io.serstreams.trainer.model.Variant;
import io.serstreams.trainer.train.FeatureDataset;
import io.serstreams.trainer.train.GroupLoss;
import io.serstreams.trainer.train.MpglnTrainer;
import io.serstreams.trainer.train.NormalizationStats;
import io.serstreams.trainer.train.TrainingExample;
import io.serstreams.trainer.train.TrainingSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code ser train}: trains one variant under one protocol on the train speakers, exports the
 * bundle, and scores it on the test speakers of the evaluated domains.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train SPSL, MPSL or MPGL on the corpora's train speakers, export the bundle and score it on the test speakers.")
final class TrainCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(TrainCommand.class);
    private static final List<String> DISCRETE_DOMAINS = List.of("emodb", "emovo", "ravdess", "korean");

    @Mixin
    DataOptions data = new DataOptions();

    @Option(names = "--variant", defaultValue = "MPGL", description = "SPSL, MPSL or MPGL (default: ${DEFAULT-VALUE}).")
    Variant variant;

    @Option(names = "--hold-out", paramLabel = "DOMAIN", description = "Domain generalization: train on the other domains only and test on this one's test speakers. "
            + "Without it: multi-domain adaptation (train on all five, test on the four discrete domains).")
    String holdOut;

    @Option(names = "--steps", defaultValue = "1500", description = "Optimiser steps (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--batch", defaultValue = "32", description = "Segments per step (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--lr", defaultValue = "0.001", description = "Adam learning rate (default: ${DEFAULT-VALUE}).")
    float learningRate;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", paramLabel = "DIR", description = "Where the bundle goes (default: target/models/<protocol>-<variant>).")
    Path out;

    @Option(names = "--results", paramLabel = "DIR", defaultValue = "target/results", description = "Where the scores go as JSON and Markdown (default: ${DEFAULT-VALUE}).")
    Path results;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        long started = System.nanoTime();
        DataProblems problems = data.problems();
        String command = "./ser train " + String.join(" ", spec.commandLine().getParseResult().originalArgs().subList(1,
                spec.commandLine().getParseResult().originalArgs().size()));
        ProtocolRun run = new ProtocolRun(data.all(problems), data.speakerSplits(), problems, steps, batch, learningRate, seed);
        Path bundleDir = out != null ? out : Path.of("target/models", ProtocolRun.name(variant, holdOut));
        ProtocolResult result = run.run(variant, holdOut, bundleDir);
        Files.createDirectories(results);
        String name = ProtocolRun.name(variant, holdOut);
        Files.writeString(results.resolve(name + ".json"), ResultsReport.json(List.of(result), command));
        Files.writeString(results.resolve(name + ".md"), ResultsReport.markdown(List.of(result), command));
        spec.commandLine().getOut().println(ResultsReport.markdown(List.of(result), command));
        spec.commandLine().getOut().printf("bundle: %s; %d data problems skipped; %.0f s in all%n", bundleDir, problems.reported().size(),
                (System.nanoTime() - started) / 1e9);
        return 0;
    }
}
