package io.serstreams.trainer.data;

import io.serstreams.trainer.labels.Emotion;
import io.serstreams.trainer.labels.UtteranceLabels;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A user's data as one folder per emotion ({@code root/angry/*.wav}). Without speaker ids, the
 * folder one level down names the speaker when there is one ({@code root/angry/spk7/a.wav}), else
 * the file's name up to its first '-' or '_' does.
 */
public final class FolderPerLabelReader implements CorpusReader {
    private final String domain;

    public FolderPerLabelReader(String domain) {
        this.domain = domain;
    }

    @Override
    public String domain() {
        return domain;
    }

    @Override
    public List<Utterance> read(Path root, DataProblems problems) {
        List<Utterance> utterances = new ArrayList<>();
        for (Path file : CorpusReader.audioFiles(root)) {
            Path relative = root.relativize(file);
            if (relative.getNameCount() < 2) {
                problems.report(file, "not inside a label folder");
                continue;
            }
            String label = relative.getName(0).toString();
            Optional<Emotion> emotion = Emotion.parse(label);
            if (emotion.isEmpty()) {
                problems.report(file, "unknown emotion label '" + label + "'");
                continue;
            }
            String speaker = relative.getNameCount() > 2 ? relative.getName(1).toString() : CorpusReader.stem(file).split("[-_]")[0];
            utterances.add(new Utterance(file, domain, speaker, UtteranceLabels.of(emotion.get())));
        }
        return utterances;
    }
}
