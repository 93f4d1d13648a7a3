package io.serstreams.streamprocessor.evaluation;

import io.serstreams.schemas.errors.ErrorText;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Reads the labelled clips of a CSV manifest as {@code ./ser manifest} writes it: a header naming at least the
 * columns {@code path}, {@code speaker} and {@code emotion} (others are ignored), paths absolute or relative to the
 * manifest. A bad manifest fails in one line naming the file, the line and what is wrong.
 */
public final class LabelledManifest {
    private LabelledManifest() {
    }

    public static List<LabelledClip> read(Path manifest) {
        List<String> lines;
        try {
            lines = Files.readAllLines(manifest);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the manifest " + manifest + ": " + ErrorText.problem(e));
        }
        if (lines.isEmpty()) {
            throw new IllegalArgumentException(manifest + " is empty: it needs a header with the columns path,speaker,emotion");
        }
        List<String> header = Arrays.stream(lines.get(0).split(",", -1)).map(h -> h.trim().toLowerCase(Locale.ROOT)).toList();
        int path = column(manifest, header, "path");
        int speaker = column(manifest, header, "speaker");
        int emotion = column(manifest, header, "emotion");
        Path base = manifest.toAbsolutePath().getParent();
        List<LabelledClip> clips = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            String[] cells = lines.get(i).split(",", -1);
            String where = manifest + " line " + (i + 1);
            if (cells.length != header.size()) {
                throw new IllegalArgumentException(where + ": " + cells.length + " cells where the header has " + header.size());
            }
            Path file = base.resolve(cells[path].trim());
            if (!Files.isReadable(file)) {
                throw new IllegalArgumentException(where + ": no readable audio file " + file);
            }
            if (cells[speaker].isBlank()) {
                throw new IllegalArgumentException(where + ": the speaker is empty (calls are made of one speaker's clips)");
            }
            clips.add(new LabelledClip(file, cells[speaker].trim(), cells[emotion].trim().toLowerCase(Locale.ROOT)));
        }
        if (clips.isEmpty()) {
            throw new IllegalArgumentException(manifest + " lists no clips");
        }
        return clips;
    }

    private static int column(Path manifest, List<String> header, String name) {
        int index = header.indexOf(name);
        if (index < 0) {
            throw new IllegalArgumentException(manifest + ": the header " + String.join(",", header) + " has no column '" + name + "'");
        }
        return index;
    }
}
