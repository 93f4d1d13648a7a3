package io.serstreams.trainer.data;

import io.serstreams.trainer.labels.UtteranceLabels;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * BAVED: {@code speaker-gender-age-word-level-record} names. The level (0 low, 1 neutral, 2 high
 * arousal) is its only label: no discrete emotion and no valence.
 */
public final class BavedReader implements CorpusReader {

    @Override
    public String domain() {
        return "baved";
    }

    @Override
    public List<Utterance> read(Path root, DataProblems problems) {
        List<Utterance> utterances = new ArrayList<>();
        for (Path file : CorpusReader.audioFiles(root)) {
            String[] parts = CorpusReader.stem(file).split("-");
            if (parts.length != 6 || !parts[4].matches("[012]") || !parts[0].matches("\\d+")) {
                problems.report(file, "not a BAVED name (speaker-gender-age-word-level-record with level 0, 1 or 2)");
                continue;
            }
            utterances.add(new Utterance(file, domain(), parts[0], UtteranceLabels.arousalLevel(Integer.parseInt(parts[4]))));
        }
        return utterances;
    }
}
