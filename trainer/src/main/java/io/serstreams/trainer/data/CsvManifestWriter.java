package io.serstreams.trainer.data;

import io.serstreams.schemas.errors.ErrorText;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes utterances as the CSV manifest {@link CsvManifestReader} reads ({@code path,speaker,emotion,arousal,valence,domain}),
 * with absolute paths, so other tools (the stream's {@code ser stream-evaluate}) can take a corpus's labelled speakers without
 * knowing how each corpus names its labels.
 */
public final class CsvManifestWriter {
    private CsvManifestWriter() {
    }

    public static void write(Path manifest, List<Utterance> utterances) {
        List<String> lines = new ArrayList<>(utterances.size() + 1);
        lines.add(String.join(",", CsvManifestReader.HEADER));
        for (Utterance u : utterances) {
            String path = u.file().toAbsolutePath().normalize().toString();
            if (path.contains(",") || path.contains("\n")) {
                throw new DataException(u.file() + ": a path with a comma or a line break cannot go into a CSV manifest");
            }
            lines.add(String.join(",", path, u.speaker(), name(u.labels().emotion()), name(u.labels().arousal()), name(u.labels().valence()), u.domain()));
        }
        try {
            Path parent = manifest.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.write(manifest, lines);
        } catch (IOException e) {
            throw new DataException("cannot write the manifest " + manifest + ": " + ErrorText.problem(e));
        }
    }

    private static String name(Enum<?> value) {
        return value == null ? "" : value.name().toLowerCase(Locale.ROOT);
    }
}
