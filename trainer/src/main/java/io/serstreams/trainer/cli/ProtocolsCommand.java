package io.serstreams.trainer.cli;

import io.serstreams.trainer.data.DataProblems;
import io.serstreams.trainer.eval.ProtocolResult;
import io.serstreams.trainer.eval.ResultsReport;
import io.serstreams.trainer.model.Variant;
import io.serstreams.trainer.train.RunDescription;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code ser protocols}: SPSL, MPSL and MPGL under both protocols, side by side in RESULTS.md. */
@Command(name = "protocols", mixinStandardHelpOptions = true,
        description = "Train and score SPSL, MPSL and MPGL under multi-domain adaptation and domain generalization; write RESULTS.md and RESULTS.json.",
        footerHeading = "%nExamples:%n",
        footer = {"  # all 15 trainings: RESULTS.md and RESULTS.json",
                "  ./ser protocols",
                "  # a quick comparison of the three variants",
                "  ./ser protocols --only-adaptation --steps 300 --out target/quick.md"})
final class ProtocolsCommand implements Callable<Integer> {
    @Mixin
    DataOptions data = new DataOptions();

    @Mixin
    TrainingOptions training = new TrainingOptions();

    @Option(names = "--only-adaptation", description = "Skip domain generalization (four more trainings per variant).")
    boolean onlyAdaptation;

    @Option(names = "--out", paramLabel = "FILE", defaultValue = "RESULTS.md", description = "Markdown report; JSON goes beside it (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--resume", description = "Go on from each model's checkpoint in target/checkpoints where there is one (finished models are only scored again).")
    boolean resume;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        training.validate();
        DataProblems problems = data.problems();
        ProtocolRun run = new ProtocolRun(data.all(problems), data.speakerSplits(), problems, training);
        String command = TrainerCli.typed(spec);
        List<ProtocolResult> results = new ArrayList<>();
        for (Variant variant : Variant.values()) {
            results.add(run(run, variant, null));
            write(results, command);
        }
        if (!onlyAdaptation) {
            for (Variant variant : Variant.values()) {
                List<io.serstreams.trainer.eval.DomainResult> perDomain = new ArrayList<>();
                for (String domain : ProtocolRun.DISCRETE_DOMAINS) {
                    perDomain.addAll(run(run, variant, domain).domains());
                }
                results.add(new ProtocolResult(ProtocolResult.GENERALIZATION, variant.name(), training.seed, perDomain));
                write(results, command);
            }
        }
        spec.commandLine().getOut().println(ResultsReport.markdown(results, command));
        return 0;
    }

    private ProtocolResult run(ProtocolRun run, Variant variant, String holdOut) {
        String name = RunDescription.name(variant, holdOut);
        return run.run(variant, holdOut, Path.of("target/models", name), Path.of("target/checkpoints", name), resume);
    }

    /** Rewritten after every model, so a long run leaves its results so far. */
    private void write(List<ProtocolResult> results, String command) throws Exception {
        Files.writeString(out, ResultsReport.markdown(results, command));
        String name = out.getFileName().toString().replaceFirst("\\.md$", "") + ".json";
        Files.writeString(out.resolveSibling(name), ResultsReport.json(results, command));
    }
}
