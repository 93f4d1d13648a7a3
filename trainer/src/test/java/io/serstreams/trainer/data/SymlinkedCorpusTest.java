package io.serstreams.trainer.data;

import io.serstreams.trainer.testing.TestWav;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A corpus folder, or a folder inside one, that is a symbolic link reads like the folder it points to. */
class SymlinkedCorpusTest {
    @TempDir
    Path dir;

    /** Half a second of a 16 kHz tone as a real WAV file. */
    private static void wav(Path file) throws IOException {
        float[] tone = new float[8000];
        for (int i = 0; i < tone.length; i++) {
            tone[i] = (float) (8000 / 32767.0 * Math.sin(2 * Math.PI * 200 * i / 16000.0));
        }
        TestWav.write(file, tone, 16000);
    }

    /** Two EmoDB files and two RAVDESS files of one actor, stored outside the corpora folder. */
    private Path storedCorpora() throws IOException {
        Path store = dir.resolve("store");
        wav(store.resolve("emodb/wav/03a01Wa.wav"));
        wav(store.resolve("emodb/wav/08b02Tc.wav"));
        wav(store.resolve("actors/Actor_01/03-01-05-01-01-01-01.wav"));
        wav(store.resolve("actors/Actor_01/03-01-03-02-02-01-01.wav"));
        return store;
    }

    @Test
    void linkedCorpusFoldersAndLinkedFoldersInsideThemAreRead() throws IOException {
        Path store = storedCorpora();
        Path corpora = Files.createDirectories(dir.resolve("corpora"));
        Files.createSymbolicLink(corpora.resolve("emodb"), store.resolve("emodb"));
        Files.createDirectories(corpora.resolve("ravdess"));
        Files.createSymbolicLink(corpora.resolve("ravdess/Actor_01"), store.resolve("actors/Actor_01"));

        DataProblems problems = new DataProblems(DataProblems.Policy.FAIL);
        List<Utterance> read = Corpora.read(corpora, List.of("emodb", "ravdess"), problems);

        assertThat(read).extracting(u -> u.domain() + "/" + u.speaker() + "/" + u.labels().emotion())
                .containsExactly("emodb/03/ANGRY", "emodb/08/SAD", "ravdess/Actor_01/HAPPY", "ravdess/Actor_01/ANGRY");
        assertThat(read.get(0).file()).startsWith(corpora.resolve("emodb"));
        assertThat(problems.reported()).isEmpty();
    }

    @Test
    void aLinkLoopIsNamedNotWalkedForever() throws IOException {
        Path corpus = Files.createDirectories(dir.resolve("corpora/emodb/wav"));
        wav(corpus.resolve("03a01Wa.wav"));
        Files.createSymbolicLink(corpus.resolve("again"), dir.resolve("corpora/emodb"));
        assertThatThrownBy(() -> new EmoDbReader().read(dir.resolve("corpora/emodb"), new DataProblems(DataProblems.Policy.SKIP)))
                .isInstanceOf(DataException.class).hasMessageContaining("cannot list the corpus folder").hasMessageContaining("symbolic link loop");
    }
}
