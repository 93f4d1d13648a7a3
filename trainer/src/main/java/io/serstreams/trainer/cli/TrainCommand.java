package io.serstreams.trainer.cli;

import io.serstreams.trainer.data.DataProblems;
import io.serstreams.trainer.encoder.Mn04Features;
import io.serstreams.trainer.eval.ProtocolResult;
import io.serstreams.trainer.eval.ResultsReport;
import io.serstreams.trainer.export.CheckpointExporter;
import io.serstreams.trainer.model.Variant;
import io.serstreams.trainer.train.RunDescription;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code ser train}: trains one variant under one protocol on the train speakers, exports the
 * bundle, and scores it on the test speakers of the evaluated domains.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train SPSL, MPSL or MPGL on the corpora's train speakers, export the bundle and score it on the test speakers.",
        footerHeading = "%nExamples:%n",
        footer = {"  # the shipped model's run",
                "  ./ser train --config trainer/config/mpgln.properties --out models/mpgln",
                "  # mn04 with its last blocks fine-tuned (the bundle stays under target/)",
                "  ./ser train --config trainer/config/mn04-finetuned.properties",
                "  # domain generalization with EMOVO held out, a short run",
                "  ./ser train --variant SPSL --hold-out emovo --steps 300",
                "  # the VGG-style path distilled from mn04 (fetched for training only)",
                "  ./ser train --pretrain-target mn04 --validation"})
final class TrainCommand implements Callable<Integer> {

    @Mixin
    DataOptions data = new DataOptions();

    @Mixin
    TrainingOptions training = new TrainingOptions();

    @Option(names = "--variant", defaultValue = "MPGL", description = "SPSL, MPSL or MPGL (default: ${DEFAULT-VALUE}).")
    Variant variant;

    @Option(names = "--hold-out", paramLabel = "DOMAIN", description = "Domain generalization: train on the other domains only and test on this one's test speakers. "
            + "Without it: multi-domain adaptation (train on all five, test on the four discrete domains).")
    String holdOut;

    @Option(names = "--out", paramLabel = "DIR", description = "Where the bundle goes (default: target/models/<protocol>-<variant>).")
    Path out;

    @Option(names = "--results", paramLabel = "DIR", defaultValue = "target/results", description = "Where the scores go as JSON and Markdown (default: ${DEFAULT-VALUE}).")
    Path results;

    @Option(names = "--checkpoints", paramLabel = "DIR", description = "Where the run keeps run.json and its latest state (default: target/checkpoints/<run>).")
    Path checkpoints;

    @Option(names = "--resume", description = "Go on from the checkpoint in --checkpoints (same run; only --steps may grow).")
    boolean resume;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        long started = System.nanoTime();
        training.validate();
        ProtocolRun.checkHoldOut(holdOut);
        training.requireEncoders();
        DataProblems problems = data.problems();
        String command = TrainerCli.typed(spec);
        String name = RunDescription.name(variant, holdOut) + (training.encoderRunName() == null ? "" : "-" + training.encoderRunName())
                + training.pretrainSuffix();
        Path checkpointDir = checkpoints != null ? checkpoints : Path.of("target/checkpoints", name);
        if (resume && !Files.exists(checkpointDir.resolve(CheckpointExporter.STATE_FILE))) {
            throw new IllegalArgumentException("--resume: no checkpoint in " + checkpointDir + " (" + CheckpointExporter.STATE_FILE + " missing)");
        }
        Path bundleDir = out != null ? out : Path.of("target/models", name);
        ProtocolRun.checkFineTunedOut(training.fineTuneBlocks, bundleDir);
        ProtocolRun run = new ProtocolRun(data.all(problems), data.speakerSplits(), problems, training, data.evaluatedLines());
        List<ProtocolResult> result = run.runs(variant, holdOut, bundleDir, checkpointDir, resume);
        Files.createDirectories(results);
        Files.writeString(results.resolve(name + ".json"), ResultsReport.json(result, command));
        Files.writeString(results.resolve(name + ".md"), ResultsReport.markdown(result, command));
        spec.commandLine().getOut().println(ResultsReport.markdown(result, command));
        // The served mn04 gives its embedding or frames, so a model over its logits has no bundle.
        String bundle = training.encoder == TrainingOptions.Encoder.VGG || training.encoderFeatures == Mn04Features.EMBEDDING
                ? "bundle: " + bundleDir : "no bundle (a model over mn04's " + training.encoderFeatures.name().toLowerCase(java.util.Locale.ROOT)
                + " cannot be served; use --encoder-features embedding)";
        spec.commandLine().getOut().printf("%s; checkpoint: %s; %d data problems skipped; %.0f s in all%n", bundle, checkpointDir, problems.reported().size(),
                (System.nanoTime() - started) / 1e9);
        return 0;
    }
}
