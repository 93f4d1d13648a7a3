package io.serstreams.trainer.data;

import io.serstreams.schemas.errors.ErrorText;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** Reads one corpus in its original layout and file naming into labelled utterances. */
public interface CorpusReader {

    /** The domain name of the corpus's utterances. */
    String domain();

    /**
     * Every labelled utterance under {@code root} (the corpus's own folder); files whose names
     * carry no usable label are reported to {@code problems}.
     */
    List<Utterance> read(Path root, DataProblems problems);

    /**
     * Audio files (WAV or FLAC) under a folder, sorted, so every run sees the same order. Symbolic
     * links to folders are followed, the folder itself included: a corpus is often a link to where
     * it is stored, and {@link Files#walk} would otherwise return the link alone.
     */
    static List<Path> audioFiles(Path root) {
        if (!Files.isDirectory(root)) {
            throw new DataException(root + ": no such corpus folder");
        }
        try (Stream<Path> files = Files.walk(root, FileVisitOption.FOLLOW_LINKS)) {
            return files.filter(Files::isRegularFile).filter(CorpusReader::isAudio).sorted().toList();
        } catch (IOException | UncheckedIOException e) {
            // A link loop (FileSystemLoopException) or an unreadable folder, met while walking.
            throw new DataException(root + ": cannot list the corpus folder: " + ErrorText.of(e));
        }
    }

    static boolean isAudio(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".wav") || name.endsWith(".flac");
    }

    /** A file's name without its extension. */
    static String stem(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? name : name.substring(0, dot);
    }
}
