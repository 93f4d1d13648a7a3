package io.serstreams.trainer.data;

import io.serstreams.trainer.labels.Emotion;
import io.serstreams.trainer.labels.UtteranceLabels;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The Korean emotional TTS corpus: {@code SPKnnnnn} names, 1-100 neutral, 101-200 happy, 201-300 angry, 301-400 sad. */
public final class KoreanReader implements CorpusReader {
    private static final Pattern NAME = Pattern.compile("([a-z]{3})(\\d{5})");
    private static final Emotion[] BY_HUNDRED = {Emotion.NEUTRAL, Emotion.HAPPY, Emotion.ANGRY, Emotion.SAD};

    @Override
    public String domain() {
        return "korean";
    }

    @Override
    public List<Utterance> read(Path root, DataProblems problems) {
        List<Utterance> utterances = new ArrayList<>();
        for (Path file : CorpusReader.audioFiles(root)) {
            Matcher m = NAME.matcher(CorpusReader.stem(file));
            int number = m.matches() ? Integer.parseInt(m.group(2)) : 0;
            if (number < 1 || number > 400) {
                problems.report(file, "not a Korean corpus name (speaker and a number 00001-00400)");
                continue;
            }
            utterances.add(new Utterance(file, domain(), m.group(1), UtteranceLabels.of(BY_HUNDRED[(number - 1) / 100])));
        }
        return utterances;
    }
}
