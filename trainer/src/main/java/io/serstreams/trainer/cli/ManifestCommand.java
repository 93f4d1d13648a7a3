package io.serstreams.trainer.cli;

import io.serstreams.trainer.data.Corpora;
import io.serstreams.trainer.data.CsvManifestWriter;
import io.serstreams.trainer.data.DataProblems;
import io.serstreams.trainer.data.SpeakerSplits;
import io.serstreams.trainer.data.Utterance;
import io.serstreams.trainer.data.ValidationSplit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code ser manifest}: one side of the speaker split of some corpora as a CSV manifest with
 * absolute paths and the labels the corpora's own naming gives; the stream's {@code ser stream-evaluate}
 * replays such a manifest as calls.
 */
@Command(name = "manifest", mixinStandardHelpOptions = true,
        description = "Write the labelled recordings of one side of splits.csv (test, train or validation speakers) as a CSV manifest "
                + "(path,speaker,emotion,arousal,valence,domain).",
        footerHeading = "%nExample:%n",
        footer = "  ./ser manifest --domains emodb --speakers test --out target/manifests/emodb-test.csv")
public final class ManifestCommand implements Callable<Integer> {
    /** Which speakers: splits.csv's test side, its train side less validation, or the validation speakers drawn from the train side. */
    enum Speakers { TEST, TRAIN, VALIDATION }

    @Mixin
    DataOptions data = new DataOptions();

    @Option(names = "--domains", split = ",", required = true, paramLabel = "DOMAIN[,DOMAIN...]", description = "Corpora to list (emodb, emovo, ravdess, korean, baved).")
    List<String> domains;

    @Option(names = "--speakers", defaultValue = "test", paramLabel = "test|train|validation", converter = SpeakersConverter.class,
            description = "Side of the speaker split: test, train (less the validation speakers) or validation (default: ${DEFAULT-VALUE}).")
    Speakers side;

    @Option(names = "--out", required = true, paramLabel = "CSV", description = "Manifest to write.")
    Path out;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        for (String domain : domains) {
            Corpora.reader(domain);
        }
        DataProblems problems = data.problems();
        SpeakerSplits splits = data.speakerSplits();
        List<Utterance> read = Corpora.read(data.corporaRoot(), domains, problems);
        List<Utterance> trainSide = read.stream().filter(u -> !splits.isTest(u)).toList();
        Set<String> validation = ValidationSplit.speakers(trainSide);
        List<Utterance> chosen = switch (side) {
            case TEST -> read.stream().filter(splits::isTest).toList();
            case TRAIN -> trainSide.stream().filter(u -> !ValidationSplit.isValidation(validation, u)).toList();
            case VALIDATION -> trainSide.stream().filter(u -> ValidationSplit.isValidation(validation, u)).toList();
        };
        if (chosen.isEmpty()) {
            throw new IllegalArgumentException("no recordings of " + KebabCaseConverter.label(side) + " speakers in " + domains);
        }
        CsvManifestWriter.write(out, chosen);
        long speakerCount = chosen.stream().map(u -> u.domain() + "/" + u.speaker()).distinct().count();
        spec.commandLine().getErr().printf("ser manifest: %d recordings of %d %s speakers written to %s%n", chosen.size(), speakerCount,
                KebabCaseConverter.label(side), out);
        return 0;
    }

    static final class SpeakersConverter extends KebabCaseConverter<Speakers> {
        SpeakersConverter() {
            super(Speakers.class);
        }
    }
}
