package io.serstreams.streamprocessor.replay;

import io.serstreams.featureextractor.audio.AudioFiles;
import io.serstreams.featureextractor.features.Resampling;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Turns spoken by RAVDESS actors: for each turn, the clip of the cast actor with the turn's
 * emotion, intensity, statement and repetition, from a copy of the corpus in its original layout
 * ({@code Actor_XX/03-01-EE-II-SS-RR-XX.wav}; FLAC copies with the same names are read as well).
 */
public final class RavdessTurns implements TurnVoices {
    private static final int RATE = 16000;

    private final Path root;

    private RavdessTurns(Path root) {
        this.root = root;
    }

    /**
     * The RAVDESS copy at {@code dir} (or at {@code dir/ravdess} when {@code dir} is a folder of corpora).
     *
     * @throws IllegalArgumentException when {@code dir} is missing or holds no actor folders
     */
    public static RavdessTurns in(Path dir) {
        Path root = Files.isDirectory(dir.resolve("ravdess")) ? dir.resolve("ravdess") : dir;
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException("no RAVDESS corpus at " + dir + ": no such folder");
        }
        try (Stream<Path> entries = Files.list(root)) {
            if (entries.noneMatch(p -> Files.isDirectory(p) && p.getFileName().toString().matches("Actor_\\d\\d"))) {
                throw new IllegalArgumentException("no RAVDESS corpus at " + dir + ": expected its original layout, Actor_01 ... Actor_24 folders of "
                        + "03-01-*.wav (or .flac) clips");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root, e);
        }
        return new RavdessTurns(root.toAbsolutePath().normalize());
    }

    /** Whether {@code corpora} (a folder of corpora, as ../shared/corpora) holds a RAVDESS copy. */
    public static boolean presentIn(Path corpora) {
        return Files.isDirectory(corpora.resolve("ravdess"));
    }

    @Override
    public List<float[]> speak(CallScript script) {
        return script.turns().stream().map(turn -> read(clip(script.cast(turn.party()).ravdessActor(), turn))).toList();
    }

    @Override
    public String key() {
        return "ravdess-" + Integer.toHexString(root.toString().hashCode());
    }

    @Override
    public String provenance() {
        return "RAVDESS clips of test speakers (actors 21 to 24) from " + root;
    }

    private Path clip(int actor, CallScript.Turn turn) {
        String stem = String.format(Locale.ROOT, "Actor_%02d/03-01-%02d-%02d-%02d-%02d-%02d", actor, turn.delivery().ravdessEmotion(),
                turn.delivery().ravdessIntensity(), turn.statement(), turn.repetition(), actor);
        for (String extension : List.of(".wav", ".flac")) {
            Path path = root.resolve(stem + extension);
            if (Files.isRegularFile(path)) {
                return path;
            }
        }
        throw new IllegalArgumentException("RAVDESS copy at " + root + " lacks " + stem + ".wav (or .flac), a clip the demo's calls use");
    }

    private static float[] read(Path clip) {
        var audio = AudioFiles.read(clip);
        return Resampling.resample(audio.channels()[0], audio.sampleRate(), RATE);
    }
}
