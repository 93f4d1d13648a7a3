package io.serstreams.trainer.cli;

import io.serstreams.modelserver.bundle.ModelBundle;
import io.serstreams.modelserver.engine.BundleLoader;
import io.serstreams.modelserver.engine.EngineOptions;
import io.serstreams.modelserver.engine.InferenceEngine;
import io.serstreams.trainer.data.Corpora;
import io.serstreams.trainer.data.DataProblems;
import io.serstreams.trainer.data.SpeakerSplits;
import io.serstreams.trainer.data.Utterance;
import io.serstreams.trainer.eval.Evaluator;
import io.serstreams.trainer.eval.ProtocolResult;
import io.serstreams.trainer.eval.ResultsReport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code ser evaluate}: scores a bundle on the test speakers of the four discrete corpora. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Score a model bundle on the test speakers of splits.csv: per-domain macro-F1, UA, WA, confusion matrices, arousal and valence accuracy.",
        footerHeading = "%nExamples:%n",
        footer = {"  # the shipped model, as a Markdown report",
                "  ./ser evaluate --model models/mpgln",
                "  # a bundle of your own on your copy of the corpora, as JSON",
                "  ./ser evaluate --model target/models/adaptation-mpgl --json \\",
                "      --corpora /data/corpora"})
final class EvaluateCommand implements Callable<Integer> {
    @Mixin
    DataOptions data = new DataOptions();

    @Option(names = "--model", required = true, paramLabel = "DIR|ZIP", description = "Model bundle.")
    Path model;

    @Option(names = "--json", description = "Print JSON instead of Markdown.")
    boolean json;

    @Option(names = "--domains", split = ",", paramLabel = "DOMAIN[,DOMAIN...]",
            description = "Score only these corpora's test speakers (default: emodb, emovo, ravdess, korean); for a bundle trained "
                    + "without one corpus (domain generalization), name the held-out one.")
    List<String> domains;

    /** Which statistics the evaluated audio is standardised by. */
    enum Adaptation { NONE, OWN_DOMAIN, BOTH }

    @Option(names = "--adapt", paramLabel = "none|own-domain|both", defaultValue = "none", converter = AdaptationConverter.class,
            description = "none: the training pool's statistics (as served without a profile); own-domain: each domain's profile made "
                    + "from the unlabelled audio of its evaluated speakers, as heard over the line (unsupervised adaptation); both "
                    + "(default: ${DEFAULT-VALUE}).")
    Adaptation adapt;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        List<String> evaluated = domains == null ? List.of("emodb", "emovo", "ravdess", "korean") : domains;
        for (String domain : evaluated) {
            if (!Corpora.domains().contains(domain) || domain.equals("baved")) {
                throw new IllegalArgumentException("--domains: '" + domain + "' is not a corpus with emotion labels (emodb, emovo, ravdess, korean)");
            }
        }
        DataProblems problems = data.problems();
        SpeakerSplits splits = data.speakerSplits();
        List<Utterance> test = data.all(problems).stream()
                .filter(u -> evaluated.contains(u.domain()) && splits.isTest(u)).toList();
        // No stand-in model: scoring another model than the one named would be wrong; nor a download (the user fetches the encoder).
        ModelBundle bundle = BundleLoader.configured(false, null, spec.commandLine().getErr()::println).load(model);
        try (InferenceEngine engine = InferenceEngine.open(bundle, EngineOptions.cpu())) {
            List<ProtocolResult> results = new java.util.ArrayList<>();
            // A bundle that never saw an evaluated corpus is scored under domain generalization.
            String protocol = engine.manifest().labels().domains().containsAll(evaluated) ? ProtocolResult.ADAPTATION : ProtocolResult.GENERALIZATION;
            for (var line : data.evaluatedLines()) {
                List<Utterance> heard = Utterance.heardOver(test, line);
                if (adapt == Adaptation.NONE) {
                    results.add(new ProtocolResult(DataOptions.onLine(protocol, line), engine.manifest().version(), 0,
                            Evaluator.evaluate(engine, heard, problems)));
                    continue;
                }
                // The pool's readings come with the profiles at no extra cost: --adapt own-domain leaves them out of the report only.
                Evaluator.Adapted adapted = Evaluator.evaluateWithOwnProfiles(engine, heard, problems);
                adapted.profiles().values().forEach(p -> spec.commandLine().getErr().println("ser evaluate: " + line.label() + ": " + p.describe()));
                if (adapt == Adaptation.BOTH) {
                    results.add(new ProtocolResult(DataOptions.onLine(protocol, line), engine.manifest().version(), 0, adapted.pool()));
                }
                results.add(new ProtocolResult(DataOptions.onLine(protocol + ProtocolResult.OWN_PROFILE, line), engine.manifest().version(), 0,
                        adapted.ownProfile()));
            }
            String command = "./ser evaluate --model " + model + (domains == null ? "" : " --domains " + String.join(",", domains)) + data.linesArgument()
                    + (adapt == Adaptation.NONE ? "" : " --adapt " + KebabCaseConverter.label(adapt));
            spec.commandLine().getOut().println(json ? ResultsReport.json(results, command) : ResultsReport.markdown(results, command));
        }
        return 0;
    }

    static final class AdaptationConverter extends KebabCaseConverter<Adaptation> {
        AdaptationConverter() {
            super(Adaptation.class);
        }
    }
}
