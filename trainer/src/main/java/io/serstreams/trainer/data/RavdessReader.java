package io.serstreams.trainer.data;

import io.serstreams.trainer.labels.Emotion;
import io.serstreams.trainer.labels.UtteranceLabels;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** RAVDESS speech: {@code MM-VV-EE-II-SS-RR-AA} names, EE the emotion code, AA the actor. */
public final class RavdessReader implements CorpusReader {
    private static final Emotion[] CODES = {null, Emotion.NEUTRAL, Emotion.CALM, Emotion.HAPPY, Emotion.SAD, Emotion.ANGRY,
            Emotion.FEAR, Emotion.DISGUST, Emotion.SURPRISE};

    @Override
    public String domain() {
        return "ravdess";
    }

    @Override
    public List<Utterance> read(Path root, DataProblems problems) {
        List<Utterance> utterances = new ArrayList<>();
        for (Path file : CorpusReader.audioFiles(root)) {
            String[] parts = CorpusReader.stem(file).split("-");
            int code = parts.length == 7 ? parseOr(parts[2], 0) : 0;
            int actor = parts.length == 7 ? parseOr(parts[6], 0) : 0;
            if (code < 1 || code >= CODES.length || actor < 1) {
                problems.report(file, "not a RAVDESS name (03-01-EE-II-SS-RR-AA with emotion EE 01-08 and actor AA)");
                continue;
            }
            utterances.add(new Utterance(file, domain(), String.format("Actor_%02d", actor), UtteranceLabels.of(CODES[code])));
        }
        return utterances;
    }

    private static int parseOr(String text, int fallback) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
