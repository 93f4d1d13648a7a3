package io.serstreams.trainer.cli;

import io.serstreams.featureextractor.features.TelephoneLine;
import io.serstreams.trainer.data.Corpora;
import io.serstreams.trainer.data.DataProblems;
import io.serstreams.trainer.data.SpeakerSplits;
import io.serstreams.trainer.data.Utterance;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;

/** Where the corpora and their speaker split are, and what to do about bad files. */
final class DataOptions {
    @Option(names = "--corpora", paramLabel = "DIR", description = "Folder holding emodb/, emovo/, ravdess/, korean/, baved/ (default: ../shared/corpora beside the project).")
    Path corpora;

    @Option(names = "--splits", paramLabel = "CSV", description = "Speaker split (default: splits.csv in the corpora folder).")
    Path splits;

    @Option(names = "--on-bad-data", defaultValue = "skip", description = "skip (report and go on) or fail (stop at the first bad file); default: ${DEFAULT-VALUE}.")
    String onBadData;

    @Option(names = "--lines", defaultValue = "wideband", split = ",", converter = LineConverter.class, paramLabel = "LINE[,LINE...]",
            description = "Score the evaluated speakers' recordings as heard over each line: wideband (as recorded), mu-law or a-law (telephone "
                    + "copies at 8 kHz through our own G.711 encoder, decoded as the pipeline decodes them); a model is trained once and "
                    + "scored on each (default: ${DEFAULT-VALUE}).")
    List<TelephoneLine> lines;

    Path corporaRoot() {
        return corpora != null ? corpora : Path.of(System.getProperty("ser.home", ".")).resolve("../shared/corpora").normalize();
    }

    SpeakerSplits speakerSplits() {
        return SpeakerSplits.load(splits != null ? splits : corporaRoot().resolve("splits.csv"));
    }

    DataProblems problems() {
        return new DataProblems(switch (onBadData) {
            case "skip" -> DataProblems.Policy.SKIP;
            case "fail" -> DataProblems.Policy.FAIL;
            default -> throw new IllegalArgumentException("--on-bad-data takes skip or fail, not " + onBadData);
        });
    }

    List<Utterance> all(DataProblems problems) {
        return Corpora.read(corporaRoot(), Corpora.domains(), problems);
    }

    /** The lines to score over, each once, in the order given. */
    List<TelephoneLine> evaluatedLines() {
        return lines == null || lines.isEmpty() ? List.of(TelephoneLine.WIDEBAND) : List.copyOf(new java.util.LinkedHashSet<>(lines));
    }

    /** {@code protocol} as scored over {@code line}: the protocol's name, with the line unless wideband. */
    static String onLine(String protocol, TelephoneLine line) {
        return line == TelephoneLine.WIDEBAND ? protocol : protocol + ", " + line.label() + " telephone copies";
    }

    /** The {@code --lines} part of a reproducing command: empty where only wideband is scored. */
    String linesArgument() {
        List<TelephoneLine> evaluated = evaluatedLines();
        return evaluated.equals(List.of(TelephoneLine.WIDEBAND)) ? "" : " --lines " + String.join(",", evaluated.stream().map(TelephoneLine::label).toList());
    }

    static final class LineConverter implements CommandLine.ITypeConverter<TelephoneLine> {
        @Override
        public TelephoneLine convert(String value) {
            try {
                return TelephoneLine.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
