package io.serstreams.trainer.data;

import io.serstreams.trainer.labels.Emotion;
import io.serstreams.trainer.labels.UtteranceLabels;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** EMOVO: {@code emo-speaker-sentence} names with Italian emotion abbreviations. */
public final class EmovoReader implements CorpusReader {
    private static final Map<String, Emotion> CODES = Map.of(
            "dis", Emotion.DISGUST, "gio", Emotion.HAPPY, "neu", Emotion.NEUTRAL, "pau", Emotion.FEAR,
            "rab", Emotion.ANGRY, "sor", Emotion.SURPRISE, "tri", Emotion.SAD);

    @Override
    public String domain() {
        return "emovo";
    }

    @Override
    public List<Utterance> read(Path root, DataProblems problems) {
        List<Utterance> utterances = new ArrayList<>();
        for (Path file : CorpusReader.audioFiles(root)) {
            String[] parts = CorpusReader.stem(file).split("-");
            Emotion emotion = parts.length == 3 ? CODES.get(parts[0]) : null;
            if (emotion == null) {
                problems.report(file, "not an EMOVO name (emo-speaker-sentence, emo one of dis gio neu pau rab sor tri)");
                continue;
            }
            utterances.add(new Utterance(file, domain(), parts[1], UtteranceLabels.of(emotion)));
        }
        return utterances;
    }
}
