package io.serstreams.trainer.cli;

import io.serstreams.trainer.data.Corpora;
import io.serstreams.trainer.data.DataProblems;
import io.serstreams.trainer.data.SpeakerSplits;
import io.serstreams.trainer.data.Utterance;
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
}
