package io.serstreams.trainer.data;

import io.serstreams.trainer.labels.Emotion;
import io.serstreams.trainer.labels.UtteranceLabels;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Berlin EmoDB: {@code SSTTTEV} names, SS speaker, E the German emotion letter. */
public final class EmoDbReader implements CorpusReader {
    private static final Map<Character, Emotion> LETTERS = Map.of(
            'W', Emotion.ANGRY, 'L', Emotion.BOREDOM, 'E', Emotion.DISGUST, 'A', Emotion.FEAR,
            'F', Emotion.HAPPY, 'T', Emotion.SAD, 'N', Emotion.NEUTRAL);

    @Override
    public String domain() {
        return "emodb";
    }

    @Override
    public List<Utterance> read(Path root, DataProblems problems) {
        List<Utterance> utterances = new ArrayList<>();
        for (Path file : CorpusReader.audioFiles(root)) {
            String stem = CorpusReader.stem(file);
            Emotion emotion = stem.length() == 7 ? LETTERS.get(stem.charAt(5)) : null;
            if (emotion == null) {
                problems.report(file, "not an EmoDB name (SSTTTEV with emotion letter W, L, E, A, F, T or N)");
                continue;
            }
            utterances.add(new Utterance(file, domain(), stem.substring(0, 2), UtteranceLabels.of(emotion)));
        }
        return utterances;
    }
}
