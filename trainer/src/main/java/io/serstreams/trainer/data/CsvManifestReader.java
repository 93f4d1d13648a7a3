package io.serstreams.trainer.data;

import io.serstreams.schemas.errors.ErrorText;
import io.serstreams.trainer.labels.ArousalGroup;
import io.serstreams.trainer.labels.Emotion;
import io.serstreams.trainer.labels.UtteranceLabels;
import io.serstreams.trainer.labels.ValenceGroup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A user's data listed in a CSV manifest with the header
 * {@code path,speaker,emotion,arousal,valence,domain}; paths are relative to the manifest, an
 * empty cell means unknown. Given groups override the ones the emotion implies.
 */
public final class CsvManifestReader {
    static final List<String> HEADER = List.of("path", "speaker", "emotion", "arousal", "valence", "domain");

    private CsvManifestReader() {
    }

    public static List<Utterance> read(Path manifest, DataProblems problems) {
        List<String> lines;
        try {
            lines = Files.readAllLines(manifest);
        } catch (IOException e) {
            throw new DataException("cannot read the manifest " + manifest + ": " + ErrorText.problem(e));
        }
        if (lines.isEmpty() || !Arrays.stream(lines.get(0).split(",", -1)).map(String::trim).toList().equals(HEADER)) {
            throw new DataException(manifest + ": the first line must be the header " + String.join(",", HEADER));
        }
        Path base = manifest.toAbsolutePath().getParent();
        List<Utterance> utterances = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            String where = manifest + " line " + (i + 1);
            String[] cells = lines.get(i).split(",", -1);
            if (cells.length != HEADER.size()) {
                problems.report(where, "expected " + HEADER.size() + " cells, found " + cells.length);
                continue;
            }
            Path file = base.resolve(cells[0].trim());
            if (!Files.isReadable(file)) {
                problems.report(where, "no readable audio file " + file);
                continue;
            }
            String domain = cells[5].trim();
            if (domain.isEmpty() || cells[1].isBlank()) {
                problems.report(where, "speaker and domain are required");
                continue;
            }
            Optional<Emotion> emotion = Emotion.parse(cells[2]);
            if (!cells[2].isBlank() && emotion.isEmpty()) {
                problems.report(where, "unknown emotion label '" + cells[2].trim() + "'");
                continue;
            }
            try {
                ArousalGroup arousal = group(ArousalGroup.class, cells[3], emotion.flatMap(Emotion::arousal).orElse(null));
                ValenceGroup valence = group(ValenceGroup.class, cells[4], emotion.flatMap(Emotion::valence).orElse(null));
                utterances.add(new Utterance(file, domain, cells[1].trim(), new UtteranceLabels(emotion.orElse(null), arousal, valence)));
            } catch (IllegalArgumentException e) {
                problems.report(where, e.getMessage());
            }
        }
        return utterances;
    }

    private static <E extends Enum<E>> E group(Class<E> type, String cell, E implied) {
        if (cell.isBlank()) {
            return implied;
        }
        try {
            return Enum.valueOf(type, cell.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown " + type.getSimpleName() + " '" + cell.trim() + "': use one of "
                    + Arrays.toString(type.getEnumConstants()).toLowerCase(Locale.ROOT));
        }
    }
}
