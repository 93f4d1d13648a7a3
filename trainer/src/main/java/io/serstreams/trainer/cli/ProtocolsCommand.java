package io.serstreams.trainer.cli;

import io.serstreams.trainer.data.DataProblems;
import io.serstreams.trainer.eval.DomainResult;
import io.serstreams.trainer.eval.ProtocolResult;
import io.serstreams.trainer.eval.SeedSummary;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    @Option(names = "--variants", split = ",", paramLabel = "V,V,...", description = "Train only these of SPSL, MPSL and MPGL (default: all three).")
    List<Variant> variants;

    @Option(names = "--out", paramLabel = "FILE", defaultValue = "RESULTS.md", description = "Markdown report; JSON goes beside it (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--resume", description = "Go on from each model's checkpoint in target/checkpoints where there is one (finished models are only scored again).")
    boolean resume;

    @Option(names = "--seeds", split = ",", paramLabel = "N,N,...", description = "Train every model once per seed (overrides --seed); the report "
            + "then opens with each variant's mean and spread over the seeds.")
    List<Long> seeds;

    @Option(names = "--merge", split = ",", paramLabel = "JSON,JSON,...", description = "Train nothing: write one report (--out, with the mean "
            + "and spread over seeds) from the JSON reports of earlier runs, e.g. one per seed run side by side.")
    List<Path> merge;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (merge != null) {
            List<ProtocolResult> merged = new ArrayList<>();
            for (Path file : merge) {
                if (!Files.isRegularFile(file)) {
                    throw new IllegalArgumentException("--merge: no such file " + file);
                }
                merged.addAll(ResultsReport.fromJson(Files.readString(file), file.toString()));
            }
            String command = TrainerCli.typed(spec);
            seeds = merged.stream().map(ProtocolResult::seed).distinct().toList();
            write(merged, command);
            spec.commandLine().getOut().println(report(merged, command));
            return 0;
        }
        training.validate();
        training.requireEncoders();
        DataProblems problems = data.problems();
        ProtocolRun run = new ProtocolRun(data.all(problems), data.speakerSplits(), problems, training, data.evaluatedLines());
        String command = TrainerCli.typed(spec);
        List<ProtocolResult> results = new ArrayList<>();
        for (long seed : seeds == null ? List.of(training.seed) : seeds) {
            training.seed = seed;
            for (Variant variant : chosenVariants()) {
                results.addAll(run(run, variant, null));
                write(results, command);
            }
            if (!onlyAdaptation) {
                for (Variant variant : chosenVariants()) {
                    Map<String, List<DomainResult>> perDomain = new LinkedHashMap<>();
                    for (String domain : ProtocolRun.DISCRETE_DOMAINS) {
                        for (ProtocolResult r : run(run, variant, domain)) {
                            perDomain.computeIfAbsent(r.protocol(), p -> new ArrayList<>()).addAll(r.domains());
                        }
                    }
                    perDomain.forEach((protocol, domains) -> results.add(new ProtocolResult(protocol, variant.name(), seed, domains)));
                    write(results, command);
                }
            }
        }
        spec.commandLine().getOut().println(report(results, command));
        return 0;
    }

    private List<Variant> chosenVariants() {
        return variants == null || variants.isEmpty() ? List.of(Variant.values()) : List.copyOf(new java.util.LinkedHashSet<>(variants));
    }

    private List<ProtocolResult> run(ProtocolRun run, Variant variant, String holdOut) {
        String name = RunDescription.name(variant, holdOut) + (training.encoderRunName() == null ? "" : "-" + training.encoderRunName())
                + (training.dropout > 0 ? "-dropout" + training.dropout : "") + (training.weightDecay > 0 ? "-wd" + training.weightDecay : "")
                + (training.augment > 0 ? "-augment" + training.augment : "") + (training.lineCopies ? "-lines" : "")
                + (training.descriptorStatistics == TrainingOptions.DescriptorStatistics.PER_DOMAIN ? "-perdomain" : "")
                + training.pretrainSuffix() + (seeds == null ? "" : "-seed" + training.seed)
                + (training.validation ? "-validation" : "");
        return run.runs(variant, holdOut, Path.of("target/models", name), Path.of("target/checkpoints", name), resume);
    }

    private String report(List<ProtocolResult> results, String command) {
        String full = ResultsReport.markdown(results, command);
        return seeds == null ? full : SeedSummary.markdown(results) + "\n" + full;
    }

    /** Rewritten after every model, so a long run leaves its results so far. */
    private void write(List<ProtocolResult> results, String command) throws Exception {
        Files.writeString(out, report(results, command));
        String name = out.getFileName().toString().replaceFirst("\\.md$", "") + ".json";
        Files.writeString(out.resolveSibling(name), ResultsReport.json(results, command));
    }
}
