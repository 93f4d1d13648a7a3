package io.serstreams.streamprocessor.evaluation;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The manifest ser manifest writes, read by its column names; every fault in one line naming where. */
class LabelledManifestTest {
    @TempDir
    Path dir;

    @Test
    void readsPathSpeakerAndEmotionByTheirColumnsWithPathsRelativeToTheManifest() throws Exception {
        Files.writeString(dir.resolve("a.wav"), "x");
        Path manifest = Files.writeString(dir.resolve("m.csv"), "path,speaker,emotion,arousal,valence,domain\na.wav,03,Angry,high,negative,emodb\n\n"
                + dir.resolve("a.wav") + ",08,,,,emodb\n");
        assertThat(LabelledManifest.read(manifest)).containsExactly(new LabelledClip(dir.resolve("a.wav"), "03", "angry"),
                new LabelledClip(dir.resolve("a.wav"), "08", ""));
    }

    @Test
    void aBadManifestFailsInOneLineSayingWhere() throws Exception {
        Files.writeString(dir.resolve("a.wav"), "x");
        Path noColumn = Files.writeString(dir.resolve("n.csv"), "path,emotion\na.wav,sad\n");
        assertThatThrownBy(() -> LabelledManifest.read(noColumn)).hasMessage(noColumn + ": the header path,emotion has no column 'speaker'");
        Path missing = Files.writeString(dir.resolve("m.csv"), "path,speaker,emotion\nnone.wav,1,sad\n");
        assertThatThrownBy(() -> LabelledManifest.read(missing)).hasMessageStartingWith(missing + " line 2: no readable audio file");
        Path cells = Files.writeString(dir.resolve("c.csv"), "path,speaker,emotion\na.wav,1\n");
        assertThatThrownBy(() -> LabelledManifest.read(cells)).hasMessage(cells + " line 2: 2 cells where the header has 3");
        Path speaker = Files.writeString(dir.resolve("s.csv"), "path,speaker,emotion\na.wav, ,sad\n");
        assertThatThrownBy(() -> LabelledManifest.read(speaker)).hasMessageContaining("line 2: the speaker is empty");
        Path empty = Files.writeString(dir.resolve("e.csv"), "path,speaker,emotion\n");
        assertThatThrownBy(() -> LabelledManifest.read(empty)).hasMessage(empty + " lists no clips");
        assertThatThrownBy(() -> LabelledManifest.read(dir.resolve("absent.csv"))).hasMessageStartingWith("cannot read the manifest");
    }
}
