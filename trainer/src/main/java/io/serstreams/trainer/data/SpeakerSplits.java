package io.serstreams.trainer.data;

import io.serstreams.schemas.errors.ErrorText;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The speaker-independent split of {@code splits.csv} ({@code corpus,speaker,split}): the speakers
 * marked {@code test} are never trained on when a model is evaluated on them.
 */
public final class SpeakerSplits {
    /** Which side of the split a speaker is on. */
    public enum Split { TRAIN, TEST }

    private final Path source;
    private final Map<String, Split> splits;

    private SpeakerSplits(Path source, Map<String, Split> splits) {
        this.source = source;
        this.splits = splits;
    }

    public static SpeakerSplits load(Path csv) {
        List<String> lines;
        try {
            lines = Files.readAllLines(csv);
        } catch (IOException e) {
            throw new DataException(csv + ": cannot read the splits file: " + ErrorText.problem(e));
        }
        if (lines.isEmpty() || !lines.get(0).trim().equals("corpus,speaker,split")) {
            throw new DataException(csv + ": the first line must be the header corpus,speaker,split");
        }
        Map<String, Split> splits = new HashMap<>();
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            String[] cells = lines.get(i).split(",");
            if (cells.length != 3 || !(cells[2].trim().equals("train") || cells[2].trim().equals("test"))) {
                throw new DataException(csv + " line " + (i + 1) + ": expected corpus,speaker,train|test");
            }
            splits.put(key(cells[0].trim(), cells[1].trim()), cells[2].trim().equals("test") ? Split.TEST : Split.TRAIN);
        }
        return new SpeakerSplits(csv, splits);
    }

    /** The side of an utterance's speaker; a speaker the file does not list is an error, never a guess. */
    public Split of(Utterance utterance) {
        Split split = splits.get(key(utterance.domain(), utterance.speaker()));
        if (split == null) {
            throw new DataException(source + ": no split for speaker '" + utterance.speaker() + "' of " + utterance.domain()
                    + " (needed by " + utterance.file() + ")");
        }
        return split;
    }

    public boolean isTest(Utterance utterance) {
        return of(utterance) == Split.TEST;
    }

    private static String key(String corpus, String speaker) {
        return corpus + '\u0000' + speaker;
    }
}
